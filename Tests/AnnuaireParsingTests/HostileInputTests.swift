import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing

/// Issue 6, resource bounds: inputs built to exhaust memory or time are stopped by a limit, with
/// a message that names the file and the limit.
@Suite struct HostileInputTests {
    let dir = TemporaryDirectory()

    /// A zip entry that inflates a thousandfold (16 MiB of newlines in about 16 KiB) against a
    /// 4 MiB limit: refused as a probable zip bomb after 4 MiB, not read to its end.
    @Test func aZipBombIsStoppedAtTheByteLimit() throws {
        let path = dir.path + "/PS_LibreAcces_\(fixtureStamp).zip"
        let zip = try ZipWriter(path: path)
        try zip.beginEntry(name: "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", method: .deflate, level: 9)
        try zip.write(Array((PersonneActiviteColumn.labels.joined(separator: "|") + "|\n").utf8))
        let newlines = [UInt8](repeating: 0x0A, count: 1 << 20)
        for _ in 0..<16 { try zip.write(newlines) }
        try zip.endEntry()
        let size = try zip.finish()
        #expect(size < 64 << 10)
        var options = ReadOptions()
        options.maxTextBytes = 4 << 20
        let error = extractionError { _ = try scanOne(path, options: options) }
        guard case .tooManyBytes(let label, let limit) = error else {
            Issue.record("expected the byte limit, got \(String(describing: error))")
            return
        }
        #expect(label.contains("PS_LibreAcces_Personne_activite"))
        #expect(limit == 4 << 20)
        #expect(String(describing: error!).contains("zip bomb"))
    }

    /// The same limit holds for gzip (one member or many) and plain text.
    @Test func theByteLimitHoldsForEveryContainer() throws {
        let text = PersonneActiviteColumn.labels.joined(separator: "|") + "|\n" + String(repeating: "\n", count: 3 << 20)
        let plain = dir.write("PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", text: text)
        let gzPath = dir.path + "/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz"
        let gz = try GzipWriter(path: gzPath)
        try gz.write(Array(text.utf8))
        _ = try gz.finish()
        var options = ReadOptions()
        options.maxTextBytes = 1 << 20
        for path in [plain, gzPath] {
            guard case .tooManyBytes = extractionError({ _ = try scanOne(path, options: options) }) else {
                Issue.record("\(path): the byte limit did not stop it")
                continue
            }
        }
    }

    /// A header of two million columns is longer than the line limit: refused before any column
    /// is bound. A wide header within the line limit is refused by the column limit.
    @Test func millionsOfColumnsAreRefusedByTheLimits() throws {
        let huge = dir.write("huge.txt", text: String(repeating: "c|", count: 2_000_000) + "\n")
        #expect(extractionError { _ = try scanOne(huge) } == .headerTooLong(path: huge, limit: 1 << 20))
        let wide = dir.write("wide.txt", text: String(repeating: "c|", count: 100_000) + "\n")
        #expect(extractionError { _ = try scanOne(wide) } == .tooManyColumns(path: wide, count: 100_000, limit: 4096))
    }

    /// A row of 500,000 fields (within the line limit) is quarantined for its field count; the
    /// splitter records at most its capacity of separators, so memory does not follow the row.
    @Test func aRowOfHalfAMillionFieldsIsQuarantined() throws {
        let header = PersonneActiviteColumn.labels.joined(separator: "|") + "|"
        let ok = personneActiviteLine(["8", "10000000017", "810000000017"])
        let wide = String(repeating: "|", count: 500_000)
        let path = dir.write(
            "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", text: [header, wide, ok].joined(separator: "\n") + "\n")
        let report = try scanOne(path)
        #expect(report.rows == 1)
        #expect(report.quarantined == 1)
        #expect(report.quarantine.first?.lineNumber == 2)
        #expect(String(describing: report.quarantine.first!.reason) == "500001 fields where the header has 56 columns")
    }

    /// Two names for one stored stream (the overlapping-entries zip bomb) are refused before any
    /// byte is read.
    @Test func overlappingEntriesAreRefused() throws {
        let data = Array((PersonneActiviteColumn.labels.joined(separator: "|") + "|\n").utf8)
        let a = "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt"
        let b = "PS_LibreAcces_SavoirFaire_\(fixtureStamp).txt"
        let overlapping = dir.write("overlap.zip", storedZip(data: data, localName: a, centralNames: [a, b]))
        guard case .notAZip(_, let reason) = extractionError({ _ = try ExtractionReader.read(overlapping) { _ in } }) else {
            Issue.record("overlapping entries were not refused")
            return
        }
        #expect(reason.contains("overlap"))
        // The same archive with one name is read.
        let single = dir.write("single.zip", storedZip(data: data, localName: a, centralNames: [a]))
        #expect(try scanOne(single).family == .personneActivite)
    }

    /// A stored zip whose central directory lists `centralNames`, all pointing at one local entry.
    private func storedZip(data: [UInt8], localName: String, centralNames: [String]) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
        let crc = Int(data.withUnsafeBytes { crc32(0, $0) })
        let name = Array(localName.utf8)
        var zip = le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
        zip += le32(crc) + le32(data.count) + le32(data.count) + le16(name.count) + le16(0) + name + data
        let directoryOffset = zip.count
        for central in centralNames.map({ Array($0.utf8) }) {
            zip += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            zip += le32(crc) + le32(data.count) + le32(data.count) + le16(central.count) + le16(0) + le16(0)
            zip += le16(0) + le16(0) + le32(0) + le32(0) + central
        }
        let directorySize = zip.count - directoryOffset
        zip += le32(0x0605_4B50) + le16(0) + le16(0) + le16(centralNames.count) + le16(centralNames.count)
        zip += le32(directorySize) + le32(directoryOffset) + le16(0)
        return zip
    }
}
