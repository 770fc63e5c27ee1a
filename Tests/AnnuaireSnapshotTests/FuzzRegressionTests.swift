import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// Inputs found by `FuzzTesting/` (FuzzSnapshot) that crashed the reader, and one found reading
/// that code: each must now give `SnapshotError.corrupt`. Each case takes the snapshot of the
/// fixtures and replaces sections with the bytes written here (the minimised finding), then puts
/// the file size and every CRC-32 right, so the damage reaches the code that used to trap.
@Suite struct FuzzRegressionTests {
    let dir = TemporaryDirectory()

    /// The fixture snapshot with `replacements` appended at its end and the section table pointed
    /// at them; checksums recomputed. Returns the path of the new file.
    private func snapshot(replacing replacements: [SnapshotFormat.Section: [UInt8]]) throws -> String {
        try ingest(fixtureFiles, into: dir.snapshot)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)))
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
        }
        let count = bytes.withUnsafeBytes { Int($0.le(32, as: UInt32.self)) }
        for i in 0..<count {
            let at = 40 + i * SnapshotFormat.sectionEntrySize
            let kind = bytes.withUnsafeBytes { SnapshotFormat.Section(rawValue: $0.le(at, as: UInt32.self)) }
            guard let kind, let content = replacements[kind] else { continue }
            put(UInt64(bytes.count), at: at + 8)
            put(UInt64(content.count), at: at + 16)
            put(content.withUnsafeBytes { AnnuaireParsing.crc32(0, $0) }, at: at + 4)
            bytes += content
        }
        put(UInt64(bytes.count), at: 16)
        let header = SnapshotFormat.headerSize
        put(bytes.withUnsafeBytes { AnnuaireParsing.crc32(0, UnsafeRawBufferPointer(rebasing: $0[0..<(header - 4)])) }, at: header - 4)
        let path = dir.path + "/fuzz-\(UUID().uuidString).annuaire"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// A key index of one entry: `key` → block at offset 0 of the records.
    private func keys(_ key: PractitionerKey) -> [UInt8] {
        var sink = ByteSink()
        sink.u64(1)
        sink.u64(key.rawValue)
        sink.u64(0)
        sink.u64(SnapshotFormat.entryCheck(key.rawValue, 0))
        return sink.bytes
    }

    private let key = PractitionerKey(type: "8", identifier: "10000000015")!

    /// Whether `body` throws `SnapshotError.corrupt` with a message containing `reason`.
    private func isCorrupt(_ reason: String, _ body: () throws -> Void) -> Bool {
        if case let .corrupt(what) = snapshotError(body) { return what.contains(reason) }
        return false
    }

    @Test func theFamilyCodesAreTheOnesTheBytesBelowUse() throws {
        #expect(RowCodec.code(.personneActivite) == 0)
        #expect(RowCodec.code(.diplomes) == 2)
        #expect(RowCodec.code(.mssante) == 4)
        // Codes and indexes are places in `allCases`, written out as switches.
        #expect(Family.allCases.map(\.index) == Array(Family.allCases.indices))
        #expect(try Family.allCases.map { try RowCodec.family(code: RowCodec.code($0)) } == Family.allCases)
        #expect(Source.allCases.map(\.index) == Array(Source.allCases.indices))
    }

    /// A practitioner block of zero rows: `Practitioner` took `rows.first!` (nil unwrapped).
    @Test func aBlockWithoutRowsIsCorrupt() throws {
        let path = try snapshot(replacing: [.records: [0x00], .keys: keys(key)])
        let snapshot = try Snapshot(path: path)
        try snapshot.verify()
        #expect(isCorrupt("has no rows") { _ = try snapshot.lookup(key) })
        #expect(isCorrupt("has no rows") { _ = try snapshot.practitioner(key) })
        #expect(isCorrupt("has no rows") { try snapshot.forEachPractitioner { _ in } })
    }

    /// A personne-activite row pointing at structure 0 of a structure table whose count is
    /// 2⁶⁴ − 1: `8 + 8 * (n + 1)` overflowed (arithmetic overflow trap).
    @Test func aHugeStructureCountIsCorrupt() throws {
        // block: 1 row of 3 bytes = family 0, empty bitmap, structure reference 1 (structure 0)
        let records: [UInt8] = [0x01, 0x03, 0x00, 0x00, 0x01]
        let structures: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        let path = try snapshot(replacing: [.records: records, .structures: structures, .keys: keys(key)])
        let snapshot = try Snapshot(path: path)
        #expect(isCorrupt("structure 0 out of range") { _ = try snapshot.practitioner(key) })
    }

    /// A structure whose offsets are near 2⁶³: `body + end` overflowed.
    @Test func aHugeStructureOffsetIsCorrupt() throws {
        let records: [UInt8] = [0x01, 0x03, 0x00, 0x00, 0x01]
        let structures: [UInt8] = [
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 1 structure
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // starts at 0
            0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F,  // ends near Int.max
        ]
        let path = try snapshot(replacing: [.records: records, .structures: structures, .keys: keys(key)])
        let snapshot = try Snapshot(path: path)
        #expect(isCorrupt("structure 0 out of range") { _ = try snapshot.practitioner(key) })
    }

    /// A diplomes row whose bitmap sets bit 63, a column the family does not have: the
    /// `Practitioner` view indexed its column tables out of range.
    @Test func aValuePastTheFamilysColumnsIsCorrupt() throws {
        // block: 1 row of 13 bytes = family 2, bitmap 1 << 63 (LEB128), inline value "A"
        let records: [UInt8] = [0x01, 0x0D, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x03, 0x41]
        let path = try snapshot(replacing: [.records: records, .keys: keys(key)])
        let snapshot = try Snapshot(path: path)
        #expect(isCorrupt("past its 13 columns") { _ = try snapshot.practitioner(key) })
    }

    /// The same past the structure columns: structure bitmap bit 63 is column 19 + 63.
    @Test func aStructureValuePastTheStructureColumnsIsCorrupt() throws {
        let records: [UInt8] = [0x01, 0x03, 0x00, 0x00, 0x01]
        let structures: [UInt8] = [
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 1 structure
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // starts at 0
            0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // ends at 12
            0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x03, 0x41,  // bitmap 1 << 63, "A"
        ]
        let path = try snapshot(replacing: [.records: records, .structures: structures, .keys: keys(key)])
        let snapshot = try Snapshot(path: path)
        #expect(isCorrupt("outside the structure columns") { _ = try snapshot.practitioner(key) })
    }

    /// An ORG mailbox group holding a personne-activite row: reading its mssante column failed
    /// the subscript's family precondition (found reviewing the fuzzer's findings; a nightly
    /// ingest carrying mailboxes over from such a base would have trapped too).
    @Test func aNonMailboxRowInTheOrganisationGroupsIsCorrupt() throws {
        let structure = "750000010"
        let hash = Array(structure.utf8).withUnsafeBytes { fnv1a($0) }
        var index = ByteSink()
        index.u64(1)
        index.u64(hash)
        index.u64(0)
        index.u64(SnapshotFormat.entryCheck(hash, 0))
        // group: 1 row of 3 bytes = family 0, empty bitmap, no structure
        let orgRecords: [UInt8] = [0x01, 0x03, 0x00, 0x00, 0x00]
        let path = try snapshot(replacing: [.orgIndex: index.bytes, .orgRecords: orgRecords])
        let snapshot = try Snapshot(path: path)
        #expect(isCorrupt("ORG mailbox group holds") { _ = try snapshot.organisationMailboxes(structure: structure) })
        #expect(isCorrupt("ORG mailbox group holds") { try snapshot.forEachOrganisationMailbox { _ in } })
    }
}
