import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSync
@testable import annuaire

/// Runs `annuaire ARGS…` in process and returns its exit code.
private func run(_ arguments: [String]) throws -> Int32 {
    var command = try Annuaire.parseAsRoot(arguments)
    do {
        try command.run()
        return 0
    } catch let exit as ExitCode {
        return exit.rawValue
    }
}

@Suite("annuaire sync, the command", .serialized)
struct SyncCommandTests {
    @Test func syncSaveBareSyncStaleAndFailedExitCodes() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        var site = Site(server: server)
        for f in PublishedFile.all { site.publish(f) }
        let dir = TemporaryDirectory()
        let fast = ["--retry-for", "0", "--read-timeout", "10", "--quiet", "--data-dir", dir.path]
        let fresh = ["--now", "2026-11-22T12:00:00Z"]
        let urls = site.sources.flatMap { ["--url", $0.url] }

        // Downloads, ingests, saves the sources; the snapshot is fresh at --now: 0.
        #expect(try run(["sync", "--save"] + urls + fast + fresh) == 0)
        let snapshot = try Snapshot(path: dir.snapshot)
        #expect(snapshot.provenance.inputs.count == 5)
        #expect(snapshot.provenance.inputs.allSatisfy { $0.extractTimeSource == "upload folder" })
        let saved = try #require(try SourcesFile.load(dataDirectory: dir.path))
        #expect(saved.sources.map(\.url) == site.sources.map(\.url))

        // A bare sync reads sources.json: conditional requests, nothing new; stale two days later: 3.
        server.clearRequests()
        #expect(try run(["sync"] + fast + fresh) == 0)
        #expect(server.requests.filter { $0.path.hasPrefix("/resources/") }.allSatisfy { $0.headers["if-none-match"] != nil })
        #expect(try run(["sync"] + fast + ["--now", "2026-11-25T12:00:00Z"]) == StatusCommand.staleExitCode)

        // A source that fails: 1, the snapshot as it was.
        let before = FileManager.default.contents(atPath: dir.snapshot)
        site.publish(PublishedFile.all[4], body: PublishedFile.all[4].bytes + Array("\n".utf8), folder: "20261123-020000") {
            $0.always = .status(500)
        }
        #expect(try run(["sync"] + fast + fresh) == SyncCommand.failedExitCode)
        #expect(FileManager.default.contents(atPath: dir.snapshot) == before)

        // An archived night re-ingests with `annuaire ingest`, extract times from the records.
        let archived = Archive(dataDirectory: dir.path).items().map(\.path)
        let other = TemporaryDirectory()
        #expect(try run(["ingest", "--quiet", "--data-dir", other.path] + archived) == 0)
        let again = try Snapshot(path: other.snapshot)
        #expect(again.extractTimes == snapshot.extractTimes)
        #expect(again.provenance.inputs.allSatisfy { $0.extractTimeSource == "upload folder" })
    }

    @Test func badOptionsAreRefused() {
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["sync", "--source", "ftp"]) }
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["sync", "--retry-for", "soon"]) }
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["sync", "--keep", "0"]) }
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["sync", "--source", "ans", "--url", "http://x/"]) }
    }
}
