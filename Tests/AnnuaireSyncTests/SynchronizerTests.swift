import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSync

@Suite("sync against a loopback server")
struct SynchronizerTests {
    @Test func firstSyncDownloadsFiveAndIngestsThenNothingNewThenOneChange() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        for f in PublishedFile.all { site.publish(f) }
        let dir = TemporaryDirectory()

        // First: five downloads, verified, archived, one ingest.
        let first = try await synchronizer(site.sources, dir).run()
        #expect(first.archived.count == 5)
        #expect(first.archived.allSatisfy { $0.record.sha1Verified && $0.record.extractTimeOrigin == "upload folder" })
        for (item, f) in zip(first.archived, PublishedFile.all) {
            #expect(Array(FileManager.default.contents(atPath: item.path)!) == f.bytes)
            #expect(item.path == "\(dir.path)/archive/\(f.family.rawValue)/20261122T021500Z-\(f.fileName)")
            #expect(item.record.extractTime == ExtractTime(iso8601: "2026-11-22T02:15:00Z"))
        }
        let summary = try SyncIngest.ingest(first.archived, snapshotPath: dir.snapshot)
        #expect(summary.provenance.inputs.count == 5)
        #expect(summary.provenance.inputs.allSatisfy { $0.extractTimeSource == "upload folder" && !$0.carriedOver })
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/partial")) ?? []).filter { $0 != ".lock" }
        #expect(leftovers.isEmpty)

        // Second: conditional requests only, nothing downloaded.
        server.clearRequests()
        let before = archiveListing(dir)
        let second = try await synchronizer(site.sources, dir).run()
        #expect(second.archived.isEmpty)
        #expect(second.unchanged.count == 5)
        let fileRequests = server.requests.filter { $0.path.hasPrefix("/resources/") }
        #expect(fileRequests.count == 5)
        #expect(fileRequests.allSatisfy { $0.headers["if-none-match"] != nil })
        #expect(!server.requests.contains { $0.path.hasPrefix("/api/1/datasets/annuaire-sante") })
        #expect(archiveListing(dir) == before)

        // Third: the MSSanté file changed; it alone is downloaded and ingested.
        let mssante = PublishedFile.all[4]
        site.publish(
            mssante, body: Array(FileManager.default.contents(atPath: fixtures + "/mssante-crlf-bom.txt")!), folder: "20261123-023000")
        let third = try await synchronizer(site.sources, dir).run()
        #expect(third.archived.map(\.record.fileName) == [mssante.fileName])
        let next = try SyncIngest.ingest(third.archived, snapshotPath: dir.snapshot)
        let inputs = next.provenance.inputs
        #expect(inputs.filter { !$0.carriedOver }.map(\.family) == [.mssante])
        #expect(inputs.filter(\.carriedOver).count == 4)
        #expect(inputs.first { $0.family == .mssante }?.extractTime == ExtractTime(iso8601: "2026-11-23T02:30:00Z"))
    }

    @Test func cutTransferIsResumedWithRangeByteIdentical() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        let f = PublishedFile.all[0]
        site.publish(f) { $0.faults = [.cutHalf] }
        let dir = TemporaryDirectory()
        let log = EventLog()
        let outcome = try await synchronizer([site.source(f)], dir, retryFor: 600, log: log).run()
        #expect(Array(FileManager.default.contents(atPath: outcome.archived[0].path)!) == f.bytes)
        let gets = server.requests.filter { $0.path.hasPrefix("/resources/") }
        #expect(gets.count == 2)
        #expect(gets[1].headers["range"] == "bytes=\(f.bytes.count / 2)-")
        #expect(gets[1].headers["if-range"] == "\"r-pa-20261122-021500\"")
        #expect(log.all.contains(.resuming(url: site.source(f).url, from: Int64(f.bytes.count / 2))))
        #expect(outcome.archived[0].record.sha1Verified)
    }

    @Test func serverIgnoringRangeStillGivesTheRightFile() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        let f = PublishedFile.all[1]
        site.publish(f) {
            $0.faults = [.cutHalf]
            $0.ignoresRange = true
        }
        let dir = TemporaryDirectory()
        let log = EventLog()
        let outcome = try await synchronizer([site.source(f)], dir, retryFor: 600, log: log).run()
        #expect(Array(FileManager.default.contents(atPath: outcome.archived[0].path)!) == f.bytes)
        #expect(log.all.contains { if case .restarting = $0 { true } else { false } })
    }

    @Test func shortBodyFailsAfterRetriesLeavingEverythingAsItWas() async throws {
        let (server, site, dir) = try await syncedSite()
        defer { Task { await server.stop() } }
        let f = PublishedFile.all[3]
        var changed = site
        changed.publish(f, body: f.bytes + Array("\n".utf8), folder: "20261123-021500") {
            $0.always = .cutHalf
            $0.ignoresRange = true
        }
        let (archive, snapshot) = (archiveListing(dir), snapshotBytes(dir))
        let log = EventLog()
        let error = await #expect(throws: SyncError.self) {
            try await synchronizer(changed.sources, dir, retryFor: 600, attempts: 3, log: log).run()
        }
        guard case .shortBody(let url, let received, let expected)? = error else {
            Issue.record("not a short body: \(String(describing: error))"); return
        }
        #expect(url == changed.source(f).url)
        #expect(received == Int64((f.bytes.count + 1) / 2) && expected == Int64(f.bytes.count + 1))
        #expect(error!.description.contains("ended at byte \(received) of \(expected)"))
        #expect(log.failures.count == 3)
        #expect(archiveListing(dir) == archive)
        #expect(snapshotBytes(dir) == snapshot)
    }

    @Test func wrongSHA1IsRefused() async throws {
        let (server, site, dir) = try await syncedSite()
        defer { Task { await server.stop() } }
        let f = PublishedFile.all[4]
        var changed = site
        changed.wrongSHA1 = [f.resource]
        changed.publish(f, body: f.bytes + Array("\n".utf8), folder: "20261123-021500")
        let (archive, snapshot) = (archiveListing(dir), snapshotBytes(dir))
        let error = await #expect(throws: SyncError.self) { try await synchronizer(changed.sources, dir).run() }
        guard case .checksumMismatch(_, let file, let actual, let expected)? = error else {
            Issue.record("\(String(describing: error))"); return
        }
        #expect(file == f.fileName && expected == String(repeating: "0", count: 40) && actual == sha1Hex(f.bytes + Array("\n".utf8)))
        #expect(archiveListing(dir) == archive)
        #expect(snapshotBytes(dir) == snapshot)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path + "/partial").filter { !$0.hasSuffix(".json") && $0 != ".lock" }
                .isEmpty)
    }

    @Test func notFoundIsNotRetried() async throws {
        let (server, site, dir) = try await syncedSite()
        defer { Task { await server.stop() } }
        let f = PublishedFile.all[2]
        server.remove(site.staticPath(f))
        server.clearRequests()
        let (archive, snapshot) = (archiveListing(dir), snapshotBytes(dir))
        let start = Date()
        let error = await #expect(throws: SyncError.self) { try await synchronizer(site.sources, dir, retryFor: 600).run() }
        #expect(error == .status(url: site.source(f).url, code: 404, reason: "Not Found"))
        #expect(error!.description.contains("HTTP 404"))
        #expect(Date().timeIntervalSince(start) < 300)
        #expect(server.requests.filter { $0.path == site.staticPath(f) }.count == 1)
        #expect(archiveListing(dir) == archive)
        #expect(snapshotBytes(dir) == snapshot)
    }

    @Test func serverErrorThenSuccess() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        let f = PublishedFile.all[3]
        site.publish(f) { $0.faults = [.status(500), .status(503)] }
        let dir = TemporaryDirectory()
        let log = EventLog()
        let outcome = try await synchronizer([site.source(f)], dir, retryFor: 600, log: log).run()
        #expect(outcome.archived.count == 1)
        #expect(log.failures.count == 2)
        #expect(log.failures[0].contains("HTTP 500") && log.failures[1].contains("HTTP 503"))
        #expect(log.all.filter { if case .attempt = $0 { true } else { false } }.count == 3)
    }

    @Test func stalledServerTimesOut() async throws {
        let (server, site, dir) = try await syncedSite()
        defer { Task { await server.stop() } }
        let f = PublishedFile.all[0]
        var changed = site
        changed.publish(f, folder: "20261123-021500") { $0.always = .stall }
        let (archive, snapshot) = (archiveListing(dir), snapshotBytes(dir))
        let error = await #expect(throws: SyncError.self) { try await synchronizer(changed.sources, dir, readTimeout: 0.5).run() }
        guard case .timeout(let url, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(url == changed.source(f).url)
        #expect(error!.description.contains("no byte received for 0.5 s (read timeout)"))
        #expect(archiveListing(dir) == archive)
        #expect(snapshotBytes(dir) == snapshot)
    }

    @Test func mixedNightWaitsThenFailsNamingFilesAndDates() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        for f in PublishedFile.all { site.publish(f, folder: f.family == .savoirFaire ? "20261121-074000" : "20261122-074000") }
        let dir = TemporaryDirectory()
        let log = EventLog()
        let error = await #expect(throws: SyncError.self) {
            try await synchronizer(site.sources, dir, retryFor: 600, attempts: 3, log: log).run()
        }
        guard case .mixedNight(let files)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(
            files == [
                "ps-libreacces-personne-activite.txt of 2026-11-22", "ps-libreacces-dipl-autexerc.txt of 2026-11-22",
                "ps-libreacces-savoirfaire.txt of 2026-11-21",
            ])
        #expect(log.failures.filter { $0.contains("different dates") }.count == 3)
        // The later rounds asked again, conditionally, without downloading again.
        #expect(server.requests.filter { $0.path.hasPrefix("/resources/") && $0.headers["if-none-match"] != nil }.count >= 5)
        #expect(archiveListing(dir).isEmpty)
        #expect(snapshotBytes(dir) == nil)
    }

    @Test func mixedNightAgainstTheSnapshotsDate() async throws {
        let (server, site, dir) = try await syncedSite()
        defer { Task { await server.stop() } }
        var changed = site
        changed.publish(PublishedFile.all[0], body: PublishedFile.all[0].bytes + Array("\n".utf8), folder: "20261123-074000")
        var sync = synchronizer(changed.sources, dir)
        let snapshot = try Snapshot(path: dir.snapshot)
        sync.baseExtractTimes = snapshot.extractTimes
        let error = await #expect(throws: SyncError.self) { try await sync.run() }
        #expect(error?.description.contains("ps-libreacces-personne-activite.txt of 2026-11-23") == true)
        #expect(error?.description.contains("diplomes in the snapshot of 2026-11-22") == true)
    }

    /// A site with the five files and a data directory synced and ingested from it.
    private func syncedSite() async throws -> (FaultServer, Site, TemporaryDirectory) {
        let server = try await FaultServer()
        var site = Site(server: server)
        for f in PublishedFile.all { site.publish(f) }
        let dir = TemporaryDirectory()
        let first = try await synchronizer(site.sources, dir).run()
        _ = try SyncIngest.ingest(first.archived, snapshotPath: dir.snapshot)
        return (server, site, dir)
    }
}

@Suite("sync: what the ANS service and interrupted runs need")
struct SyncRunsTests {
    @Test func withoutValidatorsAHeadNamesTheFileAndNothingIsDownloadedTwice() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        let body = PublishedFile.all[3].bytes
        server.set(
            "/extraction/Porteurs_CPS_CPF",
            .file(.init(body: body, contentDisposition: "attachment; filename=Porteurs_CPS_CPF_202611220315.txt")))
        let dir = TemporaryDirectory()
        let source = SyncSource(url: server.base + "/extraction/Porteurs_CPS_CPF")
        let first = try await synchronizer([source], dir).run()
        #expect(first.archived.first?.path.hasSuffix("/archive/cartes/20261122T021500Z-Porteurs_CPS_CPF_202611220315.txt") == true)
        server.clearRequests()
        let second = try await synchronizer([source], dir).run()
        #expect(second.archived.isEmpty)
        #expect(server.requests.map(\.method) == ["HEAD"])
        // A new generation: the HEAD names another file, the GET follows.
        server.set(
            "/extraction/Porteurs_CPS_CPF",
            .file(.init(body: body + Array("\n".utf8), contentDisposition: "attachment; filename=Porteurs_CPS_CPF_202611230315.txt")))
        let third = try await synchronizer([source], dir).run()
        #expect(third.archived.map(\.record.fileName) == ["Porteurs_CPS_CPF_202611230315.txt"])
    }

    @Test func aTransferInterruptedInOneRunResumesInTheNext() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        let f = PublishedFile.all[0]
        site.publish(f) { $0.faults = [.cutHalf] }
        let dir = TemporaryDirectory()
        await #expect(throws: SyncError.self) { try await synchronizer([site.source(f)], dir).run() }
        #expect(archiveListing(dir).isEmpty)
        let outcome = try await synchronizer([site.source(f)], dir).run()
        #expect(Array(FileManager.default.contents(atPath: outcome.archived[0].path)!) == f.bytes)
        #expect(server.requests.last { $0.path.hasPrefix("/resources/") }?.headers["range"] == "bytes=\(f.bytes.count / 2)-")
    }
}

@Suite("sync over TLS: certificate checks are never turned off")
struct SyncTLSTests {
    @Test func anUntrustedChainFailsSayingSoAndTheCAFileMakesItTrusted() async throws {
        let tls = fixtures + "/tls"
        let server = try await FaultServer(tls: (tls + "/server.pem", tls + "/server-key.pem"))
        defer { Task { await server.stop() } }
        let body = PublishedFile.all[4].bytes
        server.set(
            "/extraction/Extraction_Correspondance_MSSante",
            .file(.init(body: body, contentDisposition: "attachment; filename=Extraction_Correspondance_MSSante_202611220315.txt")))
        let source = SyncSource(url: server.base + "/extraction/Extraction_Correspondance_MSSante")
        let dir = TemporaryDirectory()
        // The client's pool retries a failed handshake until the connect timeout, then reports it.
        var untrusting = synchronizer([source], dir, retryFor: 600)
        untrusting.connectTimeout = 1
        let error = await #expect(throws: SyncError.self) { try await untrusting.run() }
        guard case .untrustedCertificate(let url, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(url == source.url)
        #expect(error!.description.contains("--ca-file"))
        #expect(archiveListing(dir).isEmpty)

        var trusting = synchronizer([source], dir)
        trusting.caFile = tls + "/ca.pem"
        let outcome = try await trusting.run()
        #expect(Array(FileManager.default.contents(atPath: outcome.archived[0].path)!) == body)
        #expect(outcome.archived[0].record.extractTimeOrigin == "Content-Disposition")
    }
}
