import ArgumentParser
import Foundation
import Testing

@testable import annuaire

/// Runs `annuaire ARGS…` in process (InProcess.swift).
private func run(_ arguments: [String]) throws -> Int32 { try runInProcess(arguments) }

@Suite(.serialized) final class SearchCommandTests {
    let data = NSTemporaryDirectory() + "annuaire-search-" + UUID().uuidString

    init() throws {
        let stamp = "202611220315"
        let files = ["PS_LibreAcces_\(stamp).zip", "Porteurs_CPS_CPF_\(stamp).zip", "Extraction_Correspondance_MSSante_\(stamp).zip"]
        #expect(try run(["ingest", "--quiet", "--data-dir", data] + files.map { "\(root)/Fixtures/\($0)" }) == 0)
    }

    deinit { try? FileManager.default.removeItem(atPath: data) }

    @Test func exitCodesSayMatchesNoneOrUsage() throws {
        #expect(try run(["search", "--data-dir", data, "--name", "durand"]) == 0)
        #expect(try run(["search", "--data-dir", data, "--name", "durand", "--json", "--now", "2026-11-22T12:00Z"]) == 0)
        #expect(try run(["search", "--data-dir", data, "--name", "nobody"]) == 1)
        #expect(try run(["search", "--data-dir", data]) == 64)
        #expect(try run(["search", "--data-dir", data, "--name", "d"]) == 64)
        #expect(try run(["search", "--data-dir", data, "--name", "durand", "--limit", "0"]) == 64)
        #expect(try run(["search", "--data-dir", data, "--name", "durand", "--limit", "1001"]) == 64)
        #expect(try run(["search", "--data-dir", data, "--name", "durand", "--after", "nonsense"]) == 64)
        #expect(try run(["search", "--data-dir", data, "--mode", "L", "--after", "0000000000000000", "--offset", "1"]) == 64)
    }

    @Test func everyFlagIsACriterion() throws {
        let command = try #require(
            try Annuaire.parseAsRoot([
                "search", "--name", "du", "--first-name", "el", "--profession", "10", "--specialty", "SM54", "--commune", "belley",
                "--postcode", "01", "--department", "01", "--structure", "750000010", "--mailbox", "a@b", "--card", "1", "--mode", "L",
            ]) as? SearchCommand)
        #expect(try command.query().values.count == 11)
    }
}
