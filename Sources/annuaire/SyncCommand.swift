import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSync
import ArgumentParser
import Foundation

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the night's extraction files, keep them in the archive, and ingest what is new.",
        discussion: """
            For each source, a conditional request (If-None-Match, else If-Modified-Since); a new \
            file is downloaded under partial/ in the data directory, resumed with Range after an \
            interruption, its length and (where published) SHA-1 checked, then moved with the \
            response's headers into archive/<family>/<extract time>-<name>. When anything new \
            arrived, one ingest against the current snapshot (absent families carried over), then \
            the status summary. Transient failures are retried with back-off within --retry-for; \
            a sync that fails leaves the snapshot and the archive as they were.

            Sources: the five data.gouv.fr stable URLs by default; --source ans for the ANS web \
            service's three zips (with --ca-file for the IGC-Santé chain); --url for any mirror. \
            --save writes the choice to sources.json in the data directory, which a bare \
            `annuaire sync` then reads.

            Exit status: 0 up to date or ingested; \(SyncCommand.failedExitCode) failed (after \
            retries); \(StatusCommand.staleExitCode) the snapshot is stale after the sync (as \
            `status --check`).
            """
    )

    static let failedExitCode: Int32 = 1

    @OptionGroup var location: DataLocation
    @OptionGroup var freshness: PolicyOptions

    @Option(help: ArgumentHelp("data.gouv (the five unzipped files) or ans (the web service's three zips).", valueName: "name"))
    var source: String?

    @Option(
        name: .customLong("url"), help: ArgumentHelp("Fetch this URL instead (repeatable): a mirror, an internal server.", valueName: "URL")
    )
    var urls: [String] = []

    @Option(
        help: ArgumentHelp("PEM file of roots to trust besides the system's (the IGC-Santé chain of the ANS service).", valueName: "file"))
    var caFile: String?

    @Flag(help: "Write the sources chosen (and --ca-file) to sources.json in the data directory.")
    var save = false

    @Option(help: ArgumentHelp("Retry transient failures within this window (e.g. 30m, 2h; 0 tries once).", valueName: "duration"))
    var retryFor = "30m"

    @Option(help: ArgumentHelp("Nights of files the archive keeps (never the current snapshot's).", valueName: "N"))
    var keep = 7

    @Option(help: ArgumentHelp("Seconds without a byte before an attempt fails.", valueName: "seconds"))
    var readTimeout: Double = 60

    @Option(help: .hidden)
    var retryBase: Double = 2

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        if let source, SyncCommand.named(source) == nil { throw ValidationError("--source \(source) is not data.gouv or ans.") }
        if source != nil && !urls.isEmpty { throw ValidationError("give --source or --url, not both.") }
        if keep < 1 { throw ValidationError("--keep \(keep): keep at least one night.") }
        if (try? window()) == nil { throw ValidationError("--retry-for \(retryFor) is not a duration (e.g. 30m, 2h, 0).") }
        if readTimeout <= 0 { throw ValidationError("--read-timeout must be positive.") }
    }

    static func named(_ name: String) -> [SyncSource]? {
        switch name.lowercased() {
        case "data.gouv", "datagouv", "data.gouv.fr": SyncSource.dataGouv
        case "ans": SyncSource.ans
        default: nil
        }
    }

    private func window() throws -> Double { try Double(retryFor) ?? Double(duration(retryFor)) }

    func run() throws {
        LargeAllocations.returnToSystemWhenFreed()
        let directory = location.directory
        let saved = try SourcesFile.load(dataDirectory: directory)
        let sources: [SyncSource] =
            !urls.isEmpty ? urls.map { SyncSource(url: $0) } : source.flatMap(SyncCommand.named) ?? saved?.sources ?? SyncSource.dataGouv
        let ca = caFile ?? saved?.caFile
        if save {
            try SourcesFile(sources: sources, caFile: ca).save(dataDirectory: directory)
            if !quiet && !json { print("saved \(sources.count) sources to \(SourcesFile.path(dataDirectory: directory))") }
        }
        let snapshotPath = location.snapshotPath
        // The snapshot's provenance, whatever format it is (one of an older annuaire is ingested over).
        let base = FileManager.default.fileExists(atPath: snapshotPath) ? try? Snapshot.provenance(at: snapshotPath) : nil

        var synchronizer = Synchronizer(
            sources: sources, dataDirectory: directory, retry: RetryPolicy(windowSeconds: try window(), baseDelaySeconds: retryBase))
        synchronizer.caFile = ca
        synchronizer.readTimeout = readTimeout
        synchronizer.baseExtractTimes = base?.newestExtractTimes ?? [:]
        let printer = SyncPrinter(quiet: quiet || json, bar: !quiet && !json && isatty(2) != 0)
        synchronizer.report = { printer.handle($0) }
        let start = monotonicSeconds()
        let outcome: Synchronizer.Outcome
        do {
            let configured = synchronizer
            outcome = try runBlocking { try await configured.run() }
        } catch {
            printer.clear()
            if json { print(try jsonText(SyncOutput(result: "failed", error: String(describing: error)))) }
            printError("sync failed: \(error)")
            throw ExitCode(Self.failedExitCode)
        }
        printer.clear()
        var output = SyncOutput(result: "up to date")
        output.downloaded = outcome.archived.map(DownloadOutput.init)
        output.unchanged = outcome.unchanged
        if outcome.archived.isEmpty {
            if !quiet && !json {
                print("up to date: nothing new at \(sources.count) sources (\((monotonicSeconds() - start).fixed(1)) s); no ingest")
            }
        } else {
            if !quiet && !json {
                let bytes = outcome.archived.reduce(Int64(0)) { $0 + $1.record.bytes }
                print(
                    "downloaded \(outcome.archived.count) of \(sources.count) files (\(megabytes(bytes)) in \((monotonicSeconds() - start).fixed(1)) s): "
                        + outcome.archived.map {
                            "\($0.record.fileName) (\($0.record.extractTime.parisDescription), from the \($0.record.extractTimeOrigin))"
                        }
                        .joined(separator: ", "))
            }
            do {
                let bar = !quiet && !json && isatty(2) != 0 ? ProgressBar() : nil
                defer { bar?.clear() }
                let summary = try SyncIngest.ingest(
                    outcome.archived, snapshotPath: snapshotPath, progress: bar.map { bar in { bar.update($0) } },
                    waiting: { holder in
                        printError(
                            "waiting for another ingest into this data directory (\(holder.map { "PID \($0)" } ?? "PID not yet written")), up to 10 minutes"
                        )
                    })
                output.result = "ingested"
                output.ingestedRows = summary.provenance.rows
                if !quiet && !json {
                    let carried = summary.provenance.inputs.filter(\.carriedOver).map(\.family.rawValue)
                    print(
                        "ingested \(summary.reports.count) inputs into \(snapshotPath): \(summary.provenance.rows.grouped) rows, \(summary.provenance.practitioners.grouped) practitioners"
                            + (carried.isEmpty ? "" : "; carried over: \(carried.joined(separator: ", "))"))
                }
            } catch let error as IngestError {
                guard case .unchanged = error else {
                    if json { print(try jsonText(SyncOutput(result: "failed", error: String(describing: error)))) }
                    printError("sync downloaded the files (kept in the archive) but the ingest failed: \(error)")
                    throw ExitCode(Self.failedExitCode)
                }
                if !quiet && !json { print(error) }
            } catch let error as ChangeGuardError {
                if json { print(try jsonText(SyncOutput(result: "failed", error: String(describing: error)))) }
                printError(
                    "sync downloaded the files (kept in the archive) but the change guard refused the night: \(error)\n"
                        + "to accept it: annuaire ingest --force " + outcome.archived.map(\.path).joined(separator: " "))
                throw ExitCode(Self.failedExitCode)
            } catch {
                if json { print(try jsonText(SyncOutput(result: "failed", error: String(describing: error)))) }
                printError("sync downloaded the files (kept in the archive) but the ingest failed: \(error)")
                throw ExitCode(Self.failedExitCode)
            }
        }
        // The archive keeps --keep nights, never the current snapshot's files.
        let current = FileManager.default.fileExists(atPath: snapshotPath) ? try? Snapshot(path: snapshotPath) : nil
        let protected = Set(current?.provenance.inputs.map(\.fileName) ?? [])
        output.removed = Archive(dataDirectory: directory).prune(keep: keep, protected: protected)
        if !quiet && !json && !output.removed.isEmpty {
            print("archive: removed \(output.removed.count) files older than the last \(keep) nights")
        }
        guard let current else {
            if json { print(try jsonText(output)) }
            return
        }
        let policy = try freshness.effectivePolicy(dataDirectory: directory)
        let lines = SourceLine.all(current.provenance, current.extractTimes, policy, freshness.instant)
        let stale = lines.filter { !($0.verdict?.isFresh ?? false) }
        output.stale = stale.map { "\($0.source.rawValue) via \($0.family.rawValue)" }
        if json {
            print(try jsonText(output))
        } else if !quiet, !outcome.archived.isEmpty {
            print()
            let status = try StatusCommand.parse(["--snapshot", snapshotPath, "--data-dir", directory] + freshness.arguments)
            try status.run()
        }
        if !stale.isEmpty {
            if !json { printError("stale after the sync: \(output.stale.joined(separator: ", "))") }
            throw ExitCode(StatusCommand.staleExitCode)
        }
    }
}

struct SyncOutput: Encodable {
    var result: String
    var error: String?
    var downloaded: [DownloadOutput] = []
    var unchanged: [String] = []
    var ingestedRows: Int?
    var removed: [String] = []
    var stale: [String] = []

    init(result: String, error: String? = nil) {
        self.result = result
        self.error = error
    }
}

struct DownloadOutput: Encodable {
    var url: String
    var file: String
    var bytes: Int64
    var sha1: String
    var sha1Verified: Bool
    var extractTime: ExtractTime
    var extractTimeOrigin: String

    init(_ item: Archive.Item) {
        url = item.record.url
        file = item.path
        bytes = item.record.bytes
        sha1 = item.record.sha1
        sha1Verified = item.record.sha1Verified
        extractTime = item.record.extractTime
        extractTimeOrigin = item.record.extractTimeOrigin
    }
}
