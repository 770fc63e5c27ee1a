/// The distinct search terms of an index being built, each once in a byte arena, found by an
/// open-addressing hash table of 4-byte slots (id + 1; 0 is empty) kept at most half full.
/// Unlike `StringTable` it has no size limit: every term of the snapshot must be indexed.
struct TermTable: ~Copyable {
    private(set) var arena: [UInt8] = []
    /// Start of term `i` in `arena`; `offsets[count]` is the end.
    private(set) var offsets: [UInt32] = [0]
    private var slots = [UInt32](repeating: 0, count: 1 << 16)

    var count: Int { offsets.count - 1 }

    /// Calls `body` with the bytes of term `id`.
    func withBytes<T>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(offsets[id])..<Int(offsets[id + 1])])) }
    }

    /// The id of `term`, added if new.
    mutating func intern(_ term: UnsafeRawBufferPointer) throws(SnapshotError) -> UInt32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: fastHash(term)) & mask
        while slots[slot] != 0 {
            let id = Int(slots[slot] - 1)
            if withBytes(id, { sameBytes($0, term) }) { return UInt32(id) }
            slot = (slot + 1) & mask
        }
        guard arena.count + term.count < Int(UInt32.max), count < Int(UInt32.max) - 1 else {
            throw .corrupt("more than 4 GiB of search terms")
        }
        let id = UInt32(count)
        arena.append(contentsOf: term)
        offsets.append(UInt32(arena.count))
        slots[slot] = id + 1
        if count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: withBytes(id) { fastHash($0) }) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id) + 1
        }
    }

    /// Term ids in the byte order of their terms.
    func sortedIDs() -> [UInt32] {
        var ids = (0..<UInt32(count)).map { $0 }
        arena.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            offsets.withUnsafeBufferPointer { offsets in
                ids.sort { a, b in
                    let sa = Int(offsets[Int(a)]), ea = Int(offsets[Int(a) + 1])
                    let sb = Int(offsets[Int(b)]), eb = Int(offsets[Int(b) + 1])
                    let n = min(ea - sa, eb - sb)
                    // safe: both ranges lie inside the arena.
                    let c = n == 0 ? 0 : memcmp(base + sa, base + sb, n)
                    return c != 0 ? c < 0 : ea - sa < eb - sb
                }
            }
        }
        return ids
    }
}

#if canImport(Glibc)
    import Glibc
#endif
