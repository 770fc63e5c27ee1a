import AnnuaireParsing
import Foundation
import Testing

@testable import AnnuaireSynth

/// The lines of a family's text, each split on `|` (a trailing `|` leaves a last empty field).
func splitLines(_ text: [UInt8]) -> [[String]] {
    text.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { line in
        line.split(separator: 0x7C, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The rows of a family's text (header dropped) as dictionaries keyed by column label.
func rows(_ text: [UInt8]) -> [[String: String]] {
    let lines = splitLines(text)
    let header = lines[0]
    return lines.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
}

/// Whether an executable exists.
func tool(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

/// The system tools the cross-checks use, where installed: the tests that need one are
/// `.enabled(if:)` it, so a machine without it reports them skipped, with the reason.
let gzipTool = ["/usr/bin/gzip", "/bin/gzip"].first(where: tool)
let unzipTool = ["/usr/bin/unzip"].first(where: tool)
let python3Tool = ["/usr/bin/python3"].first(where: tool)
let needsGzip = ConditionTrait.enabled(if: gzipTool != nil, "needs gzip (/usr/bin/gzip or /bin/gzip) to cross-check against")
let needsUnzip = ConditionTrait.enabled(if: unzipTool != nil, "needs unzip (/usr/bin/unzip, Debian package unzip) to cross-check against")
let needsPython3 = ConditionTrait.enabled(if: python3Tool != nil, "needs /usr/bin/python3 (its zipfile module) to cross-check against")

/// Runs a command and returns its standard output and exit status.
func run(_ command: String, _ arguments: [String]) throws -> (output: [UInt8], status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ([UInt8](data), process.terminationStatus)
}

func contents(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

/// Reads `path` with the project's reader; expects no quarantined line and no warning anywhere.
@discardableResult
func expectCleanScan(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [ScanReport] {
    let reports = try ExtractionReader.read(path) { _ in }
    for report in reports {
        #expect(report.quarantined == 0, "\(report.path) \(report.entry ?? ""): \(report.quarantine)", sourceLocation: sourceLocation)
        #expect(report.warnings.isEmpty, "\(report.path) \(report.entry ?? ""): \(report.warnings)", sourceLocation: sourceLocation)
        #expect(report.blankLines == 0, sourceLocation: sourceLocation)
    }
    return reports
}

/// The scale the in-memory tests use: a few thousand practitioners.
let testScale = 0.002

/// Byte equality without Swift Testing's diff of the two values (too slow on megabytes).
func same(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b }

/// FNV-1a, 64 bits: a digest of bytes that needs no library (for the standard set's fixed bytes).
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return hash
}

/// The values of one column over the rows of a family's text.
func column(_ text: [UInt8], _ label: String) -> [String] {
    let lines = splitLines(text)
    guard let i = lines.first?.firstIndex(of: label) else { return [] }
    return lines.dropFirst().map { $0[i] }
}
