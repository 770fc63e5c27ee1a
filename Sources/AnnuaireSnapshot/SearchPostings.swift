/// How a term's posting list (the ascending ranks of the practitioners that have the term) is
/// stored (`docs/snapshot-format.md`, Search index).
///
/// A short list is stored **inline** in its term's entry: its first rank, then each gap less one,
/// as LEB128 varints (a list of one practitioner costs its rank: 1 to 3 bytes). A longer one is
/// stored in the `searchPostings` section, in **blocks** of 128 ranks, with a skip table when it
/// has more than one block:
///
/// ```
/// list    skip table (blocks > 1): ⌈blocks / 32⌉ chunks, each: check u32 (CRC-32C of its entries)
///                                   · up to 32 entries { first rank u32, block offset u32 }
///         blocks, one after the other (offsets from the end of the skip table)
/// block   check u32 (CRC-32C of the rest) · first rank (LEB128) · width w u8 (0…32)
///         · the block's other ranks as gap − 1, w bits each, least significant bit first,
///           ⌈(n − 1) · w / 8⌉ bytes
/// ```
/// Block j holds ranks 128·j ..< min(count, 128·(j + 1)): the count (in the term's entry) tells
/// every block's size. A reader checks the CRC-32C of each block and skip chunk it reads, that a
/// block's first rank is its skip entry's, that each block ends below the next one's first rank,
/// and that ranks stay below the practitioners' count: a damaged list is reported, never answered.
enum SearchPostings {
    /// Ranks per block.
    static let blockSize = 128
    /// Skip entries per checked chunk.
    static let skipChunk = 32
    /// The longest list a term's entry holds inline.
    static let inlineLimit = 6

    /// The number of blocks of a list of `count` ranks.
    static func blockCount(_ count: Int) -> Int { (count + blockSize - 1) / blockSize }

    // MARK: writing

    /// Appends `ranks` (ascending, at most `inlineLimit`) as inline varints.
    static func appendInline(_ ranks: UnsafeBufferPointer<UInt32>, to sink: inout ByteSink) {
        var previous: UInt32 = 0
        for (i, rank) in ranks.enumerated() {
            sink.varint(UInt64(i == 0 ? rank : rank - previous - 1))
            previous = rank
        }
    }

    /// The first `count` varints of `bytes`: an inline list as `appendInline` wrote it.
    static func inlineBytes(_ bytes: UnsafeRawBufferPointer, count: Int) -> UnsafeRawBufferPointer {
        var end = 0
        for _ in 0..<count {
            while bytes[end] & 0x80 != 0 { end += 1 }
            end += 1
        }
        return UnsafeRawBufferPointer(rebasing: bytes[..<end])
    }

    /// Appends the blocks (and skip table) of `ranks` (strictly ascending, not empty) to `sink`;
    /// `scratch` holds the blocks while the skip table is made.
    static func appendBlocks(_ ranks: UnsafeBufferPointer<UInt32>, to sink: inout ByteSink, scratch: inout ByteSink) {
        let blocks = blockCount(ranks.count)
        if blocks == 1 { return appendBlock(ranks, to: &sink) }
        scratch.removeAll()
        var offsets: [UInt32] = []
        offsets.reserveCapacity(blocks)
        for j in 0..<blocks {
            offsets.append(UInt32(scratch.count))
            appendBlock(UnsafeBufferPointer(rebasing: ranks[(j * blockSize)..<min(ranks.count, (j + 1) * blockSize)]), to: &scratch)
        }
        var chunk = 0
        while chunk < blocks {
            let start = sink.count
            sink.u32(0)
            for j in chunk..<min(blocks, chunk + skipChunk) {
                sink.u32(ranks[j * blockSize])
                sink.u32(offsets[j])
            }
            let check = SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: sink.contents[(start + 4)...]))
            sink.setU32(check, at: start)
            chunk += skipChunk
        }
        sink.append(scratch.contents)
    }

    /// Appends one block of 1 to 128 ranks.
    private static func appendBlock(_ ranks: UnsafeBufferPointer<UInt32>, to sink: inout ByteSink) {
        let start = sink.count
        sink.u32(0)
        sink.varint(UInt64(ranks[0]))
        var widest: UInt32 = 0
        for i in ranks.indices.dropFirst() { widest |= ranks[i] - ranks[i - 1] - 1 }
        let width = UInt32.bitWidth - widest.leadingZeroBitCount
        sink.byte(UInt8(width))
        if width > 0 {
            var buffer: UInt64 = 0
            var filled = 0
            for i in ranks.indices.dropFirst() {
                buffer |= UInt64(ranks[i] - ranks[i - 1] - 1) << filled
                filled += width
                while filled >= 8 {
                    sink.byte(UInt8(truncatingIfNeeded: buffer))
                    buffer >>= 8
                    filled -= 8
                }
            }
            if filled > 0 { sink.byte(UInt8(truncatingIfNeeded: buffer)) }
        }
        sink.setU32(SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: sink.contents[(start + 4)...])), at: start)
    }
}

/// One term's posting list, in place: inline in its term's entry, or blocks in the postings
/// section. Reading it checks what it reads (`SearchPostings`).
struct PostingList {
    /// How many ranks the list holds (from the term's entry, which its block's CRC-32C checked).
    let count: Int
    fileprivate let inline: UnsafeRawBufferPointer?
    fileprivate let region: UnsafeRawBufferPointer
    fileprivate let offset: Int
    /// Ranks are below this (the practitioners' count).
    fileprivate let limit: Int

    /// An inline list: `bytes` starts with its varints.
    init(count: Int, inline bytes: UnsafeRawBufferPointer, limit: Int) {
        self.count = count
        inline = bytes
        region = bytes
        offset = 0
        self.limit = limit
    }

    /// A list of blocks at `offset` of the postings section `region`.
    init(count: Int, offset: Int, region: UnsafeRawBufferPointer, limit: Int) {
        self.count = count
        inline = nil
        self.region = region
        self.offset = offset
        self.limit = limit
    }

    var blockCount: Int { inline == nil ? SearchPostings.blockCount(count) : 1 }

    /// Every rank, in order.
    func ranks() throws(SnapshotError) -> [UInt32] {
        var cursor = PostingCursor(self)
        var all: [UInt32] = []
        all.reserveCapacity(count)
        for j in 0..<blockCount {
            try cursor.load(j)
            all.append(contentsOf: cursor.ranks)
        }
        return all
    }
}

/// Reads a posting list one block at a time (the block last decoded and the skip chunk last
/// checked are kept), for intersections, pages and iteration.
struct PostingCursor {
    let list: PostingList
    /// The ranks of block `block`.
    private(set) var ranks: [UInt32] = []
    private(set) var block = -1
    private var chunk = -1
    private var chunkEntries = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Where in `ranks` the last `contains` stopped.
    private var position = 0

    init(_ list: PostingList) {
        self.list = list
        ranks.reserveCapacity(SearchPostings.blockSize)
    }

    private var blocks: Int { list.blockCount }
    private var skipBytes: Int {
        let n = blocks
        return n > 1 ? 4 * ((n + SearchPostings.skipChunk - 1) / SearchPostings.skipChunk) + 8 * n : 0
    }

    /// The first rank of block `j` and its offset from the end of the skip table (for a list of
    /// more than one block), from its skip chunk, checked.
    private mutating func skipEntry(_ j: Int) throws(SnapshotError) -> (first: UInt32, offset: Int) {
        let c = j / SearchPostings.skipChunk
        if c != chunk {
            let entries = min(SearchPostings.skipChunk, blocks - c * SearchPostings.skipChunk)
            let start = list.offset + c * (4 + 8 * SearchPostings.skipChunk)
            guard start >= 0, start + 4 + 8 * entries <= list.region.count else {
                throw .corrupt("the skip table of a search posting list at \(list.offset) lies outside its section")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: list.region[(start + 4)..<(start + 4 + 8 * entries)])
            guard list.region.le(start, as: UInt32.self) == SnapshotFormat.check(bytes) else {
                throw .corrupt("the skip table of the search posting list at \(list.offset) is damaged (check mismatch)")
            }
            chunk = c
            chunkEntries = bytes
        }
        let at = 8 * (j - c * SearchPostings.skipChunk)
        return (chunkEntries.le(at, as: UInt32.self), Int(chunkEntries.le(at + 4, as: UInt32.self)))
    }

    /// The first rank of block `j` (from the skip table, without decoding the block).
    mutating func first(ofBlock j: Int) throws(SnapshotError) -> UInt32 {
        if j == block { return ranks[0] }
        if blocks == 1 {
            try load(0)
            return ranks[0]
        }
        return try skipEntry(j).first
    }

    /// Decodes block `j` (0..<blockCount) into `ranks`, checked.
    mutating func load(_ j: Int) throws(SnapshotError) {
        guard j != block else { return }
        let size = j == blocks - 1 ? list.count - j * SearchPostings.blockSize : SearchPostings.blockSize
        ranks.removeAll(keepingCapacity: true)
        block = -1
        if let inline = list.inline {
            var source = ByteSource(inline)
            var rank: UInt64 = 0
            for i in 0..<size {
                let v = try source.varint()
                rank = i == 0 ? v : rank + v + 1
                guard rank < UInt64(list.limit) else { throw .corrupt("an inline search posting list holds rank \(rank) of \(list.limit)") }
                ranks.append(UInt32(rank))
            }
            block = j
            return
        }
        var start = list.offset
        var expected: UInt32?
        if blocks > 1 {
            let entry = try skipEntry(j)
            expected = entry.first
            start = list.offset + skipBytes + entry.offset
        }
        guard start >= list.offset, start < list.region.count else {
            throw .corrupt("a block of the search posting list at \(list.offset) lies outside its section")
        }
        var source = ByteSource(list.region, at: start + 4)
        guard start + 4 <= list.region.count else { throw .corrupt("the search posting list at \(list.offset) ends early") }
        let first = try source.varint()
        let width = Int(try source.u8())
        guard width <= 32 else { throw .corrupt("a block of the search posting list at \(list.offset) has width \(width)") }
        let packed = try source.bytes(((size - 1) * width + 7) / 8)
        let body = UnsafeRawBufferPointer(rebasing: list.region[(start + 4)..<source.position])
        guard list.region.le(start, as: UInt32.self) == SnapshotFormat.check(body) else {
            throw .corrupt("a block of the search posting list at \(list.offset) is damaged (check mismatch)")
        }
        if let expected {
            guard first == UInt64(expected) else {
                throw .corrupt("the skip table of the search posting list at \(list.offset) does not match its block \(j)")
            }
        }
        guard first < UInt64(list.limit) else { throw .corrupt("a search posting list holds rank \(first) of \(list.limit)") }
        var rank = first
        ranks.append(UInt32(rank))
        if size > 1 {
            let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
            withUnsafeTemporaryAllocation(byteCount: packed.count + 8, alignment: 8) { padded in
                padded.initializeMemory(as: UInt8.self, repeating: 0)
                if packed.count > 0 { padded.baseAddress!.copyMemory(from: packed.baseAddress!, byteCount: packed.count) }
                let base = UnsafeRawPointer(padded.baseAddress!)
                var bit = 0
                for _ in 1..<size {
                    // safe: bit / 8 + 8 ≤ packed.count + 8, the padded buffer's size.
                    let word = base.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self)
                    rank += (word >> UInt64(bit & 7)) & mask + 1
                    ranks.append(UInt32(truncatingIfNeeded: rank))
                    bit += width
                }
            }
            guard rank < UInt64(list.limit) else { throw .corrupt("a search posting list holds rank \(rank) of \(list.limit)") }
        }
        // Blocks ascend: this one ends below the next one's first rank.
        if expected != nil, j + 1 < blocks, try skipEntry(j + 1).first <= UInt32(truncatingIfNeeded: rank) {
            throw .corrupt("the blocks of the search posting list at \(list.offset) do not ascend")
        }
        block = j
    }

    /// Whether `rank` is in the list. Ranks are asked in ascending order: the cursor moves forward
    /// only, galloping over the skip table to the block that may hold the rank, then in the block.
    mutating func contains(_ rank: UInt32) throws(SnapshotError) -> Bool {
        let n = blocks
        var b = max(block, 0)
        if n > 1, b + 1 < n, try first(ofBlock: b + 1) <= rank {
            var low = b + 1
            var step = 1
            var high = low + 1
            while high < n, try first(ofBlock: high) <= rank {
                low = high
                step <<= 1
                high = low + step
            }
            high = min(high, n)
            while high - low > 1 {
                let mid = (low + high) / 2
                if try first(ofBlock: mid) <= rank { low = mid } else { high = mid }
            }
            b = low
        }
        if b != block {
            try load(b)
            position = 0
        }
        position = ranks.withUnsafeBufferPointer { RankList.gallop($0, rank, from: position) }
        return position < ranks.count && ranks[position] == rank
    }

    /// The rank at position `i` (0..<count).
    mutating func rank(at i: Int) throws(SnapshotError) -> UInt32 {
        try load(i / SearchPostings.blockSize)
        return ranks[i % SearchPostings.blockSize]
    }

    /// The position of the first rank above `rank` (count when none is).
    mutating func firstIndex(above rank: UInt32) throws(SnapshotError) -> Int {
        // The last block whose first rank is ≤ rank + 1 … found by binary search over the skip table.
        var low = 0
        var high = blocks
        while high - low > 1 {
            let mid = (low + high) / 2
            if try first(ofBlock: mid) <= rank { low = mid } else { high = mid }
        }
        try load(low)
        var i = 0
        while i < ranks.count, ranks[i] <= rank { i += 1 }
        return low * SearchPostings.blockSize + i
    }
}
