@_spi(Internals) import AnnuaireParsing

/// A sorted index from 64-bit keys to offsets, read in place (format 3): the practitioners' keys
/// to their blocks, and the ORG mailboxes' structure hashes to their groups.
///
/// ```
/// count n u64 · stride s u32 · reserved u32
/// keys      n × u64, strictly ascending
/// entries   n × { offset u64, check u64 }   check = SnapshotFormat.entryCheck(key, offset)
/// summary   m = ⌈n / s⌉ × u64: keys[0], keys[s], keys[2s], …
/// top       ⌈m / s⌉ × u64: summary[0], summary[s], …
/// ```
/// A search bisects the top level (a few KB), then scans one segment of `s` summary keys, then
/// one segment of `s` keys: each scan reads 512 contiguous bytes, whose cache lines the processor
/// fetches together, where a bisection would wait for one miss after another. Then it reads the
/// two entries around where it lands and checks them: the entry found (or the one just after the
/// key) and the one before must carry their check words and enclose the key.
/// Whatever a damaged key, summary or entry made the search do, a wrong answer would need two valid
/// entries that enclose the key in the wrong place, which a sorted index cannot have: damage is
/// reported, never taken for an absent or another key.
struct KeyIndex {
    let count: Int
    private let stride: Int
    private let keys: UnsafeRawBufferPointer
    private let entries: UnsafeRawBufferPointer
    private let summary: UnsafeRawBufferPointer
    private let top: UnsafeRawBufferPointer
    private let name: String

    static let headerSize = 16
    static let defaultStride = 64

    init(_ section: UnsafeRawBufferPointer, name: String) throws(SnapshotError) {
        guard section.count >= Self.headerSize else { throw .corrupt("the \(name) is too short") }
        let n = section.le(0, as: UInt64.self)
        let s = section.le(8, as: UInt32.self)
        // The section's length is in the checksummed header: the count must fit it exactly.
        guard s > 1, s <= 4096, n <= UInt64(section.count / 24), Self.size(count: Int(n), stride: Int(s)) == section.count else {
            throw .corrupt("the \(name) count \(n) does not match its section of \(section.count) bytes")
        }
        count = Int(n)
        stride = Int(s)
        let (m, t) = Self.levels(count: count, stride: stride)
        var at = Self.headerSize
        func take(_ bytes: Int) -> UnsafeRawBufferPointer {
            defer { at += bytes }
            return UnsafeRawBufferPointer(rebasing: section[at..<(at + bytes)])
        }
        keys = take(8 * count)
        entries = take(16 * count)
        summary = take(8 * m)
        top = take(8 * t)
        self.name = name
    }

    /// The sizes of the summary and top levels of an index of `count` keys.
    static func levels(count: Int, stride: Int) -> (summary: Int, top: Int) {
        let m = (count + stride - 1) / stride
        return (m, (m + stride - 1) / stride)
    }

    /// The bytes of an index of `count` keys.
    static func size(count: Int, stride: Int) -> Int {
        let (m, t) = levels(count: count, stride: stride)
        return headerSize + 24 * count + 8 * (m + t)
    }

    /// Key `i`, unchecked (`entry(_:)` checks it).
    @inline(__always)
    func key(_ i: Int) -> UInt64 {
        precondition(i >= 0 && i < count, "index entry out of range")
        // safe: 0 ≤ i < count, and `keys` holds count keys.
        return keys.le(8 * i)
    }

    /// Entry `i` (0..<count): its key and offset, checked.
    @inline(__always)
    func entry(_ i: Int) throws(SnapshotError) -> (key: UInt64, offset: UInt64) {
        let key = key(i)
        // safe: 0 ≤ i < count (checked by key(_:)), and `entries` holds count entries of 16 bytes.
        let offset: UInt64 = entries.le(16 * i)
        guard entries.le(16 * i + 8, as: UInt64.self) == SnapshotFormat.entryCheck(key, offset) else {
            throw .corrupt("entry \(i) of the \(name) is damaged")
        }
        return (key, offset)
    }

    /// The position of `key`, or nil when it is not in the index.
    func position(of key: UInt64) throws(SnapshotError) -> Int? {
        guard count > 0 else { return nil }
        // The top level: the last summary segment whose first key is ≤ key (the first when none).
        var low = 0
        var high = top.count / 8
        while high - low > 1 {
            let mid = (low + high) / 2
            // safe: mid < top.count / 8.
            if top.le(8 * mid, as: UInt64.self) <= key { low = mid } else { high = mid }
        }
        // The summary segment: the last key segment whose first key is ≤ key.
        let summaryStart = low * stride
        let below = Self.countBelowOrEqual(key, in: summary, from: summaryStart, to: min(summaryStart + stride, summary.count / 8))
        let segment = max(summaryStart + below - 1, 0)
        // The key segment: the first position whose key is ≥ key (or the segment's end).
        let start = segment * stride
        let first = start + Self.countBelow(key, in: keys, from: start, to: min(start + stride, count))
        // Checked: the entries around the landing place enclose the key.
        if first > 0 {
            guard try entry(first - 1).key < key else { throw .corrupt("the \(name) is damaged near entry \(first - 1)") }
        }
        guard first < count else { return nil }
        let found = try entry(first).key
        guard found >= key else { throw .corrupt("the \(name) is damaged near entry \(first)") }
        return found == key ? first : nil
    }

    /// How many of the keys at `from..<to` of `level` are below `key` (all of them read, without
    /// a branch on their values).
    @inline(__always)
    private static func countBelow(_ key: UInt64, in level: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        var n = 0
        var i = from
        // safe: from..<to lies within the level (to ≤ its count of keys).
        while i < to {
            n &+= level.le(8 * i, as: UInt64.self) < key ? 1 : 0
            i += 1
        }
        return n
    }

    /// How many of the keys at `from..<to` of `level` are at most `key`.
    @inline(__always)
    private static func countBelowOrEqual(_ key: UInt64, in level: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        var n = 0
        var i = from
        // safe: from..<to lies within the level (to ≤ its count of keys).
        while i < to {
            n &+= level.le(8 * i, as: UInt64.self) <= key ? 1 : 0
            i += 1
        }
        return n
    }
}

/// Writes a `KeyIndex` section: keys and offsets are given in ascending key order.
struct KeyIndexWriter {
    private(set) var keys: [UInt64] = []
    private(set) var offsets: [UInt64] = []

    var count: Int { keys.count }

    mutating func reserve(_ n: Int) {
        keys.reserveCapacity(n)
        offsets.reserveCapacity(n)
    }

    /// Adds an entry; keys must come strictly ascending.
    mutating func append(key: UInt64, offset: UInt64) {
        precondition(keys.last.map { $0 < key } ?? true, "index keys out of order")
        keys.append(key)
        offsets.append(offset)
    }

    /// Writes the section body.
    func write(to out: inout SectionOutput, stride: Int = KeyIndex.defaultStride) throws(SnapshotError) {
        try out.u64(UInt64(keys.count))
        try out.u32(UInt32(stride))
        try out.u32(0)
        for k in keys { try out.u64(k) }
        for (k, o) in zip(keys, offsets) {
            try out.u64(o)
            try out.u64(SnapshotFormat.entryCheck(k, o))
        }
        let summary = Swift.stride(from: 0, to: keys.count, by: stride).map { keys[$0] }
        for key in summary { try out.u64(key) }
        for i in Swift.stride(from: 0, to: summary.count, by: stride) { try out.u64(summary[i]) }
    }
}
