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

    /// Term ids in the byte order of their terms: sorted by their first 8 bytes (big-endian,
    /// zero-padded), the rare ties by the whole bytes.
    func sortedIDs() -> [UInt32] {
        arena.withUnsafeBytes { bytes in
            offsets.withUnsafeBufferPointer { offsets in
                func head(_ id: Int) -> UInt64 {
                    var v: UInt64 = 0
                    let s = Int(offsets[id]), e = Int(offsets[id + 1])
                    for i in 0..<8 { v = v << 8 | UInt64(s + i < e ? bytes[s + i] : 0) }
                    return v
                }
                var keyed = (0..<count).map { (head($0), UInt32($0)) }
                keyed.sort { a, b in
                    if a.0 != b.0 { return a.0 < b.0 }
                    let sa = Int(offsets[Int(a.1)]), ea = Int(offsets[Int(a.1) + 1])
                    let sb = Int(offsets[Int(b.1)]), eb = Int(offsets[Int(b.1) + 1])
                    let x = UnsafeRawBufferPointer(rebasing: bytes[sa..<ea]), y = UnsafeRawBufferPointer(rebasing: bytes[sb..<eb])
                    return x.lexicographicallyPrecedes(y)
                }
                return keyed.map(\.1)
            }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
