import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing

/// The acceptance checks on the real December 2021 rows in `../shared/samples/`.
@Suite(needsSharedSamples) struct RealSampleTests {
    let dir = TemporaryDirectory()

    func expectSampleReport(_ report: ScanReport) {
        #expect(report.family == .personneActivite)
        #expect(report.layout == "52 columns (2021 layout)")
        #expect(report.encoding == .utf8)
        #expect(report.extractTime?.parisDescription == "2021-12-02 09:08 Europe/Paris")
        #expect(report.rows == 21)
        #expect(report.practitioners == 21)
        #expect(report.quarantined == 0)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
    }

    @Test func plainText() throws {
        expectSampleReport(try scanOne(realSample))
    }

    @Test func gzippedAndConcatenatedHalves() throws {
        let name = "PS_LibreAcces_Personne_activite_202112020908.txt"
        let bytes = try [UInt8](contentsOf: realSample)
        let gz = try run("/bin/gzip", ["-n", "-c", realSample])
        expectSampleReport(try scanOne(dir.write(name + ".gz", gz)))
        let half = bytes.count / 2  // mid-line on purpose
        let a = try run("/bin/gzip", ["-n", "-c"], input: Data(bytes[..<half]))
        let b = try run("/bin/gzip", ["-n", "-c"], input: Data(bytes[half...]))
        let report = try scanOne(dir.write("halves/" + name + ".gz", a + b))
        expectSampleReport(report)
        #expect(report.gzipMembers == 2)
    }

    /// Inside an official-style zip (deflate, and stored with a data descriptor), the entry's name
    /// gives the extract time.
    @Test func insideAZip() throws {
        let name = "PS_LibreAcces_Personne_activite_202112020908.txt"
        let bytes = try [UInt8](contentsOf: realSample)
        for (method, descriptor) in [(ZipWriter.Method.deflate, false), (.stored, true)] {
            let path = dir.path + "/PS_LibreAcces_202112020908-\(method.rawValue).zip"
            let zip = try ZipWriter(path: path)
            try zip.beginEntry(name: name, method: method, dataDescriptor: descriptor)
            try zip.write(bytes)
            try zip.endEntry()
            _ = try zip.finish()
            let report = try scanOne(path)
            expectSampleReport(report)
            #expect(report.entry == name)
        }
    }

    @Test func sampleFieldsAreReadVerbatim() throws {
        var first: [String] = []
        var quirks: [String] = []
        _ = try ExtractionReader.read(realSample) { record in
            if first.isEmpty { first = (0..<52).map { record.string(known: $0) } }
            if record.string(PersonneActiviteColumn.identifiantPP) == "012600631" {
                quirks = [
                    record.string(PersonneActiviteColumn.codePostal), record.string(PersonneActiviteColumn.libelleProfession),
                    record.string(PersonneActiviteColumn.autoriteEnregistrement),
                ]
            }
        }
        #expect(first.prefix(11) == ["0", "010001949", "0010001949", "", "", "M", "Monsieur", "JOLY", "Odilon", "71", "Ostéopathe"])
        #expect(quirks == ["25300", "Audioprothésiste", "ARS/Variable/Variable"])
    }
}
