import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing

/// A plain text file read as parts (`TextPart`), each from its own bytes, the parts' reports
/// joined, gives the rows (line numbers, offsets, encodings), the quarantined lines and the report
/// (checksum and distinct practitioners included) of one read of the whole file, wherever it is
/// cut.
@Suite struct TextPartTests {
    let dir = TemporaryDirectory()

    /// What a read delivered: each row (line, offset, encoding, key, fields) and each quarantined
    /// line (path, line, offset, reason, bytes).
    struct Outcome: Equatable {
        var rows: [String] = []
        var quarantined: [String] = []
    }

    static func options(chunkSize: Int = 1 << 20, maxLineLength: Int = 1 << 20) -> ReadOptions {
        var options = ReadOptions()
        options.chunkSize = chunkSize
        options.maxLineLength = maxLineLength
        options.checksum = true
        return options
    }

    /// Reads a planned input (whole or a part).
    func read(_ input: ExtractionReader.PlannedInput, _ options: ReadOptions) throws -> (Outcome, ScanReport) {
        var outcome = Outcome()
        let reports = try ExtractionReader.read(
            input, options: options,
            quarantine: { path, line, bytes in
                outcome.quarantined.append("\(path) \(line.lineNumber) \(line.byteOffset) \(line.reason) \(Array(bytes))")
            }
        ) { record in
            let fields = (0..<record.fieldCount).map { record.encoding.decode(record.field(at: $0)) }
            outcome.rows.append(
                "\(record.lineNumber) \(record.byteOffset) \(record.encoding) \(record.key.map { "\($0.rawValue)" } ?? "-") \(fields)")
        }
        try #require(reports.count == 1)
        return (outcome, reports[0])
    }

    /// The whole of `path`, read by path.
    func readWhole(_ path: String, _ options: ReadOptions) throws -> (Outcome, String) {
        let (outcome, report) = try read(ExtractionReader.PlannedInput(path: path, entry: nil, estimatedTextBytes: 0), options)
        #expect(report.part == nil)
        return (outcome, try comparableJSON(report))
    }

    /// The parts of `path` cut at `cuts` (offsets of lines after the header, increasing).
    func parts(of path: String, cuts: [Int64]) throws -> [ExtractionReader.PlannedInput] {
        let text = try [UInt8](contentsOf: path)
        let starts = [Int64(text.firstIndex(of: 0x0A)! + 1)] + cuts
        return starts.indices.map { k in
            let end = k + 1 < starts.count ? starts[k + 1] : Int64(text.count)
            let part = TextPart(bytes: starts[k]..<end, index: k, count: starts.count)
            return ExtractionReader.PlannedInput(path: path, entry: nil, estimatedTextBytes: 0, isPlainText: true, part: part)
        }
    }

    /// Reads `parts` and expects them to make `whole`; returns the parts' reports.
    @discardableResult
    func expectPartsMake(
        _ whole: (Outcome, String), _ parts: [ExtractionReader.PlannedInput], _ options: ReadOptions,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [ScanReport] {
        var joined = Outcome()
        var reports: [ScanReport] = []
        for part in parts {
            let (outcome, report) = try read(part, options)
            #expect(report.part == part.part, sourceLocation: sourceLocation)
            joined.rows += outcome.rows
            joined.quarantined += outcome.quarantined
            reports.append(report)
        }
        let at = parts.dropFirst().map { $0.part!.bytes.lowerBound }
        #expect(joined.rows == whole.0.rows, "rows, cut at \(at)", sourceLocation: sourceLocation)
        #expect(joined.quarantined == whole.0.quarantined, "quarantined lines, cut at \(at)", sourceLocation: sourceLocation)
        #expect(try comparableJSON(ScanReport.joined(reports)) == whole.1, "report, cut at \(at)", sourceLocation: sourceLocation)
        return reports
    }

    /// Reads `path` whole, then in two parts cut at each line, and in three parts cut at each
    /// line and one or five lines further.
    func expectPartsMakeTheWholeAtEveryLine(
        _ path: String, _ options: ReadOptions = options(), sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let whole = try readWhole(path, options)
        #expect(whole.0.rows.count > 3, sourceLocation: sourceLocation)
        let text = try [UInt8](contentsOf: path)
        let starts = Array(lineStarts(text).dropFirst())
        for (n, cut) in starts.enumerated() {
            try expectPartsMake(whole, try parts(of: path, cuts: [cut]), options, sourceLocation: sourceLocation)
            for next in [n + 1, n + 5] where next < starts.count {
                try expectPartsMake(whole, try parts(of: path, cuts: [cut, starts[next]]), options, sourceLocation: sourceLocation)
            }
        }
    }

    @Test(needsSharedSamples) func theRealSampleCutAtEveryLine() throws {
        try expectPartsMakeTheWholeAtEveryLine(realSample)
        try expectPartsMakeTheWholeAtEveryLine(realSample, Self.options(chunkSize: 4096))
        let reports = try expectPartsMake(try readWhole(realSample, Self.options()), try parts(of: realSample, cuts: []), Self.options())
        #expect(reports.count == 1 && reports[0].rows == 21)
    }

    /// Quarantined lines, warnings, blank lines and practitioners spread over the file (on both
    /// sides of every cut), CRLF endings, a BOM and no final newline: cut at every line, with
    /// chunks (and prescan blocks) of 256 bytes, and of 7 at a few cuts.
    @Test func quarantinesWarningsAndBlankLinesCutAtEveryLine() throws {
        let lines = spreadLines(60, practitioners: 15, blankLines: true)
        let path = dir.write("spread.txt", text: lines.joined(separator: "\r\n"))
        try expectPartsMakeTheWholeAtEveryLine(path, Self.options(chunkSize: 256))
        let whole = try readWhole(path, Self.options(chunkSize: 7))
        let starts = lineStarts(try [UInt8](contentsOf: path))
        for cut in [starts[1], starts[2], starts[30], starts[starts.count - 1]] {
            try expectPartsMake(whole, try parts(of: path, cuts: [cut]), Self.options(chunkSize: 7))
        }
        let report = try #require(try ExtractionReader.read(path) { _ in }.first)
        #expect(report.quarantined == 8 && report.blankLines == 8 && report.hadByteOrderMark)
    }

    /// A file that is Windows-1252 from its first accented row.
    @Test func aWindows1252File() throws {
        var bytes = cartesHeader
        for n in 1...30 { bytes += cartesLine(n, name: n < 5 ? asciiName : windowsName) }
        let path = dir.write("windows.txt", bytes)
        try expectPartsMakeTheWholeAtEveryLine(path)
        let report = try #require(try ExtractionReader.read(path) { _ in }.first)
        #expect(report.encoding == .windows1252 && report.linesReadAsWindows1252 == 0)
    }

    /// A UTF-8 file with one stray Windows-1252 row before a cut and one after it: each is read as
    /// Windows-1252 and counted, in its part, as by a whole read.
    @Test func aUTF8FileWithStrayWindows1252Rows() throws {
        var bytes = cartesHeader
        for n in 1...30 {
            let name =
                switch n {
                case ..<6: asciiName
                case 12, 24: windowsName
                default: utf8Name
                }
            bytes += cartesLine(n, name: name)
        }
        let path = dir.write("stray.txt", bytes)
        try expectPartsMakeTheWholeAtEveryLine(path)
        let starts = lineStarts(bytes)
        // Cut between the two stray rows (lines 13 and 25): one in each part.
        let reports = try expectPartsMake(try readWhole(path, Self.options()), try parts(of: path, cuts: [starts[18]]), Self.options())
        #expect(reports.map(\.encoding) == [.utf8, .utf8])
        #expect(reports.map(\.linesReadAsWindows1252) == [1, 1])
        #expect(reports[1].warnings.first { $0.kind == .notUTF8 }?.examples.first?.lineNumber == 25)
        #expect(ScanReport.joined(reports).linesReadAsWindows1252 == 2)
    }

    /// Before the cut, the first lines with a byte of 0x80 or more are not rows (too few fields,
    /// over-long, a NUL byte): they decide nothing, and the lines after the cut are read as UTF-8
    /// (with the one Windows-1252 row counted), as by a whole read; a prescan that took the first
    /// of them for the file's encoding would read them as Windows-1252.
    @Test func highByteLinesThatAreNotRowsDecideNothing() throws {
        var bytes = cartesHeader
        for n in 1...24 {
            switch n {
            case 3: bytes += Array("8|".utf8) + windowsName + Array("|\n".utf8)  // too few fields
            case 5: bytes += Array(cartesLine(n, name: windowsName + Array(repeating: UInt8(ascii: "x"), count: 1_200)))  // over-long
            case 7: bytes += cartesLine(n, name: windowsName + [0])  // a NUL byte
            case 9: bytes += Array("\n".utf8)  // blank
            case ..<14: bytes += cartesLine(n, name: asciiName)
            case 20: bytes += cartesLine(n, name: windowsName)
            default: bytes += cartesLine(n, name: utf8Name)
            }
        }
        let path = dir.write("not-rows.txt", bytes)
        let options = Self.options(maxLineLength: 1_000)
        try expectPartsMakeTheWholeAtEveryLine(path, options)
        var small = options
        small.chunkSize = 64
        try expectPartsMakeTheWholeAtEveryLine(path, small)
        let report = try #require(try ExtractionReader.read(path, options: options) { _ in }.first)
        #expect(report.encoding == .utf8 && report.linesReadAsWindows1252 == 1 && report.quarantined == 3)
    }

    /// `plan` cuts a plain text file into parts that follow each other from after the header to
    /// the end, each starting after a newline; reading them gives the whole file.
    @Test func planCutsAPlainTextFileAtLineStarts() throws {
        let lines = spreadLines(300, practitioners: 40)
        let path = dir.write("plan.txt", text: lines.joined(separator: "\n") + "\n")
        let text = try [UInt8](contentsOf: path)
        let whole = try readWhole(path, Self.options())
        for count in [2, 3, 7] {
            let inputs = try ExtractionReader.plan(path, options: ReadOptions(), parts: count, from: 0)
            #expect(inputs.count == count)
            #expect(inputs.first?.part?.bytes.lowerBound == Int64(text.firstIndex(of: 0x0A)! + 1))
            #expect(inputs.last?.part?.bytes.upperBound == Int64(text.count))
            for (k, input) in inputs.enumerated() {
                let part = try #require(input.part)
                #expect(part.index == k && part.count == count && !part.bytes.isEmpty)
                #expect(text[Int(part.bytes.lowerBound) - 1] == 0x0A)
                if k > 0 { #expect(inputs[k - 1].part?.bytes.upperBound == part.bytes.lowerBound) }
                #expect(input.estimatedTextBytes == part.bytes.upperBound - (k == 0 ? 0 : part.bytes.lowerBound))
            }
            try expectPartsMake(whole, inputs, Self.options())
        }
        #expect(try ExtractionReader.plan(path, parts: 2).map(\.part) == [nil])  // under halvesThreshold
        #expect(try ExtractionReader.plan(path, options: ReadOptions(), parts: 1, from: 0).map(\.part) == [nil])
    }

    /// Files that are not cut: too few lines or lines too long for all the cuts (fewer parts),
    /// a header alone, gzip, zip, standard input.
    @Test func whatIsNotCut() throws {
        func partCount(_ path: String, _ count: Int = 2) throws -> [Int?] {
            try ExtractionReader.plan(path, options: ReadOptions(), parts: count, from: 0).map { $0.part?.count }
        }
        let header = personneActiviteHeader + "\n"
        #expect(try partCount(dir.write("header.txt", text: header)) == [nil])
        #expect(try partCount(dir.write("one-line.txt", text: header + personneActiviteLine(["8"]) + "\n")) == [nil])
        let long = personneActiviteLine(["8", String(repeating: "x", count: 5_000)])
        #expect(try partCount(dir.write("long.txt", text: header + long + "\n" + long + "\n"), 3) == [2, 2])
        #expect(try partCount("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz") == [nil])
        #expect(try partCount("\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip").allSatisfy { $0 == nil })
        #expect(try partCount("-") == [nil])
        var small = ReadOptions()
        small.maxTextBytes = 100
        #expect(
            try ExtractionReader.plan(dir.write("big.txt", text: header + long + "\n" + long), options: small, parts: 2, from: 0).count == 1
        )
    }

    /// A planned zip entry or gzip file is read whole, as by path.
    @Test func plannedCompressedInputsAreReadWhole() throws {
        for path in [
            "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz", "\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip",
        ] {
            for input in try ExtractionReader.plan(path, options: ReadOptions(), parts: 2, from: 0) {
                var options = Self.options()
                options.entry = input.entry
                let byPath = try ExtractionReader.read(path, options: options) { _ in }.map(comparableJSON)
                #expect(try ExtractionReader.read(input, options: Self.options()) { _ in }.map(comparableJSON) == byPath)
            }
        }
    }

    /// A part whose file changed after it was cut (a line no longer starts where the part does,
    /// or the file is shorter) is an error, not wrong rows.
    @Test func aFileChangedSinceItWasCutIsAnError() throws {
        let lines = spreadLines(60, practitioners: 15)
        let path = dir.write("changing.txt", text: lines.joined(separator: "\n") + "\n")
        let inputs = try ExtractionReader.plan(path, options: ReadOptions(), parts: 2, from: 0)
        try #require(inputs.count == 2)
        dir.write("changing.txt", text: "x" + lines.joined(separator: "\n") + "\n")
        #expect(throws: ExtractionError.self) { try ExtractionReader.read(inputs[1]) { _ in } }
        dir.write("changing.txt", text: lines.dropLast(3).joined(separator: "\n") + "\n")
        #expect(throws: ExtractionError.self) { try ExtractionReader.read(inputs[1]) { _ in } }
    }

    /// A header error is the whole read's, in every part.
    @Test func aBadHeaderFailsEveryPartAsTheWholeRead() throws {
        let path = dir.write("bad.txt", text: "a|b|c\n" + String(repeating: "1|2|3\n", count: 50))
        let expected = extractionError { _ = try ExtractionReader.read(path) { _ in } }
        let inputs = try ExtractionReader.plan(path, options: ReadOptions(), parts: 3, from: 0)
        #expect(inputs.count == 3)
        for input in inputs { #expect(extractionError { _ = try ExtractionReader.read(input) { _ in } } == expected) }
    }
}
