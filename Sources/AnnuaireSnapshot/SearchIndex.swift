#if canImport(Glibc)
    import Glibc
#endif

/// The search index of a snapshot, read in place from its three sections (`docs/snapshot-format.md`,
/// Search index):
///
/// ```
/// searchTerms     the terms, sorted, front-coded in blocks, each with its posting list
///                 (inline when short) (`SearchTerms`)
/// searchPostings  the longer posting lists, in blocks of 128 ranks with a skip table
///                 (`SearchPostings`)
/// searchRanks     count u64 · ⌈count / 64⌉ chunks: check u32 (CRC-32C of its positions)
///                 · up to 64 positions u32 (each rank's practitioner, as its place in the key index)
/// ```
/// Opening checks the sections' sizes only (O(1)); every offset read is checked against its
/// section and every block read against its CRC-32C, so a damaged index gives
/// `SnapshotError.corrupt`, never a read outside the mapping or a wrong answer.
struct SearchIndex {
    /// Practitioners ranked (the snapshot's count).
    let count: Int
    private let terms: SearchTerms?
    private let postings: UnsafeRawBufferPointer
    private let ranks: UnsafeRawBufferPointer

    /// Ranks per checked chunk of the ranks section.
    static let rankChunk = 64

    /// Why the index cannot be used, when its sections do not fit together (found on open, but
    /// reported by a search only: lookups do not need the index).
    let damage: String?

    /// nil when the snapshot has no index (none of the three sections).
    init?(terms: UnsafeRawBufferPointer?, postings: UnsafeRawBufferPointer?, ranks: UnsafeRawBufferPointer?, count: Int) {
        guard terms != nil || postings != nil || ranks != nil else { return nil }
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        self.postings = postings ?? empty
        self.ranks = ranks ?? empty
        guard let terms, postings != nil, let ranks else {
            self.terms = nil
            self.count = 0
            damage = "the search index lacks one of its three sections"
            return
        }
        let chunks = (count + Self.rankChunk - 1) / Self.rankChunk
        guard ranks.count >= 8, Int(clamping: ranks.le(0, as: UInt64.self)) == count, ranks.count == 8 + 4 * chunks + 4 * count else {
            self.terms = nil
            self.count = 0
            damage = "the search ranks section does not hold one practitioner per rank"
            return
        }
        do {
            self.terms = try SearchTerms(terms)
            self.count = count
            damage = nil
        } catch {
            self.terms = nil
            self.count = 0
            damage = error.description
        }
    }

    /// Calls `body` with each term from the first not below `key` on, in order, with its posting
    /// list, until `body` returns false. The block the search lands in and the next one are
    /// checked: the first must start at or below `key` (or be the first), the next above it.
    func forEachTerm(from key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, PostingList) throws -> Bool) throws {
        guard let terms, terms.count > 0 else { return }
        let j = try terms.candidateBlock(key)
        if j + 1 < terms.blockCount {
            var next = SearchTermScanner(terms, postings: postings, limit: count, block: j + 1)
            guard try next.next(), try next.term.withUnsafeBytes({ compareBytes($0, key) }) > 0 else {
                throw SnapshotError.corrupt("search term block \(j + 1) does not follow the terms before it")
            }
        }
        var scanner = SearchTermScanner(terms, postings: postings, limit: count, block: j)
        var first = true
        while try scanner.next() {
            let order = scanner.term.withUnsafeBytes { compareBytes($0, key) }
            if first, j > 0, order > 0 { throw SnapshotError.corrupt("search term block \(j) does not follow the terms before it") }
            first = false
            guard order >= 0 else { continue }
            let list = scanner.list
            guard try scanner.term.withUnsafeBytes({ try body($0, list) }) else { return }
        }
    }

    /// The posting list of the term equal to `key`, if any.
    func exact(_ key: [UInt8]) throws -> PostingList? {
        var found: PostingList?
        try key.withUnsafeBytes { k in
            try forEachTerm(from: k) { term, list in
                if compareBytes(term, k) == 0 { found = list }
                return false
            }
        }
        return found
    }

    /// The posting lists of the terms that start with `prefix`.
    func lists(withPrefix prefix: [UInt8]) throws -> [PostingList] {
        var lists: [PostingList] = []
        try prefix.withUnsafeBytes { p in
            try forEachTerm(from: p) { term, list in
                guard term.count >= p.count, memcmp(term.baseAddress!, p.baseAddress!, p.count) == 0 else { return false }
                lists.append(list)
                return true
            }
        }
        return lists
    }

    /// The place in the key index of the practitioner ranked `rank`, its chunk checked.
    func position(rank: UInt32) throws(SnapshotError) -> Int {
        guard Int(rank) < count else { throw .corrupt("search rank \(rank) is past the \(count) practitioners") }
        let chunk = Int(rank) / Self.rankChunk
        let start = 8 + chunk * (4 + 4 * Self.rankChunk)
        let n = min(Self.rankChunk, count - chunk * Self.rankChunk)
        // safe: init checked that the section holds every chunk of count ranks.
        let positions = UnsafeRawBufferPointer(rebasing: ranks[(start + 4)..<(start + 4 + 4 * n)])
        guard ranks.le(start, as: UInt32.self) == SnapshotFormat.check(positions) else {
            throw .corrupt("the search ranks of chunk \(chunk) are damaged (check mismatch)")
        }
        let position = Int(positions.le(4 * (Int(rank) - chunk * Self.rankChunk), as: UInt32.self))
        guard position < count else { throw .corrupt("search rank \(rank) names practitioner \(position) of \(count)") }
        return position
    }
}
