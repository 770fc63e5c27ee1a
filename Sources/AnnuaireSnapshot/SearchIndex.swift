/// The search index of a snapshot, read in place from its three sections (`docs/snapshot-format.md`):
///
/// ```
/// searchTerms     count T u64 · text offsets u32 × (T + 1) · posting starts u32 × (T + 1) · text
///                 (terms sorted by their bytes: field byte, then normalized text)
/// searchPostings  ranks u32: term i's are [start i, start i+1), ascending
/// searchRanks     count u64 · key u64 per rank (the answer order)
/// ```
/// Opening checks the sections' sizes only (O(1)); every offset read is checked against its
/// section, so a damaged index gives `SnapshotError.corrupt`, never a read outside the mapping.
struct SearchIndex {
    let termCount: Int
    private let textOffsets: UnsafeRawBufferPointer
    private let starts: UnsafeRawBufferPointer
    private let text: UnsafeRawBufferPointer
    private let postings: UnsafeBufferPointer<UInt32>
    private let keys: UnsafeRawBufferPointer
    let count: Int

    /// Why the index cannot be used, when its sections do not fit together (found on open, but
    /// reported by a search only: lookups do not need the index).
    let damage: String?

    /// nil when the snapshot has no index (none of the three sections).
    init?(terms: UnsafeRawBufferPointer?, postings: UnsafeRawBufferPointer?, ranks: UnsafeRawBufferPointer?, count: Int) {
        guard terms != nil || postings != nil || ranks != nil else { return nil }
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        func unusable(_ why: String) -> Self {
            Self(damage: why, count: count, empty: empty)
        }
        guard let terms, let postings, let ranks else { self = unusable("the search index lacks one of its three sections"); return }
        let t = terms.count >= 8 ? Int(clamping: terms.le(0, as: UInt64.self)) : -1
        guard t >= 0, t < Int(UInt32.max), 8 + 8 * (t + 1) <= terms.count else {
            self = unusable("the search term count does not fit its section")
            return
        }
        guard postings.count % 4 == 0, Int(bitPattern: postings.baseAddress) % 4 == 0 else {
            self = unusable("the search postings section is not a whole number of aligned u32")
            return
        }
        guard ranks.count >= 8, Int(clamping: ranks.le(0, as: UInt64.self)) == count, ranks.count == 8 + 8 * count else {
            self = unusable("the search ranks section does not hold one key per practitioner")
            return
        }
        termCount = t
        textOffsets = UnsafeRawBufferPointer(rebasing: terms[8..<(8 + 4 * (t + 1))])
        starts = UnsafeRawBufferPointer(rebasing: terms[(8 + 4 * (t + 1))..<(8 + 8 * (t + 1))])
        text = UnsafeRawBufferPointer(rebasing: terms[(8 + 8 * (t + 1))...])
        // safe: the section is 4-aligned (sections start on 8-byte boundaries of a page-aligned
        // mapping) and a whole number of u32; the mapping is read-only and outlives the index.
        self.postings = postings.assumingMemoryBound(to: UInt32.self)
        keys = UnsafeRawBufferPointer(rebasing: ranks[8...])
        self.count = count
        damage = nil
    }

    private init(damage: String, count: Int, empty: UnsafeRawBufferPointer) {
        self.damage = damage
        self.count = 0
        termCount = 0
        textOffsets = empty
        starts = empty
        text = empty
        postings = UnsafeBufferPointer(start: nil, count: 0)
        keys = empty
    }

    /// The bytes of term `i` (0..<termCount), checked.
    func term(_ i: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        let start = Int(textOffsets.le(4 * i, as: UInt32.self))
        let end = Int(textOffsets.le(4 * (i + 1), as: UInt32.self))
        guard start <= end, end <= text.count else { throw .corrupt("search term \(i) lies outside its section") }
        return UnsafeRawBufferPointer(rebasing: text[start..<end])
    }

    /// The ranks of the practitioners with term `i`, ascending, in place.
    func postings(_ i: Int) throws(SnapshotError) -> UnsafeBufferPointer<UInt32> {
        let start = Int(starts.le(4 * i, as: UInt32.self))
        let end = Int(starts.le(4 * (i + 1), as: UInt32.self))
        guard start <= end, end <= postings.count else { throw .corrupt("the postings of search term \(i) lie outside their section") }
        return UnsafeBufferPointer(rebasing: postings[start..<end])
    }

    /// The first term not below `key` (binary search over the sorted terms).
    func lowerBound(_ key: UnsafeRawBufferPointer) throws(SnapshotError) -> Int {
        var low = 0
        var high = termCount
        while low < high {
            let mid = (low + high) / 2
            if Self.compare(try term(mid), key) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The term equal to `key`, if any.
    func exact(_ key: [UInt8]) throws -> Int? {
        try key.withUnsafeBytes { k in
            let i = try lowerBound(k)
            guard i < termCount, Self.compare(try term(i), k) == 0 else { return nil }
            return i
        }
    }

    /// The terms that start with `prefix`.
    func prefixRange(_ prefix: [UInt8]) throws -> Range<Int> {
        try prefix.withUnsafeBytes { p in
            let low = try lowerBound(p)
            // Normalized text never holds 0xFF (not a UTF-8 byte): prefix + FF bounds the range.
            var beyond = prefix
            beyond.append(0xFF)
            let high = try beyond.withUnsafeBytes { b in try lowerBound(b) }
            return low..<max(low, high)
        }
    }

    /// The key of the practitioner ranked `rank`.
    func key(rank: UInt32) throws(SnapshotError) -> UInt64 {
        guard Int(rank) < count else { throw .corrupt("search rank \(rank) is past the \(count) practitioners") }
        return keys.le(8 * Int(rank))
    }

    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let x = a.baseAddress, let y = b.baseAddress {
            let c = memcmp(x, y, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}

#if canImport(Glibc)
    import Glibc
#endif
