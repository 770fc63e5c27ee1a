import ArgumentParser
import Foundation
import Testing

@testable import annuaire

/// Runs `annuaire ARGS…` in process (InProcess.swift).
private func run(_ arguments: [String]) throws -> Int32 { try runInProcess(arguments) }

@Suite(.serialized) final class ExportCommandTests {
    let data = NSTemporaryDirectory() + "annuaire-export-" + UUID().uuidString

    init() throws {
        let stamp = "202611220315"
        let files = ["PS_LibreAcces_\(stamp).zip", "Porteurs_CPS_CPF_\(stamp).zip", "Extraction_Correspondance_MSSante_\(stamp).zip"]
        #expect(try run(["ingest", "--quiet", "--data-dir", data] + files.map { "\(root)/Fixtures/\($0)" }) == 0)
    }

    deinit { try? FileManager.default.removeItem(atPath: data) }

    @Test func badOptionsAreUsageErrors() throws {
        #expect(try run(["export", "--format", "xml", "--data-dir", data]) == 64)
        #expect(try run(["export", "--data-dir", data]) == 64)
        #expect(try run(["export", "--format", "jsonl", "--family", "structures", "--data-dir", data]) == 64)
        let message = Annuaire.message(for: catchError { _ = try Annuaire.parseAsRoot(["export", "--format", "xml"]) })
        #expect(message.contains("'xml' is invalid for '--format"), "\(message)")
        #expect(message.contains("jsonl") && message.contains("fhir"), "\(message)")
    }

    @Test func writesBothFormats() throws {
        let jsonl = data + "/out.jsonl"
        #expect(try run(["export", "--format", "jsonl", "--output", jsonl, "--data-dir", data]) == 0)
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        // A directory as --output gets annuaire.jsonl inside.
        #expect(try run(["export", "--format", "jsonl", "--output", data, "--data-dir", data]) == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/annuaire.jsonl"))
        let fhir = data + "/fhir"
        #expect(try run(["export", "--format", "fhir", "--output", fhir, "--family", "mssante", "--data-dir", data]) == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fhir).sorted() == [
                "Organization.ndjson", "Practitioner.ndjson", "PractitionerRole.ndjson",
            ])
    }
}

private func catchError(_ body: () throws -> Void) -> Error {
    do {
        try body()
    } catch { return error }
    return CancellationError()
}

extension ExportCommandTests {
    @Test func writesCSV() throws {
        let csv = data + "/csv"
        #expect(try run(["export", "--format", "csv", "--output", csv, "--data-dir", data, "--now", "2026-11-22T20:00:00+01:00"]) == 0)
        let people = try String(contentsOfFile: csv + "/practitioners.csv", encoding: .utf8)
        #expect(people.components(separatedBy: "\r\n").count == 1 + 5 + 1)
        #expect(people.contains("8,10000000017,810000000017,DURAND,Élodie,10,Médecin,"))
    }
}
