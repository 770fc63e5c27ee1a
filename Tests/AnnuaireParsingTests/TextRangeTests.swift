import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing

/// An input read as two ranges of its text (`ReadOptions.textRange`), the parts' reports joined,
/// gives the rows, quarantined lines and report of one whole read, wherever it is cut.
@Suite struct TextRangeTests {
    let dir = TemporaryDirectory()

    /// What a read delivered: each row (line, offset, encoding, key, fields), each quarantined line,
    /// and the report as JSON.
    struct Outcome: Equatable {
        var rows: [String] = []
        var quarantined: [String] = []
        var report = ""
    }

    func read(_ path: String, range: Range<Int64>?, chunkSize: Int, entry: String? = nil) throws -> (Outcome, ScanReport) {
        var outcome = Outcome()
        var options = ReadOptions()
        options.entry = entry
        options.textRange = range
        options.chunkSize = chunkSize
        options.checksum = true
        // Distinct practitioners are not joined from counts (`ScanReport.joined`).
        options.countPractitioners = false
        let reports = try ExtractionReader.read(
            path, options: options,
            quarantine: { path, line, bytes in
                outcome.quarantined.append("\(path) \(line.lineNumber) \(line.byteOffset) \(line.reason) \(Array(bytes))")
            }
        ) { record in
            let fields = (0..<record.fieldCount).map { record.encoding.decode(record.field(at: $0)) }
            outcome.rows.append(
                "\(record.lineNumber) \(record.byteOffset) \(record.encoding) \(record.key.map { "\($0.rawValue)" } ?? "-") \(fields)")
        }
        return (outcome, try #require(reports.first))
    }

    /// Reads `path` whole, then in two parts cut at each of `cuts`, and compares.
    func expectPartsMakeTheWhole(_ path: String, cuts: [Int64], chunkSize: Int = 1 << 20, entry: String? = nil) throws {
        var (whole, report) = try read(path, range: nil, chunkSize: chunkSize, entry: entry)
        whole.report = try comparableJSON(report)
        #expect(whole.rows.count > 3)
        for cut in cuts {
            let (first, firstReport) = try read(path, range: 0..<cut, chunkSize: chunkSize, entry: entry)
            let (rest, restReport) = try read(path, range: cut..<Int64.max, chunkSize: chunkSize, entry: entry)
            let joined = firstReport.joined(with: restReport, examples: ReadOptions().quarantineExamples)
            let parts = Outcome(
                rows: first.rows + rest.rows, quarantined: first.quarantined + rest.quarantined, report: try comparableJSON(joined))
            #expect(parts.rows == whole.rows, "rows, cut at byte \(cut) of \(path)")
            #expect(parts.quarantined == whole.quarantined, "quarantined lines, cut at byte \(cut) of \(path)")
            #expect(parts.report == whole.report, "report, cut at byte \(cut) of \(path)")
            // A part that stopped short has no checksum; one that read to the end has the input's.
            #expect(firstReport.textCRC32 == nil || firstReport.textCRC32 == report.textCRC32, "checksum, cut at byte \(cut)")
        }
    }

    func size(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    @Test(needsSharedSamples) func theRealSampleAtEveryTenthOfItsText() throws {
        let total = try size(realSample)
        try expectPartsMakeTheWhole(realSample, cuts: (0...10).map { total * Int64($0) / 10 } + [1, total + 5])
        try expectPartsMakeTheWhole(realSample, cuts: [total / 3], chunkSize: 4096)
    }

    /// Quarantined lines, warnings and blank lines spread over the file, CRLF endings, a BOM and
    /// no final newline: cut at every line.
    @Test func quarantinesAndWarningsCutAtEveryLine() throws {
        let lines = spreadLines(60, practitioners: 15, blankLines: true)
        let path = dir.write("spread.txt", text: lines.joined(separator: "\r\n"))
        let text = try [UInt8](contentsOf: path)
        let starts = lineStarts(text)
        try expectPartsMakeTheWhole(path, cuts: starts + starts.map { $0 + 3 } + [Int64(text.count)], chunkSize: 256)
    }

    /// The lines before the cut decide the encoding of the lines after it: ASCII rows, then a
    /// quarantined Windows-1252 line (it decides nothing), then UTF-8, then Windows-1252 rows; and
    /// a file that is Windows-1252 from its first accent.
    @Test func theEncodingIsDecidedAsByAWholeRead() throws {
        func cartes(_ n: Int, _ name: [UInt8]) -> [UInt8] {
            Array("8|\(rpps(n))|8\(rpps(n))|DURAND|".utf8) + name + Array("|10|M|C|Civil|CPS|Carte|123|8\(rpps(n))||||\n".utf8)
        }
        let header = Array((CartesColumn.labels.joined(separator: "|") + "|\n").utf8)
        var mixed = header
        for n in 1...40 {
            switch n {
            case ...10: mixed += cartes(n, Array("Elodie".utf8))
            case 11: mixed += Array("8|".utf8) + [0xC9] + Array("lodie|\n".utf8)  // Windows-1252, but quarantined
            case ...25: mixed += cartes(n, Array("Élodie".utf8))
            default: mixed += cartes(n, [0xC9] + Array("lodie".utf8))
            }
        }
        var windows = header
        for n in 1...30 { windows += cartes(n, n < 5 ? Array("Elodie".utf8) : [0xC9] + Array("lodie".utf8)) }
        for (name, bytes) in [("mixed.txt", mixed), ("windows.txt", windows)] {
            let path = dir.write(name, bytes)
            let starts = lineStarts(bytes)
            try expectPartsMakeTheWhole(path, cuts: starts)
            // The last three lines alone: in mixed.txt, bad lines of a UTF-8 file, as a whole read.
            let (_, report) = try read(path, range: starts[starts.count - 3]..<Int64.max, chunkSize: 1 << 20)
            #expect(report.encoding == (name == "mixed.txt" ? .utf8 : .windows1252))
            #expect(report.linesReadAsWindows1252 == (name == "mixed.txt" ? 3 : 0))
        }
    }

    @Test func compressedInputs() throws {
        let cuts: [Int64] = [0, 700, 1_500, 2_000]
        try expectPartsMakeTheWhole("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz", cuts: cuts)
        try expectPartsMakeTheWhole("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).two-members.txt.gz", cuts: cuts)
        for zip in ["", "_descriptors", "_stored"] {
            try expectPartsMakeTheWhole(
                "\(fixtures)/PS_LibreAcces_\(fixtureStamp)\(zip).zip", cuts: cuts,
                entry: "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt")
        }
    }
}
