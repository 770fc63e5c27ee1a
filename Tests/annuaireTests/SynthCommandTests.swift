import ArgumentParser
import Foundation
import Testing

@testable import annuaire

@Suite struct SynthCommandTests {
    @Test func writesTheChosenFamiliesNamedByTheExtractTime() throws {
        let directory = NSTemporaryDirectory() + "annuaire-synth-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var command = try Annuaire.parseAsRoot([
            "synth", "--scale", "0.001", "--format", "txt", "--output", directory, "--families", "cartes, mssante",
            "--as-of", "2026-07-03T04:15", "--seed", "3",
        ])
        try command.run()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == ["Extraction_Correspondance_MSSante_202607030415.txt", "Porteurs_CPS_CPF_202607030415.txt"])
    }

    @Test(arguments: [
        ["--format", "rar"], ["--layout", "50"], ["--families", "cartes,patients"], ["--as-of", "yesterday"],
        ["--scale", "0"], ["--level", "12"], ["--zip-method", "bzip2"], ["--gzip-members", "0"], ["--variety", "narrow"],
    ])
    func badOptionsAreRefusedBeforeWriting(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["synth"] + arguments) }
    }

    @Test func wideVarietyWritesOtherNamesForTheSameIdentifiers() throws {
        let directory = NSTemporaryDirectory() + "annuaire-synth-wide-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for variety in ["standard", "wide"] {
            var command = try Annuaire.parseAsRoot([
                "synth", "--scale", "0.0005", "--format", "txt", "--output", directory + "/" + variety, "--families", "savoir-faire",
                "--variety", variety,
            ])
            try command.run()
        }
        let name = "PS_LibreAcces_SavoirFaire_202601150851.txt"
        let lines = ["standard", "wide"].map { variety in
            (try? String(contentsOfFile: "\(directory)/\(variety)/\(name)", encoding: .utf8))?.split(separator: "\n") ?? []
        }
        #expect(lines[0].count == lines[1].count && lines[0].count > 10)
        #expect(lines[0] != lines[1])
        #expect(zip(lines[0], lines[1]).allSatisfy { $0.split(separator: "|")[2] == $1.split(separator: "|")[2] })
    }

    @Test func benchRefusesAnUnknownVariety() {
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["bench", "--variety", "narrow"]) }
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["bench", "--peer-lookups", "0"]) }
    }
}
