import Foundation
import Testing

@testable import AnnuaireParsing

/// Every row of `path` as its fields' text (known columns, in family order), with the reports.
func readAll(_ path: String, options: ReadOptions = ReadOptions()) throws -> (reports: [ScanReport], rows: [[String]]) {
    var rows: [[String]] = []
    let reports = try ExtractionReader.read(path, options: options) { record in
        rows.append((0..<record.family.columns.count).map { record.string(known: $0) })
    }
    return (reports, rows)
}

/// Reads and expects one report.
func scanOne(_ path: String, options: ReadOptions = ReadOptions()) throws -> ScanReport {
    let reports = try ExtractionReader.read(path, options: options) { _ in }
    try #require(reports.count == 1)
    return reports[0]
}

/// The error `body` throws, as an `ExtractionError`.
func extractionError(_ body: () throws -> Void) -> ExtractionError? {
    do {
        try body()
        return nil
    } catch let error as ExtractionError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Runs a command and returns its standard output.
func run(_ command: String, _ arguments: [String], input: Data? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    if let input {
        let pipe = Pipe()
        process.standardInput = pipe
        try process.run()
        pipe.fileHandleForWriting.write(input)
        try pipe.fileHandleForWriting.close()
    } else {
        try process.run()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

let personneActiviteHeader = PersonneActiviteColumn.labels.joined(separator: "|") + "|"

/// A personne-activite line of `columns` columns with the given values at the start.
func personneActiviteLine(_ values: [String], columns: Int = 56) -> String {
    (values + Array(repeating: "", count: columns - values.count)).joined(separator: "|") + "|"
}

/// A personne-activite file's lines (BOM and header first) of `rows` lines: every 7th too short
/// to be a row, every 7th from the 3rd with a bad RPPS key, every 7th from the 5th blank when
/// asked, the others rows of `practitioners` practitioners in turn.
func spreadLines(_ rows: Int, practitioners: Int, blankLines: Bool = false) -> [String] {
    var lines = ["\u{FEFF}" + personneActiviteHeader]
    for n in 1...rows {
        switch n % 7 {
        case 0: lines.append("8|\(rpps(n))|8\(rpps(n))|")  // too few fields
        case 3: lines.append(personneActiviteLine(["8", "10000000000", "810000000000"]))  // bad RPPS key
        case 5 where blankLines: lines.append("")
        default:
            let id = rpps(n % practitioners)
            lines.append(personneActiviteLine(["8", id, "8" + id, "", "", "M", "Élodie"]))
        }
    }
    return lines
}

/// The offset of every line of `text` but the first.
func lineStarts(_ text: [UInt8]) -> [Int64] {
    text.indices.filter { $0 > 0 && text[$0 - 1] == UInt8(ascii: "\n") }.map(Int64.init)
}

/// A valid RPPS with sequence number `n`.
func rpps(_ n: Int) -> String {
    let payload = "10" + String(repeating: "0", count: 8 - String(n).count) + String(n)
    return payload + String(UnicodeScalar(Luhn.checkDigit(for: Array(payload.utf8))))
}

enum CocoaShimError: Error { case missing(String) }

enum FileManagerShim {
    static func contents(atPath path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// A cartes line of practitioner `n` whose first name is `name` (bytes in any encoding).
func cartesLine(_ n: Int, name: [UInt8]) -> [UInt8] {
    Array("8|\(rpps(n))|8\(rpps(n))|DURAND|".utf8) + name + Array("|10|M|C|Civil|CPS|Carte|123|8\(rpps(n))||||\n".utf8)
}

/// The cartes header line.
let cartesHeader = Array((CartesColumn.labels.joined(separator: "|") + "|\n").utf8)

/// `Élodie` in UTF-8, in Windows-1252, and `Elodie` (ASCII).
let utf8Name = Array("Élodie".utf8)
let windowsName: [UInt8] = [0xC9] + Array("lodie".utf8)
let asciiName = Array("Elodie".utf8)
