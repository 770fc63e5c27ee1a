/// Interns short repeated values (labels, codes, communes, first names) so that each is stored
/// once in the snapshot: an open-addressing hash table over a byte arena, no `String` per value.
///
/// Bounded: past `maxStrings` or `maxBytes`, `intern` returns `nil` and the caller stores the
/// value inline, so hostile input cannot make the table grow without limit.
struct StringTable: ~Copyable {
    private(set) var arena: [UInt8] = []
    /// Start of string `i` in `arena`; `offsets[count]` is the end.
    private(set) var offsets: [UInt32] = [0]
    /// Per slot: the hash's top 32 bits (a tag that rules out most mismatches without touching
    /// the arena), then id + 1 in the low 32 bits; 0 is empty.
    private var slots: [UInt64]
    private var mask: Int
    let maxStrings: Int
    let maxBytes: Int

    init(maxStrings: Int = 2_000_000, maxBytes: Int = 64 << 20) {
        self.maxStrings = maxStrings
        self.maxBytes = maxBytes
        slots = Array(repeating: 0, count: 1 << 16)
        mask = (1 << 16) - 1
    }

    var count: Int { offsets.count - 1 }

    /// Calls `body` with the bytes of string `id` (0..<count).
    func withBytes<T>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(offsets[id])..<Int(offsets[id + 1])])) }
    }

    /// The id of `value`, adding it if new; `nil` when the table is full.
    mutating func intern(_ value: UnsafeRawBufferPointer) -> UInt32? {
        let hash = fastHash(value)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if withBytes(id, { sameBytes($0, value) }) { return UInt32(id) }
            }
            slot = (slot + 1) & mask
        }
        guard count < maxStrings, arena.count + value.count <= maxBytes else { return nil }
        let id = UInt32(count)
        arena += value
        offsets.append(UInt32(arena.count))
        slots[slot] = tag | UInt64(id + 1)
        if count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for id in 0..<count {
            let hash = withBytes(id) { fastHash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
