@_spi(Internals) import AnnuaireParsing

/// A sorted index from 64-bit keys to offsets, read in place (format 3): the practitioners' keys
/// to their blocks, and the ORG mailboxes' structure hashes to their groups.
///
/// ```
/// count n u64 · stride s u32 · reserved u32
/// keys      n × u64, strictly ascending
/// entries   n × { offset u64, check u64 }   check = SnapshotFormat.entryCheck(key, offset)
/// summary   ⌈n / s⌉ × u64: keys[0], keys[s], keys[2s], …
/// ```
/// A search reads the summary (a few hundred KB, cached after a few lookups), then one segment of
/// `s` keys, then the two entries around where it lands, and checks them: the entry found (or the
/// one just after the key) and the one before must carry their check words and enclose the key.
/// Whatever a damaged key, summary or entry made the search do, a wrong answer would need two valid
/// entries that enclose the key in the wrong place, which a sorted index cannot have: damage is
/// reported, never taken for an absent or another key.
struct KeyIndex {
    let count: Int
    private let stride: Int
    private let keys: UnsafeRawBufferPointer
    private let entries: UnsafeRawBufferPointer
    private let summary: UnsafeRawBufferPointer
    private let name: String

    static let headerSize = 16
    static let defaultStride = 64

    init(_ section: UnsafeRawBufferPointer, name: String) throws(SnapshotError) {
        guard section.count >= Self.headerSize else { throw .corrupt("the \(name) is too short") }
        let n = section.le(0, as: UInt64.self)
        let s = section.le(8, as: UInt32.self)
        // The section's length is in the checksummed header: the count must fit it exactly.
        guard s > 0, n <= UInt64(section.count / 24), Self.size(count: Int(n), stride: Int(s)) == section.count else {
            throw .corrupt("the \(name) count \(n) does not match its section of \(section.count) bytes")
        }
        count = Int(n)
        stride = Int(s)
        keys = UnsafeRawBufferPointer(rebasing: section[Self.headerSize..<(Self.headerSize + 8 * count)])
        entries = UnsafeRawBufferPointer(rebasing: section[keys.count + Self.headerSize..<(Self.headerSize + 24 * count)])
        summary = UnsafeRawBufferPointer(rebasing: section[(Self.headerSize + 24 * count)...])
        self.name = name
    }

    /// The bytes of an index of `count` keys.
    static func size(count: Int, stride: Int) -> Int { headerSize + 24 * count + 8 * ((count + stride - 1) / stride) }

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
        // The last segment whose first key is ≤ key (segment 0 when none is).
        var low = 0
        var high = summary.count / 8
        while high - low > 1 {
            let mid = (low + high) / 2
            // safe: mid < summary.count / 8.
            if summary.le(8 * mid, as: UInt64.self) <= key { low = mid } else { high = mid }
        }
        // The first position of the segment whose key is ≥ key (or the segment's end).
        var first = min(low * stride, count)
        var last = min(first + stride, count)
        while first < last {
            let mid = (first + last) / 2
            if self.key(mid) < key { first = mid + 1 } else { last = mid }
        }
        // Checked: the entries around the landing place enclose the key.
        if first > 0 {
            guard try entry(first - 1).key < key else { throw .corrupt("the \(name) is damaged near entry \(first - 1)") }
        }
        guard first < count else { return nil }
        let found = try entry(first).key
        guard found >= key else { throw .corrupt("the \(name) is damaged near entry \(first)") }
        return found == key ? first : nil
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
        for i in Swift.stride(from: 0, to: keys.count, by: stride) { try out.u64(keys[i]) }
    }
}
