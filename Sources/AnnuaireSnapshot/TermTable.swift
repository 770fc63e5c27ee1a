/// Distinct byte strings (common search terms, values met, names), each stored once in a
/// `ByteArena` and numbered in the order first met, found by an open-addressing hash table of
/// 4-byte slots (id + 1; 0 is empty) kept at most half full.
struct TermTable: ~Copyable {
    private(set) var strings = ByteArena()
    private var slots: [UInt32]
    private var mask: Int

    init(capacity: Int = 1 << 10) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The number of strings.
    var count: Int { strings.count }

    /// The bytes of string `id` (valid while the table lives).
    @inline(__always)
    func bytes(_ id: Int) -> UnsafeRawBufferPointer { strings.bytes(id) }

    /// The id of `bytes`, if present.
    @inline(__always)
    func find(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
        var slot = Int(truncatingIfNeeded: fastHash(bytes)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if sameBytes(strings.bytes(Int(entry - 1)), bytes) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `bytes`, added if new; `added` tells which.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer, added: inout Bool) throws(SnapshotError) -> UInt32 {
        var slot = Int(truncatingIfNeeded: fastHash(bytes)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if sameBytes(strings.bytes(Int(entry - 1)), bytes) {
                added = false
                return entry - 1
            }
            slot = (slot + 1) & mask
        }
        let id = try strings.append(bytes)
        slots[slot] = id + 1
        if count * 2 > slots.count { grow() }
        added = true
        return id
    }

    /// The id of `bytes`, added if new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) -> UInt32 {
        var added = false
        return try intern(bytes, added: &added)
    }

    private mutating func grow() {
        slots = []
        slots = [UInt32](repeating: 0, count: (mask + 1) * 2)
        mask = slots.count - 1
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: fastHash(strings.bytes(id))) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id) + 1
        }
    }

    /// String ids in the byte order of their strings.
    func sortedIDs() -> [UInt32] { strings.sortedIDs() }
}
