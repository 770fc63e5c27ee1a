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
        ["--scale", "0"], ["--level", "12"], ["--zip-method", "bzip2"], ["--gzip-members", "0"],
    ])
    func badOptionsAreRefusedBeforeWriting(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["synth"] + arguments) }
    }
}
