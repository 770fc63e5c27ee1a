import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing

/// A file scanned in parts (one per core) gives the report, and the quarantined lines in the
/// order, of a read in one pass.
@Suite struct ScanInPartsTests {
    let dir = TemporaryDirectory()

    /// The reports and the quarantined lines `(path, line, offset, reason, bytes)` of one scan.
    typealias Outcome = (reports: [String], quarantined: [String])

    func outcome(_ path: String, parts: Int?, options: ReadOptions, maxHeldBytes: Int = 64 << 20) throws -> Outcome {
        var quarantined: [String] = []
        let sink: (String, QuarantinedLine, UnsafeRawBufferPointer) -> Void = { path, line, bytes in
            quarantined.append("\(path) \(line.lineNumber) \(line.byteOffset) \(line.reason) \(Array(bytes))")
        }
        let reports =
            if let parts {
                try ExtractionReader.scan(path, options: options, quarantine: sink, partsFrom: 0, parts: parts, maxHeldBytes: maxHeldBytes)
            } else {
                try ExtractionReader.read(path, options: options, quarantine: sink) { _ in }
            }
        #expect(reports.allSatisfy { $0.part == nil })
        return (try reports.map(comparableJSON), quarantined)
    }

    /// Scans `path` in two and in three parts (with and without checksums), and compares with
    /// one pass.
    func expectSameAsOnePass(
        _ path: String, options: ReadOptions = ReadOptions(), maxHeldBytes: Int = 64 << 20,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for checksum in [false, true] {
            var options = options
            options.checksum = checksum
            let serial = try outcome(path, parts: nil, options: options)
            for parts in [2, 3] {
                let inParts = try outcome(path, parts: parts, options: options, maxHeldBytes: maxHeldBytes)
                #expect(inParts.reports == serial.reports, "\(parts) parts", sourceLocation: sourceLocation)
                #expect(inParts.quarantined == serial.quarantined, "\(parts) parts", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(needsSharedSamples) func theRealSampleGivesTheOnePassReport() throws {
        #expect(try ExtractionReader.plan(realSample, options: ReadOptions(), parts: 2, from: 0).count == 2)
        try expectSameAsOnePass(realSample)
        var options = ReadOptions()
        options.chunkSize = 4096
        try expectSameAsOnePass(realSample, options: options)
    }

    /// Rows with quarantined lines and warnings spread over the whole file, practitioners on both
    /// sides of the cuts, CRLF endings, a BOM and no final newline.
    @Test func quarantinesWarningsAndPractitionersAreJoinedInLineOrder() throws {
        let lines = spreadLines(400, practitioners: 150)
        let path = dir.write("spread.txt", text: lines.joined(separator: "\r\n"))
        try expectSameAsOnePass(path)
        var options = ReadOptions()
        options.chunkSize = 100
        options.quarantineExamples = 70
        try expectSameAsOnePass(path, options: options)
        let report = try #require(try ExtractionReader.scan(path, options: ReadOptions(), quarantine: nil, partsFrom: 0).first)
        #expect(report.quarantined == 57)
        #expect(report.hadByteOrderMark)
        #expect(report.practitioners == (try ExtractionReader.read(path) { _ in }).first?.practitioners)
    }

    /// The second part's quarantined lines are delivered after the first's even when it may hold
    /// back only one at a time (it waits for the first part).
    @Test func heldQuarantinedLinesAreBounded() throws {
        let lines = spreadLines(700, practitioners: 150)
        let path = dir.write("many.txt", text: lines.joined(separator: "\n"))
        try expectSameAsOnePass(path, maxHeldBytes: 1)
    }

    /// UTF-8 rows, then Windows-1252 ones from before the middle on: the second part alone would
    /// take the file for Windows-1252; it learns that the file is UTF-8 from the lines before it.
    @Test func theSecondPartReadsInTheEncodingOfTheFile() throws {
        var bytes = cartesHeader
        for n in 1...100 { bytes += cartesLine(n, name: n <= 20 ? utf8Name : windowsName) }
        let path = dir.write("mixed.txt", bytes)
        try expectSameAsOnePass(path)
        let report = try #require(try ExtractionReader.scan(path, options: ReadOptions(), quarantine: nil, partsFrom: 0).first)
        #expect(report.encoding == .utf8)
        #expect(report.linesReadAsWindows1252 == 80)
    }

    @Test func smallOrCompressedFilesAreReadInOnePass() throws {
        try expectSameAsOnePass("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz")
        try expectSameAsOnePass("\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip")
        let header = dir.write("header-only.txt", text: personneActiviteHeader + "\n")
        try expectSameAsOnePass(header)
    }

    /// An error is the one a read in one pass meets first.
    @Test func anErrorIsTheOnePassReadsError() throws {
        let path = dir.write("PS_LibreAcces_Bad_202611220315.txt", text: "a|b|c\n" + String(repeating: "1|2|3\n", count: 50))
        let expected = extractionError { _ = try ExtractionReader.read(path) { _ in } }
        #expect(expected != nil)
        #expect(extractionError { _ = try ExtractionReader.scan(path, options: ReadOptions(), quarantine: nil, partsFrom: 0) } == expected)
    }
}
