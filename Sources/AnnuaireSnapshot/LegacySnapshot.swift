@_spi(Internals) import AnnuaireParsing
import Foundation

/// A snapshot of format version 2, read only as the base of an ingest: its practitioners' rows
/// come out in the form format 3 stores (`RowText`), so that its families carry over into the new
/// snapshot, and the night's changes can be counted against it.
///
/// Format 2 (`docs/snapshot-format.md`, "Format 2"): a row is a family byte, a LEB128 bitmap of its
/// non-empty columns, then per value a LEB128 tag (even: an interned string's id; odd: that many
/// inline bytes); a personne-activite row leaves its structure columns out and ends with a
/// structure reference (0 none, n structure n − 1) into a table of such encodings. Blocks are a
/// row count and length-framed rows; indexes are `{ key, offset, check }` entries.
final class LegacySnapshot: @unchecked Sendable {
    // @unchecked Sendable: the mapping is read-only and never changes.
    let path: String
    let file: MappedFile
    let header: SnapshotHeader
    let provenance: SnapshotProvenance
    let count: Int
    private let strings: UnsafeRawBufferPointer
    private let stringCount: Int
    private let records: UnsafeRawBufferPointer
    private let structures: UnsafeRawBufferPointer
    private let keys: UnsafeRawBufferPointer
    private let orgIndex: UnsafeRawBufferPointer
    private let orgCount: Int
    private let orgRecords: UnsafeRawBufferPointer

    /// Format 2's section kinds.
    private enum Kind: UInt32 { case provenance = 1, strings, records, structures, keys, orgIndex, orgRecords }

    init(file: MappedFile, header: SnapshotHeader) throws(SnapshotError) {
        path = file.path
        self.file = file
        self.header = header
        let bytes = file.bytes
        let path = file.path
        func region(_ kind: Kind) throws(SnapshotError) -> UnsafeRawBufferPointer {
            guard let s = header.section(kind.rawValue) else { throw .corrupt("the format-2 snapshot \(path) has no \(kind) section") }
            return UnsafeRawBufferPointer(rebasing: bytes[s.range])
        }
        strings = try region(.strings)
        records = try region(.records)
        structures = try region(.structures)
        keys = try region(.keys)
        orgIndex = try region(.orgIndex)
        orgRecords = try region(.orgRecords)
        guard strings.count >= 4, keys.count >= 8, orgIndex.count >= 8 else { throw .corrupt("the format-2 snapshot \(path) is too short") }
        stringCount = Int(strings.le(0, as: UInt32.self))
        guard 4 + 4 * (stringCount + 1) <= strings.count else { throw .corrupt("the string table of \(path) does not fit") }
        count = Int(clamping: keys.le(0, as: UInt64.self))
        orgCount = Int(clamping: orgIndex.le(0, as: UInt64.self))
        guard count == (keys.count - 8) / 24, orgCount == (orgIndex.count - 8) / 24 else {
            throw .corrupt("an index of the format-2 snapshot \(path) does not match its section")
        }
        do {
            provenance = try JSONDecoder().decode(SnapshotProvenance.self, from: Data(try region(.provenance)))
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw .corrupt("the provenance section of \(path) cannot be read (\(error))")
        }
    }

    /// Entry `i` of a `{ key, offset, check }` index, checked.
    private func entry(_ index: UnsafeRawBufferPointer, _ i: Int) throws(SnapshotError) -> (key: UInt64, offset: UInt64) {
        let at = 8 + 24 * i
        let key: UInt64 = index.le(at)
        let offset: UInt64 = index.le(at + 8)
        guard index.le(at + 16, as: UInt64.self) == SnapshotFormat.entryCheck(key, offset) else {
            throw .corrupt("entry \(i) of an index of \(path) is damaged")
        }
        return (key, offset)
    }

    /// The key of practitioner `i` (0..<count).
    func key(at i: Int) throws(SnapshotError) -> PractitionerKey { PractitionerKey(rawValue: try entry(keys, i).key) }

    /// The rows of practitioner `i`, rebuilt in the form format 3 stores into `scratch` (emptied
    /// first), as views into it; returns the practitioner's key.
    @discardableResult
    func rows(at i: Int, into rows: inout [RowView], scratch: inout ByteSink) throws(SnapshotError) -> PractitionerKey {
        let (raw, offset) = try entry(keys, i)
        let key = PractitionerKey(rawValue: raw)
        try rebuild(records, at: offset, key: KeyText(key), into: &rows, scratch: &scratch)
        return key
    }

    /// The number of groups of ORG mailbox rows.
    var organisationGroups: Int { orgCount }

    /// The ORG mailbox rows of group `i`, rebuilt as format 3 stores them; returns the group's hash.
    func organisationRows(at i: Int, into rows: inout [RowView], scratch: inout ByteSink) throws(SnapshotError) -> UInt64 {
        let (hash, offset) = try entry(orgIndex, i)
        try rebuild(orgRecords, at: offset, key: nil, into: &rows, scratch: &scratch)
        return hash
    }

    /// Gives the mapped pages back.
    func releasePages() { file.releasePages() }

    /// Decodes the block at `offset` of `region` and writes its rows' texts into `scratch`.
    private func rebuild(
        _ region: UnsafeRawBufferPointer, at offset: UInt64, key: KeyText?, into rows: inout [RowView], scratch: inout ByteSink
    ) throws(SnapshotError) {
        rows.removeAll(keepingCapacity: true)
        scratch.removeAll()
        guard offset < UInt64(region.count) else { throw .corrupt("a block of \(path) lies outside its section") }
        var block = ByteSource(region, at: Int(offset))
        let count = try block.varint()
        guard count > 0, count <= UInt64(BlockCodec.maxRows) else { throw .corrupt("a block of \(path) holds \(count) rows") }
        var built: [(RowLayout.Head, Range<Int>, Range<Int>?, Int?)] = []
        var values = [UnsafeRawBufferPointer?](repeating: nil, count: 64)
        for _ in 0..<count {
            var row = ByteSource(try block.bytes(Int(clamping: try block.varint())))
            let code = try row.u8()
            guard Int(code) < Family.all.count else { throw .corrupt("a row of \(path) has family code \(code)") }
            let family = Family.all[Int(code)]
            for c in values.indices { values[c] = nil }
            let structureID = try decodeRow(&row, family: family, into: &values)
            let (head, text, structure) = RowText.build(family, key: key, into: &scratch) {
                values[$0] ?? UnsafeRawBufferPointer(start: nil, count: 0)
            }
            built.append((head, text, structure, structureID))
        }
        let contents = scratch.contents
        for (head, text, structure, structureID) in built {
            rows.append(
                RowView(
                    head: head, text: UnsafeRawBufferPointer(rebasing: contents[text]),
                    structure: structure.map { UnsafeRawBufferPointer(rebasing: contents[$0]) }, structureID: structureID))
        }
    }

    /// Decodes a format-2 row (after its family byte) into `values` (by column); returns its
    /// structure's id, if any.
    private func decodeRow(_ source: inout ByteSource, family: Family, into values: inout [UnsafeRawBufferPointer?]) throws(SnapshotError)
        -> Int?
    {
        let bitmap = try source.varint()
        guard 64 - bitmap.leadingZeroBitCount <= family.columns.count else {
            throw .corrupt("a row of \(path) has a value past its columns")
        }
        guard family == .personneActivite else {
            try decodeValues(&source, bitmap: bitmap, base: 0, into: &values)
            return nil
        }
        let range = RowLayout.structureColumns
        try decodeValues(&source, bitmap: bitmap, base: 0, into: &values)
        guard bitmap & (1 << UInt64(range.upperBound + 1) - 1) & ~(1 << UInt64(range.lowerBound) - 1) == 0 else {
            throw .corrupt("a personne-activite row of \(path) holds a structure column itself")
        }
        let reference = try source.varint()
        guard reference > 0 else { return nil }
        let id = Int(clamping: reference - 1)
        var structure = ByteSource(try structureBytes(id))
        let bits = try structure.varint()
        guard 64 - bits.leadingZeroBitCount <= range.count else {
            throw .corrupt("structure \(id) of \(path) has a value outside its columns")
        }
        try decodeValues(&structure, bitmap: bits, base: range.lowerBound, into: &values)
        return id
    }

    /// Decodes the values of the columns set in `bitmap` (bit i: column `base + i`).
    private func decodeValues(_ source: inout ByteSource, bitmap: UInt64, base: Int, into values: inout [UnsafeRawBufferPointer?])
        throws(SnapshotError)
    {
        var bits = bitmap
        while bits != 0 {
            let column = base + bits.trailingZeroBitCount
            bits &= bits - 1
            let tag = try source.varint()
            values[column] = tag & 1 == 1 ? try source.bytes(Int(clamping: tag >> 1)) : try string(Int(clamping: tag >> 1))
        }
    }

    private func string(_ id: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard id >= 0, id < stringCount else { throw .corrupt("string \(id) of \(path) is out of range") }
        let start = Int(strings.le(4 + 4 * id, as: UInt32.self))
        let end = Int(strings.le(4 + 4 * (id + 1), as: UInt32.self))
        let body = 4 + 4 * (stringCount + 1)
        guard start <= end, end <= strings.count - body else { throw .corrupt("string \(id) of \(path) is out of range") }
        return UnsafeRawBufferPointer(rebasing: strings[(body + start)..<(body + end)])
    }

    private func structureBytes(_ id: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard structures.count >= 8 else { throw .corrupt("the structure table of \(path) is too short") }
        let n = Int(clamping: structures.le(0, as: UInt64.self))
        guard id >= 0, id < n, n < (structures.count - 8) / 8 else { throw .corrupt("structure \(id) of \(path) is out of range") }
        let start = Int(clamping: structures.le(8 + 8 * id, as: UInt64.self))
        let end = Int(clamping: structures.le(8 + 8 * (id + 1), as: UInt64.self))
        let body = 8 + 8 * (n + 1)
        guard start <= end, end <= structures.count - body else { throw .corrupt("structure \(id) of \(path) is out of range") }
        return UnsafeRawBufferPointer(rebasing: structures[(body + start)..<(body + end)])
    }
}
