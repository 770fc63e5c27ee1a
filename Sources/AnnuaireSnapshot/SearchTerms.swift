#if canImport(Glibc)
    import Glibc
#endif

/// The search terms of an index, sorted by their bytes and front-coded in blocks, each with its
/// posting list (`docs/snapshot-format.md`, Search index): the `searchTerms` section.
///
/// ```
/// header   count T u64 · terms per block K u32 · check u32 (CRC-32C of the 12 bytes before)
/// blocks   ⌈T / K⌉ blocks, one after the other
/// offsets  u32 × (⌈T / K⌉ + 1): where each block starts, from the end of the header; the last is
///          where the blocks end
/// block    check u32 (CRC-32C of the rest) · K entries (T − K·(blocks − 1) in the last)
/// entry    shared (LEB128: bytes in common with the previous term, 0 at a block's start)
///          · suffix length (LEB128) · suffix · list
/// list     (count << 1 | 1) LEB128 · the ranks inline: first, then each gap − 1 (LEB128)
///          (count << 1) LEB128 · offset (LEB128) of its blocks in `searchPostings`
/// ```
/// A lookup searches the blocks' first terms (stored whole), then reads one block: two blocks'
/// CRC-32C are checked (the one read, and the next one, whose first term must be above the key),
/// so a damaged block or offset is reported, never taken for an absent term.
struct SearchTerms {
    /// Terms per block.
    static let perBlock = 16
    static let headerSize = 16

    let count: Int
    let perBlock: Int
    let blockCount: Int
    private let blocks: UnsafeRawBufferPointer
    private let offsets: UnsafeRawBufferPointer

    /// The dictionary in `section`; throws when its header does not fit the section.
    init(_ section: UnsafeRawBufferPointer) throws(SnapshotError) {
        guard section.count >= Self.headerSize else { throw .corrupt("the search terms section is too short") }
        let t = section.le(0, as: UInt64.self)
        let k = Int(section.le(8, as: UInt32.self))
        guard section.le(12, as: UInt32.self) == SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: section[0..<12])) else {
            throw .corrupt("the search terms section's header is damaged (check mismatch)")
        }
        guard k > 0, k <= 1 << 16, t < UInt64(section.count) else {
            throw .corrupt("the search terms section's header (\(t) terms, \(k) a block) does not fit it")
        }
        count = Int(t)
        perBlock = k
        blockCount = (count + k - 1) / k
        let tableSize = 4 * (blockCount + 1)
        guard Self.headerSize + tableSize <= section.count else {
            throw .corrupt("the search terms section cannot hold the offsets of its \(blockCount) blocks")
        }
        blocks = UnsafeRawBufferPointer(rebasing: section[Self.headerSize..<(section.count - tableSize)])
        offsets = UnsafeRawBufferPointer(rebasing: section[(section.count - tableSize)...])
        guard offsets.le(0, as: UInt32.self) == 0, Int(offsets.le(tableSize - 4, as: UInt32.self)) == blocks.count else {
            throw .corrupt("the search terms section's block offsets do not span its blocks")
        }
    }

    /// The bytes of block `j` (0..<blockCount), bounds checked (not its CRC).
    private func span(_ j: Int) throws(SnapshotError) -> Range<Int> {
        let start = Int(offsets.le(4 * j, as: UInt32.self))
        let end = Int(offsets.le(4 * (j + 1), as: UInt32.self))
        guard start + 4 <= end, end <= blocks.count else { throw .corrupt("search term block \(j) lies outside its section") }
        return start..<end
    }

    /// The first term of block `j`, read without checking the block (for the binary search only).
    private func head(_ j: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        let range = try span(j)
        var source = ByteSource(UnsafeRawBufferPointer(rebasing: blocks[range]), at: 4)
        guard try source.varint() == 0 else { throw .corrupt("search term block \(j) does not start with a whole term") }
        return try source.bytes(Int(clamping: try source.varint()))
    }

    /// Block `j`, its CRC-32C checked.
    func block(_ j: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        let bytes = UnsafeRawBufferPointer(rebasing: blocks[try span(j)])
        guard bytes.le(0, as: UInt32.self) == SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: bytes[4...])) else {
            throw .corrupt("search term block \(j) is damaged (check mismatch)")
        }
        return bytes
    }

    /// The number of terms in block `j`.
    func entries(inBlock j: Int) -> Int { j == blockCount - 1 ? count - j * perBlock : perBlock }

    /// The last block whose first term is ≤ `key` (0 when none is), found by binary search over the
    /// blocks' first terms; the caller checks the blocks around it.
    func candidateBlock(_ key: UnsafeRawBufferPointer) throws(SnapshotError) -> Int {
        var low = 0
        var high = blockCount
        while high - low > 1 {
            let mid = (low + high) / 2
            if compareBytes(try head(mid), key) <= 0 { low = mid } else { high = mid }
        }
        return low
    }

    // MARK: writing

    /// The header of a dictionary of `count` terms.
    static func appendHeader(count: Int, to out: inout SectionOutput) throws(SnapshotError) {
        var header = ByteSink()
        header.u64(UInt64(count))
        header.u32(UInt32(perBlock))
        header.u32(0)
        header.setU32(SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: header.contents[0..<12])), at: 12)
        try out.bytes(header.contents)
    }
}

/// Reads a dictionary's entries in order from one of its blocks on, each block's CRC-32C checked
/// before its first entry is read: a term's bytes (valid until the next entry) and its list.
struct SearchTermScanner {
    let terms: SearchTerms
    let postings: UnsafeRawBufferPointer
    let limit: Int
    /// The current term's bytes.
    private(set) var term: [UInt8] = []
    private(set) var list = PostingList(count: 0, inline: UnsafeRawBufferPointer(start: nil, count: 0), limit: 0)
    private var blockIndex: Int
    private var entry = 0
    private var source = ByteSource(UnsafeRawBufferPointer(start: nil, count: 0))

    /// A scanner before the first entry of block `j`.
    init(_ terms: SearchTerms, postings: UnsafeRawBufferPointer, limit: Int, block j: Int) {
        self.terms = terms
        self.postings = postings
        self.limit = limit
        blockIndex = j - 1
        entry = j > 0 ? terms.entries(inBlock: j - 1) : 0
        term.reserveCapacity(64)
    }

    /// Moves to the next entry; false at the dictionary's end.
    mutating func next() throws(SnapshotError) -> Bool {
        if blockIndex < 0 || entry == terms.entries(inBlock: blockIndex) {
            if blockIndex >= 0 {
                guard source.isAtEnd else { throw .corrupt("search term block \(blockIndex) has bytes after its terms") }
            }
            guard blockIndex + 1 < terms.blockCount else { return false }
            blockIndex += 1
            source = ByteSource(try terms.block(blockIndex), at: 4)
            entry = 0
        }
        let shared = Int(clamping: try source.varint())
        guard (entry == 0 && shared == 0) || (entry > 0 && shared <= term.count) else {
            throw .corrupt("search term \(entry) of block \(blockIndex) shares more than its previous term")
        }
        let suffix = try source.bytes(Int(clamping: try source.varint()))
        term.removeSubrange(shared...)
        term.append(contentsOf: suffix)
        let head = try source.varint()
        let count = Int(clamping: head >> 1)
        guard count >= 1 else { throw .corrupt("search term \(entry) of block \(blockIndex) has no postings") }
        if head & 1 == 1 {
            guard count <= SearchPostings.inlineLimit else {
                throw .corrupt("search term \(entry) of block \(blockIndex) has \(count) inline postings")
            }
            let start = source.position
            for _ in 0..<count { _ = try source.varint() }
            let bytes = UnsafeRawBufferPointer(
                rebasing: UnsafeRawBufferPointer(start: source.base, count: source.end)[start..<source.position])
            list = PostingList(count: count, inline: bytes, limit: limit)
        } else {
            let offset = Int(clamping: try source.varint())
            guard count > SearchPostings.inlineLimit, count <= limit, offset < postings.count else {
                throw .corrupt("the posting list of search term \(entry) of block \(blockIndex) lies outside its section")
            }
            list = PostingList(count: count, offset: offset, region: postings, limit: limit)
        }
        entry += 1
        return true
    }

    /// The block of the current entry.
    var currentBlock: Int { blockIndex }
}

/// Writes a dictionary's blocks: terms given in ascending order with their lists.
struct SearchTermWriter: ~Copyable {
    private var block = ByteSink(capacity: 4096)
    private var inBlock = 0
    private var previous: [UInt8] = []
    private(set) var offsets: [UInt32] = [0]
    private var written = 0

    /// Appends a term whose list is inline: `count` ranks (at most `SearchPostings.inlineLimit`),
    /// `encoded` as `SearchPostings.appendInline` wrote them.
    mutating func append(
        _ term: UnsafeRawBufferPointer, count: Int, inline encoded: UnsafeRawBufferPointer, to out: inout SectionOutput
    ) throws(SnapshotError) {
        appendTerm(term)
        block.varint(UInt64(count) << 1 | 1)
        block.append(encoded)
        try finishEntry(&out)
    }

    /// Appends a term whose list is in the postings section at `offset`.
    mutating func append(_ term: UnsafeRawBufferPointer, count: Int, offset: Int, to out: inout SectionOutput) throws(SnapshotError) {
        appendTerm(term)
        block.varint(UInt64(count) << 1)
        block.varint(UInt64(offset))
        try finishEntry(&out)
    }

    private mutating func appendTerm(_ term: UnsafeRawBufferPointer) {
        if inBlock == 0 {
            block.removeAll()
            block.u32(0)
        }
        var shared = 0
        if inBlock > 0 {
            let n = min(previous.count, term.count)
            while shared < n, previous[shared] == term[shared] { shared += 1 }
        }
        block.varint(UInt64(shared))
        block.varint(UInt64(term.count - shared))
        block.append(UnsafeRawBufferPointer(rebasing: term[shared...]))
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
    }

    private mutating func finishEntry(_ out: inout SectionOutput) throws(SnapshotError) {
        inBlock += 1
        if inBlock == SearchTerms.perBlock { try flush(&out) }
    }

    /// Writes the last block and the offsets.
    mutating func finish(_ out: inout SectionOutput) throws(SnapshotError) {
        if inBlock > 0 { try flush(&out) }
        for offset in offsets { try out.u32(offset) }
    }

    private mutating func flush(_ out: inout SectionOutput) throws(SnapshotError) {
        block.setU32(SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: block.contents[4...])), at: 0)
        try out.bytes(block.contents)
        written += block.count
        guard written < Int(UInt32.max) else { throw .corrupt("more than 4 GiB of search terms") }
        offsets.append(UInt32(written))
        inBlock = 0
    }
}

/// The order of byte strings: memcmp, then the shorter first.
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0, let x = a.baseAddress, let y = b.baseAddress {
        let c = memcmp(x, y, n)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}
