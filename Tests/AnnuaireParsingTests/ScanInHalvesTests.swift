import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing

/// A file scanned in two halves (one per core) gives the report, and the quarantined lines in the
/// order, of a read in one pass.
@Suite struct ScanInHalvesTests {
    let dir = TemporaryDirectory()

    /// The report and the quarantined lines `(line, offset, reason, bytes)` of one scan.
    typealias Outcome = (report: String, quarantined: [String])

    func outcome(_ path: String, halves: Bool, options: ReadOptions = ReadOptions()) throws -> Outcome {
        var quarantined: [String] = []
        let sink: (String, QuarantinedLine, UnsafeRawBufferPointer) -> Void = { path, line, bytes in
            quarantined.append("\(path) \(line.lineNumber) \(line.byteOffset) \(line.reason) \(Array(bytes))")
        }
        let reports =
            halves
            ? try ExtractionReader.scan(path, options: options, quarantine: sink, halvesFrom: 0)
            : try ExtractionReader.read(path, options: options, quarantine: sink) { _ in }
        return (try comparableJSON(try #require(reports.first)), quarantined)
    }

    /// Whether the halves of `path` are joined (rather than the second read again in line).
    func joined(_ path: String) throws -> Bool? {
        try ExtractionReader.scanInHalves(path, ReadOptions(), nil, threshold: 0)?.joined
    }

    func expectSameAsOnePass(_ path: String, options: ReadOptions = ReadOptions()) throws {
        let halves = try outcome(path, halves: true, options: options)
        let serial = try outcome(path, halves: false, options: options)
        #expect(halves.report == serial.report)
        #expect(halves.quarantined == serial.quarantined)
    }

    @Test(needsSharedSamples) func theRealSampleGivesTheOnePassReport() throws {
        #expect(try joined(realSample) == true)
        try expectSameAsOnePass(realSample)
        var options = ReadOptions()
        options.chunkSize = 4096
        try expectSameAsOnePass(realSample, options: options)
    }

    /// Rows with quarantined lines and warnings spread over the whole file, duplicated
    /// practitioners across the middle, CRLF endings, a BOM and no final newline.
    @Test func quarantinesWarningsAndPractitionersAreJoinedInLineOrder() throws {
        let lines = spreadLines(400, practitioners: 150)
        let path = dir.write("spread.txt", text: lines.joined(separator: "\r\n"))
        #expect(try joined(path) == true)
        try expectSameAsOnePass(path)
        let report = try #require(try ExtractionReader.scan(path, options: ReadOptions(), quarantine: nil, halvesFrom: 0).first)
        #expect(report.quarantined == 57)
        #expect(report.hadByteOrderMark)
    }

    /// UTF-8 rows, then Windows-1252 ones from before the middle on: the second half alone takes
    /// the file for Windows-1252 where one pass reads it as UTF-8 with bad lines; the halves are
    /// not joined and the second is read again in line.
    @Test func anEncodingTheHalvesDisagreeOnIsReadInOnePass() throws {
        var bytes = Array((CartesColumn.labels.joined(separator: "|") + "|\n").utf8)
        for n in 1...100 {
            bytes += Array("8|\(rpps(n))|8\(rpps(n))|DURAND|".utf8)
            bytes += n <= 20 ? Array("Élodie".utf8) : [0xC9] + Array("lodie".utf8)
            bytes += Array("|10|M|C|Civil|CPS|Carte|123|8\(rpps(n))||||\n".utf8)
        }
        let path = dir.write("mixed.txt", bytes)
        #expect(try joined(path) == false)
        try expectSameAsOnePass(path)
        let report = try #require(try ExtractionReader.scan(path, options: ReadOptions(), quarantine: nil, halvesFrom: 0).first)
        #expect(report.encoding == .utf8)
        #expect(report.linesReadAsWindows1252 == 80)
    }

    @Test func smallOrCompressedFilesAreReadInOnePass() throws {
        #expect(try joined("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz") == nil)
        try expectSameAsOnePass("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz")
        let header = dir.write("header-only.txt", text: personneActiviteHeader + "\n")
        #expect(try joined(header) == nil)
        try expectSameAsOnePass(header)
    }
}
