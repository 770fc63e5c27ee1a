import AnnuaireParsing
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// `annuaire sync` without the command line: fetches every source (conditional requests,
/// resumption, verification, retries within a window), checks that the PS_LibreAcces files of the
/// night agree on their date, and only then moves the new files into the archive, all together:
/// a sync that fails leaves the archive as it was.
package struct Synchronizer: Sendable {
    package var sources: [SyncSource]
    package var archive: Archive
    package var retry: RetryPolicy
    /// Seconds without a byte before an attempt fails (a stalled server).
    package var readTimeout: Double = 60
    /// Seconds for the TCP (and TLS) connection.
    package var connectTimeout: Double = 30
    /// Seconds one attempt may take in all.
    package var requestTimeout: Double = 4 * 3600
    /// A PEM file of roots trusted besides the system's (the IGC-Santé chain).
    package var caFile: String?
    /// The extract times of the current snapshot per family, against which a partial night's
    /// PS_LibreAcces dates are checked.
    package var baseExtractTimes: [Family: ExtractTime] = [:]
    /// Called with every event (attempts and their reasons, progress); from any thread, one at a time.
    package var report: @Sendable (SyncEvent) -> Void = { _ in }

    package init(sources: [SyncSource], dataDirectory: String, retry: RetryPolicy = RetryPolicy()) {
        self.sources = sources
        self.archive = Archive(dataDirectory: dataDirectory)
        self.retry = retry
    }

    /// What a sync did.
    package struct Outcome: Sendable, Equatable {
        /// The files archived tonight (to ingest), in the order of the sources.
        package var archived: [Archive.Item]
        /// The sources with nothing new.
        package var unchanged: [String]
    }

    /// Fetches every source; throws the first failure that outlived the retry window (the
    /// archive then unchanged).
    package func run() async throws -> Outcome {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw SyncError.file(path: caFile, detail: "cannot read the CA file given with --ca-file")
            }
            tls.additionalTrustRoots = [.file(caFile)]
        }
        let configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .follow(max: 10, allowCycles: false),
            timeout: .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(readTimeout * 1000))),
            decompression: .disabled)
        let lock = try StagingLock(archive.staging)
        defer { lock.release() }
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        let downloader = Downloader(
            client: client, archive: archive, requestTimeout: requestTimeout, readTimeout: readTimeout, report: report)
        var staged: [String: StagedFile] = [:]
        do {
            let outcome = try await fetchAll(downloader, staged: &staged)
            try await client.shutdown()
            return outcome
        } catch {
            for file in staged.values { unlink(file.path) }
            try? await client.shutdown()
            throw error
        }
    }

    private func fetchAll(_ downloader: Downloader, staged: inout [String: StagedFile]) async throws -> Outcome {
        let deadline = monotonic() + retry.windowSeconds
        var round = 1
        while true {
            for source in sources {
                let previous = (staged[source.url]?.record ?? archive.latest(url: source.url)?.record).map {
                    Downloader.Validators(
                        etag: $0.header("ETag"), lastModified: $0.header("Last-Modified"), sha1: $0.sha1,
                        fileName: $0.header("Content-Disposition") != nil ? $0.fileName : nil)
                }
                if case .downloaded(let file) = try await fetch(source, previous: previous, downloader: downloader, deadline: deadline) {
                    if let old = staged[source.url], old.path != file.path { unlink(old.path) }
                    staged[source.url] = file
                }
            }
            guard let mixed = mixedNight(Array(staged.values)) else { break }
            let delay = retry.delay(afterAttempt: round)
            let willRetry = retry.allowsAnother(afterAttempt: round, delay: delay, now: monotonic(), deadline: deadline)
            report(.failed(url: "PS_LibreAcces night", number: round, reason: mixed.description, delaySeconds: willRetry ? delay : nil))
            guard willRetry else { throw mixed }
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            round += 1
        }
        var archived: [Archive.Item] = []
        var unchanged: [String] = []
        for source in sources {
            guard let file = staged[source.url] else {
                unchanged.append(source.url)
                continue
            }
            let path = try archive.commit(file)
            staged[source.url] = nil
            archived.append(Archive.Item(path: path, record: file.record))
        }
        return Outcome(archived: archived, unchanged: unchanged)
    }

    /// One source, attempt after attempt, until it answers or the window closes.
    private func fetch(_ source: SyncSource, previous: Downloader.Validators?, downloader: Downloader, deadline: Double) async throws
        -> Downloader.Outcome
    {
        var number = 1
        while true {
            report(.attempt(url: source.url, number: number))
            do {
                return try await downloader.attempt(source, previous: previous)
            } catch {
                let failure = downloader.classify(error, url: source.url)
                let delay = retry.delay(afterAttempt: number)
                let willRetry =
                    failure.isTransient && retry.allowsAnother(afterAttempt: number, delay: delay, now: monotonic(), deadline: deadline)
                report(.failed(url: source.url, number: number, reason: failure.description, delaySeconds: willRetry ? delay : nil))
                guard willRetry else { throw failure }
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                number += 1
            }
        }
    }

    /// The three PS_LibreAcces families of the night (tonight's files, else the snapshot's) must
    /// share their extract date (Paris); the error names each file and its date.
    func mixedNight(_ staged: [StagedFile]) -> SyncError? {
        let families: [Family] = [.personneActivite, .diplomes, .savoirFaire]
        var dated: [(String, String)] = []
        var anyTonight = false
        for family in families {
            if let file = staged.first(where: { $0.folder == family.rawValue }) {
                anyTonight = true
                dated.append((file.record.fileName, String(file.record.extractTime.description.prefix(10))))
            } else if let time = baseExtractTimes[family] {
                dated.append(("\(family.rawValue) in the snapshot", String(time.description.prefix(10))))
            }
        }
        guard anyTonight, Set(dated.map(\.1)).count > 1 else { return nil }
        return .mixedNight(files: dated.map { "\($0.0) of \($0.1)" })
    }
}
