import AnnuaireParsing
import ArgumentParser
import Foundation
import Testing

@testable import annuaire

private let stamp = "202611220315"

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

@Suite(.serialized) final class CommandTests {
    let data = NSTemporaryDirectory() + "annuaire-cli-" + UUID().uuidString

    init() throws {
        let files = ["PS_LibreAcces_\(stamp).zip", "Porteurs_CPS_CPF_\(stamp).zip", "Extraction_Correspondance_MSSante_\(stamp).zip"]
        #expect(try run(["ingest", "--quiet", "--data-dir", data] + files.map { "\(root)/Fixtures/\($0)" }) == 0)
    }

    deinit { try? FileManager.default.removeItem(atPath: data) }

    @Test func statusCheckExitsWithItsDocumentedCodeWhenASourceIsStale() throws {
        #expect(try run(["status", "--data-dir", data, "--check", "--now", "2026-11-22T20:00+01:00"]) == 0)
        #expect(try run(["status", "--data-dir", data, "--check", "--now", "2026-11-24T20:00+01:00"]) == StatusCommand.staleExitCode)
        #expect(try run(["status", "--data-dir", data, "--now", "2026-11-24T20:00+01:00"]) == 0)
    }

    @Test func lookupExitCodesSayFoundNotFoundInvalid() throws {
        #expect(try run(["lookup", "--data-dir", data, "10000000017"]) == 0)
        #expect(try run(["lookup", "--data-dir", data, "--json", "810000000017", "0010001949"]) == 1)
        #expect(try run(["lookup", "--data-dir", data, "10000000018"]) == 2)
        #expect(throws: (any Error).self) { _ = try run(["lookup", "--data-dir", data + "/nowhere", "10000000017"]) }
    }

    @Test func verifyAndBadOptions() throws {
        #expect(try run(["verify", "--data-dir", data]) == 0)
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["status", "--now", "tomorrow"]) }
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["scan", "--as-of", "yesterday", "x.txt"]) }
        // The times are parsed once, by ExtractTime's conformance: every command that takes one refuses the same text,
        // and reads the same good one.
        for command in [["ingest", "x.txt"], ["synth"]] {
            #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(command + ["--as-of", "2026-13-01T03:00"]) }
        }
        let ingest = try #require(try Annuaire.parseAsRoot(["ingest", "x.txt", "--as-of", "2026-11-22T03:00"]) as? IngestCommand)
        #expect(ingest.asOf == ExtractTime(parisYear: 2026, month: 11, day: 22, hour: 3, minute: 0))
    }

    @Test func serveValidatesItsOptions() throws {
        let serve = try #require(try Annuaire.parseAsRoot(["serve", "--port", "0", "--data-dir", data]) as? ServeCommand)
        #expect(serve.host == "127.0.0.1")
        for bad in [["--port", "70000"], ["--max-connections", "0"], ["--log-level", "loud"], ["--now", "tomorrow"]] {
            #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["serve"] + bad) }
        }
    }
}
