import AnnuaireParsing
import Foundation

/// Writes quarantined lines, raw, one per line: `path<TAB>line<TAB>byte offset<TAB>reason<TAB>bytes`.
/// The raw bytes are kept as they were, so nothing is lost.
final class QuarantineFile {
    private let handle: FileHandle
    private var pending = Data()

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ValidationErrorText("cannot create the quarantine file \(path)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func append(_ path: String, _ line: QuarantinedLine, _ bytes: UnsafeRawBufferPointer) {
        pending.append(contentsOf: "\(path)\t\(line.lineNumber)\t\(line.byteOffset)\t\(line.reason)\t".utf8)
        pending.append(contentsOf: bytes)
        pending.append(0x0A)
        if pending.count > 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("annuaire: \(message)\n".utf8))
}

func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func megabytes(_ bytes: Int64) -> String {
    if bytes < 10_000 { return "\(bytes) B" }
    if bytes < 10_000_000 { return "\((Double(bytes) / 1e3).fixed(1)) kB" }
    return "\((Double(bytes) / 1e6).fixed(1)) MB"
}

func rate(_ bytes: Int64, _ seconds: Double) -> String {
    seconds > 0 ? "\((Double(bytes) / seconds / 1e6).fixed(1)) MB/s" : "n/a"
}

extension Double {
    func fixed(_ digits: Int) -> String { String(format: "%.\(digits)f", self) }
}

extension Int {
    /// 2 300 000 → "2,300,000".
    var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}
