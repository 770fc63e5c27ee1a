import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// Compares the practitioners' blocks of two snapshots as stored, without decoding them into
/// strings: the merge under `SnapshotDiff` and the ingest's change summary.
///
/// Two snapshots number their interned strings and structures each in its own order, so equal
/// rows need not be equal bytes. A row is compared value by value: two interned values through
/// a map from the old snapshot's string ids to the new one's (built once, one pass over each
/// string table), inline values (and an interned value against an inline one) by their bytes,
/// structure references by comparing the two structures' encodings the same way, remembering
/// each pair found equal. When the two snapshots have the same string table and structures byte
/// for byte, rows are compared as bytes.
final class BlockComparison {
    let old: Snapshot
    let new: Snapshot
    /// Whether rows can be compared as bytes (same strings and structures sections).
    private let sameTables: Bool
    /// Old string id → the new id of the same bytes, or -1. A `let`: read on every value, it
    /// must not pay the exclusivity checks of a class's mutable property.
    private let stringMap: [Int32]
    /// Old structure → a new structure known to be equal to it, or -1.
    private var structureMap: [Int32] = []

    /// One row of a block: its family code and bytes (in the mapping).
    struct Row {
        var family: UInt8
        var bytes: UnsafeRawBufferPointer
    }

    init(old: Snapshot, new: Snapshot) throws {
        self.old = old
        self.new = new
        sameTables = Self.sameSection(.strings, old, new) && Self.sameSection(.structures, old, new)
        guard !sameTables else {
            stringMap = []
            return
        }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(new.strings.count)
        for id in 0..<new.strings.count { ids[try new.strings.string(id)] = Int32(id) }
        stringMap = try (0..<old.strings.count).map { ids[try old.strings.string($0)] ?? -1 }
        structureMap = Array(repeating: -1, count: Self.structureCount(old))
    }

    private static func sameSection(_ kind: SnapshotFormat.Section, _ a: Snapshot, _ b: Snapshot) -> Bool {
        guard let x = a.sections[kind], let y = b.sections[kind], x.length == y.length, x.crc == y.crc else { return false }
        return memcmp(a.file.bytes.baseAddress! + x.offset, b.file.bytes.baseAddress! + y.offset, x.length) == 0
    }

    private static func structureCount(_ s: Snapshot) -> Int {
        s.structures.count >= 8 ? Int(clamping: min(s.structures.le(0, as: UInt64.self), UInt64(s.structures.count / 8))) : 0
    }

    /// The rows of the block at index entry `i` of `snapshot`, into `rows` (emptied first).
    static func rows(of snapshot: Snapshot, at i: Int, into rows: inout [Row]) throws {
        rows.removeAll(keepingCapacity: true)
        let entry = try snapshot.keys.entry(i)
        let offset = Int(clamping: entry.offset)
        guard offset < snapshot.records.count else {
            throw SnapshotError.corrupt("block of \(PractitionerKey(rawValue: entry.key)) lies outside the records")
        }
        var source = ByteSource(snapshot.records, at: offset)
        let count = try source.varint()
        guard count > 0 else { throw SnapshotError.corrupt("block of \(PractitionerKey(rawValue: entry.key)) has no rows") }
        for _ in 0..<min(count, 100_000) {
            let bytes = try source.bytes(Int(clamping: try source.varint()))
            guard let family = bytes.first else { throw SnapshotError.corrupt("an empty row in the block of \(entry.key)") }
            rows.append(Row(family: family, bytes: bytes))
        }
    }

    /// Whether two blocks hold the same rows in the same order: the common case, checked without
    /// allocating before the family-by-family comparison.
    func sameBlock(_ a: [Row], _ b: [Row]) throws(SnapshotError) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices {
            guard a[k].family == b[k].family, try sameRow(a[k].bytes, b[k].bytes) else { return false }
        }
        return true
    }

    /// Whether the rows of family code `family` in `a` (old) and `b` (new) are the same multiset.
    func sameRows(_ a: [Row], _ b: [Row], family: UInt8) throws(SnapshotError) -> Bool {
        var x: [UnsafeRawBufferPointer] = []
        var y: [UnsafeRawBufferPointer] = []
        for r in a where r.family == family { x.append(r.bytes) }
        for r in b where r.family == family { y.append(r.bytes) }
        guard x.count == y.count else { return false }
        // In the same order, nearly always: the files list a practitioner's rows the same way
        // every night.
        var inOrder = true
        for (p, q) in zip(x, y) where !(try sameRow(p, q)) {
            inOrder = false
            break
        }
        if inOrder { return true }
        var used = [Bool](repeating: false, count: y.count)
        for p in x {
            var found = false
            for (n, q) in y.enumerated() where !used[n] {
                if try sameRow(p, q) {
                    used[n] = true
                    found = true
                    break
                }
            }
            if !found { return false }
        }
        return true
    }

    /// Whether row `a` of the old snapshot holds the same values as row `b` of the new one.
    func sameRow(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) throws(SnapshotError) -> Bool {
        if sameTables { return sameBytes(a, b) }
        var x = ByteSource(a)
        var y = ByteSource(b)
        let family = try x.u8()
        guard try y.u8() == family else { return false }
        let bitmap = try x.varint()
        guard try y.varint() == bitmap else { return false }
        for _ in 0..<bitmap.nonzeroBitCount where !(try sameValue(&x, &y)) { return false }
        if family == RowCodec.code(.personneActivite) {
            let p = try x.varint()
            let q = try y.varint()
            guard (p == 0) == (q == 0) else { return false }
            if p != 0, !(try sameStructure(Int(clamping: p - 1), Int(clamping: q - 1))) { return false }
        }
        return x.isAtEnd == y.isAtEnd
    }

    private func sameStructure(_ i: Int, _ j: Int) throws(SnapshotError) -> Bool {
        guard i < structureMap.count else { throw .corrupt("structure \(i) out of range") }
        if structureMap[i] == Int32(truncatingIfNeeded: j) { return true }
        var x = ByteSource(try old.structureBytes(i))
        var y = ByteSource(try new.structureBytes(j))
        let bitmap = try x.varint()
        guard try y.varint() == bitmap else { return false }
        for _ in 0..<bitmap.nonzeroBitCount where !(try sameValue(&x, &y)) { return false }
        structureMap[i] = Int32(truncatingIfNeeded: j)
        return true
    }

    @inline(__always)
    private func sameValue(_ x: inout ByteSource, _ y: inout ByteSource) throws(SnapshotError) -> Bool {
        let p = try x.varint()
        let q = try y.varint()
        if p & 1 == 0, q & 1 == 0 {
            guard let id = Int(exactly: p >> 1), id < stringMap.count else { throw .corrupt("string \(p >> 1) out of range") }
            return stringMap[id] >= 0 && UInt64(stringMap[id]) == q >> 1
        }
        let a = p & 1 == 1 ? try x.bytes(Int(clamping: p >> 1)) : try old.strings.bytes(Int(clamping: p >> 1))
        let b = q & 1 == 1 ? try y.bytes(Int(clamping: q >> 1)) : try new.strings.bytes(Int(clamping: q >> 1))
        return sameBytes(a, b)
    }
}
