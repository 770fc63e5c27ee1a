import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// Hostile sections that the reader must answer with `SnapshotError.corrupt`, never a trap: the
/// format-3 forms of what `FuzzTesting/` (FuzzSnapshot) found in format 2, and what reading the
/// new code suggested. Each case takes the snapshot of the fixtures and replaces sections with the
/// bytes written here (each block with a right CRC-32C, so the damage reaches the code past the
/// check), then puts the file size and every checksum right.
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
            let at = 40 + i * SnapshotHeader.sectionEntrySize
            let kind = bytes.withUnsafeBytes { SnapshotFormat.Section(rawValue: $0.le(at, as: UInt32.self)) }
            guard let kind, let content = replacements[kind] else { continue }
            while bytes.count % 8 != 0 { bytes.append(0) }
            put(UInt64(bytes.count), at: at + 8)
            put(UInt64(content.count), at: at + 16)
            put(content.withUnsafeBytes { SnapshotFormat.check($0) }, at: at + 4)
            bytes += content
        }
        put(UInt64(bytes.count), at: 16)
        let header = SnapshotHeader.size
        put(bytes.withUnsafeBytes { AnnuaireParsing.crc32(0, UnsafeRawBufferPointer(rebasing: $0[0..<(header - 4)])) }, at: header - 4)
        let path = dir.path + "/fuzz-\(UUID().uuidString).annuaire"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// A key index of one entry: `key` → offset 0.
    private func index(_ key: UInt64) -> [UInt8] {
        var sink = ByteSink()
        sink.u64(1)
        sink.u32(UInt32(KeyIndex.defaultStride))
        sink.u32(0)
        sink.u64(key)
        sink.u64(0)
        sink.u64(SnapshotFormat.entryCheck(key, 0))
        sink.u64(key)  // the summary
        sink.u64(key)  // the top level
        return sink.bytes
    }

    /// A block: its CRC-32C, the row count, then `rows` as given.
    private func block(rows count: UInt64, _ rows: [UInt8]) -> [UInt8] {
        var body = ByteSink()
        body.varint(count)
        body.append(rows)
        var sink = ByteSink()
        sink.u32(SnapshotFormat.check(body.contents))
        sink.append(body.contents)
        return sink.bytes
    }

    private let key = PractitionerKey(type: "8", identifier: "10000000015")!

    /// Whether `body` throws `SnapshotError.corrupt` with a message containing `reason`.
    private func isCorrupt(_ reason: String, _ body: () throws -> Void) -> Bool {
        if case let .corrupt(what) = snapshotError(body) { return what.contains(reason) }
        return false
    }

    @Test func theHeadBytesAreTheOnesTheBytesBelowUse() throws {
        #expect(RowLayout.Head(family: .personneActivite, identityElided: false, structure: .none).byte == 0x00)
        #expect(RowLayout.Head(family: .diplomes, identityElided: false, structure: .none).byte == 0x02)
        #expect(RowLayout.Head(family: .mssante, identityElided: false, structure: .none).byte == 0x04)
        #expect(RowLayout.Head(family: .personneActivite, identityElided: true, structure: .reference).byte == 0x28)
        // Codes and indexes are places in `allCases`, written out as switches.
        #expect(Family.allCases.map(\.index) == Array(Family.allCases.indices))
        #expect(Source.allCases.map(\.index) == Array(Source.allCases.indices))
        // Not heads: a family past the five, reserved bits, a structure on a row of another family.
        #expect(RowLayout.Head(0x05) == nil)
        #expect(RowLayout.Head(0x40) == nil)
        #expect(RowLayout.Head(0x12) == nil)
    }

    /// A practitioner block of zero rows: `Practitioner` took `rows.first!` (nil unwrapped).
    @Test func aBlockWithoutRowsIsCorrupt() throws {
        let path = try snapshot(replacing: [.records: block(rows: 0, []), .keys: index(key.rawValue)])
        let snapshot = try Snapshot(path: path)
        try snapshot.verify()
        #expect(isCorrupt("holds 0 rows") { _ = try snapshot.lookup(key) })
        #expect(isCorrupt("holds 0 rows") { _ = try snapshot.practitioner(key) })
        #expect(isCorrupt("holds 0 rows") { try snapshot.forEachPractitioner { _ in } })
    }

    /// A block whose check does not match its bytes.
    @Test func aDamagedBlockIsCorrupt() throws {
        var records = block(rows: 1, [0x02, 0x01, 0x41])
        records[records.count - 1] ^= 0x01
        let path = try snapshot(replacing: [.records: records, .keys: index(key.rawValue)])
        #expect(isCorrupt("check mismatch") { _ = try Snapshot(path: path).lookup(key) })
    }

    /// A structure reference far past the records (2⁶³): no offset arithmetic may trap.
    @Test func aStructureReferenceOutsideTheRecordsIsCorrupt() throws {
        let rows: [UInt8] = [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00]
        let path = try snapshot(replacing: [.records: block(rows: 1, rows), .keys: index(key.rawValue)])
        #expect(isCorrupt("points outside") { _ = try Snapshot(path: path).practitioner(key) })
    }

    /// A structure reference to a place that holds no structure: its check cannot match.
    @Test func aStructureReferenceToSomethingElseIsCorrupt() throws {
        let rows: [UInt8] = [0x20, 0x00, 0x00]
        let path = try snapshot(replacing: [.records: block(rows: 1, rows), .keys: index(key.rawValue)])
        #expect(isCorrupt("structure") { _ = try Snapshot(path: path).practitioner(key) })
    }

    /// A diplomes row with more values than the family has columns: the `Practitioner` view
    /// indexed its column tables out of range.
    @Test func aValuePastTheFamilysColumnsIsCorrupt() throws {
        let text = Array(String(repeating: "A|", count: 20).utf8)
        let path = try snapshot(replacing: [.records: block(rows: 1, [0x02, UInt8(text.count)] + text), .keys: index(key.rawValue)])
        #expect(isCorrupt("more values than its columns") { _ = try Snapshot(path: path).practitioner(key) })
    }

    /// The same past the structure columns: an inline structure of 29 values.
    @Test func aStructureValuePastTheStructureColumnsIsCorrupt() throws {
        let structure = Array(String(repeating: "A|", count: 29).utf8)
        var inline = ByteSink()
        structure.withUnsafeBytes { inline.u32(SnapshotFormat.check($0)) }
        inline.varint(UInt64(structure.count))
        inline.append(structure)
        let rows = [0x10] + inline.bytes + [0x00]
        let path = try snapshot(replacing: [.records: block(rows: 1, rows), .keys: index(key.rawValue)])
        #expect(isCorrupt("more than 28 values") { _ = try Snapshot(path: path).practitioner(key) })
    }

    /// A row whose head byte is not one the format writes.
    @Test func aBadHeadIsCorrupt() throws {
        let path = try snapshot(replacing: [.records: block(rows: 1, [0x07, 0x00]), .keys: index(key.rawValue)])
        #expect(isCorrupt("bad head") { _ = try Snapshot(path: path).practitioner(key) })
    }

    /// An index whose count does not match its section is refused on open.
    @Test func anIndexOfTheWrongSizeIsRefused() throws {
        var keys = index(key.rawValue)
        keys[0] = 2
        let path = try snapshot(replacing: [.keys: keys])
        #expect(isCorrupt("does not match its section") { _ = try Snapshot(path: path) })
    }

    /// An ORG mailbox group holding a personne-activite row: reading its mssante column failed
    /// the subscript's family precondition (a nightly ingest carrying mailboxes over from such a
    /// base would have trapped too).
    @Test func aNonMailboxRowInTheOrganisationGroupsIsCorrupt() throws {
        let structure = "750000010"
        let hash = Array(structure.utf8).withUnsafeBytes { fnv1a($0) }
        let path = try snapshot(replacing: [.orgKeys: index(hash), .orgRecords: block(rows: 1, [0x00, 0x01, 0x41])])
        let snapshot = try Snapshot(path: path)
        #expect(isCorrupt("ORG mailbox group holds") { _ = try snapshot.organisationMailboxes(structure: structure) })
        #expect(isCorrupt("ORG mailbox group holds") { try snapshot.forEachOrganisationMailbox { _ in } })
    }
}
