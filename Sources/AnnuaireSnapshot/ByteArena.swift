/// Byte strings (search terms, values met) appended in chunks of 1 MiB that never move: no copy
/// of the whole arena as it grows, no doubling of its memory. A string's place is its chunk and
/// offset in one u32; strings are numbered in the order appended.
struct ByteArena: ~Copyable {
    private static let chunkShift = 20
    private static let chunkSize = 1 << chunkShift
    private var chunks: [UnsafeMutableRawPointer] = []
    private var used = chunkSize
    /// Per string: where it starts (chunk << 20 | offset) and its length.
    private var starts: [UInt32] = []
    private var lengths: [UInt16] = []

    init() {}

    deinit { for chunk in chunks { chunk.deallocate() } }

    /// The number of strings.
    var count: Int { starts.count }

    /// The bytes of string `id` (valid while the arena lives).
    @inline(__always)
    func bytes(_ id: Int) -> UnsafeRawBufferPointer {
        let start = Int(starts[id])
        // safe: the string was copied into that chunk, at that offset, with that length.
        return UnsafeRawBufferPointer(
            start: chunks[start >> Self.chunkShift] + (start & (Self.chunkSize - 1)), count: Int(lengths[id]))
    }

    /// Appends `bytes`; returns its number.
    @discardableResult
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) -> UInt32 {
        guard bytes.count <= Int(UInt16.max), count < Int(UInt32.max) - 1 else {
            throw .corrupt("a search term of \(bytes.count) bytes, or more than 4 G of them")
        }
        if used + bytes.count > Self.chunkSize {
            guard chunks.count + 1 < 1 << (32 - Self.chunkShift) else { throw .corrupt("more than 4 GiB of search terms") }
            chunks.append(.allocate(byteCount: Self.chunkSize, alignment: 8))
            used = 0
        }
        if let source = bytes.baseAddress, bytes.count > 0 {
            // safe: the last chunk has room for bytes.count more bytes from `used` (checked above).
            (chunks[chunks.count - 1] + used).copyMemory(from: source, byteCount: bytes.count)
        }
        starts.append(UInt32((chunks.count - 1) << Self.chunkShift | used))
        lengths.append(UInt16(bytes.count))
        used += bytes.count
        return UInt32(count - 1)
    }

    /// Appends `other`'s strings after this one's (numbered on), taking its chunks rather than
    /// copying their bytes; `other` is left empty.
    mutating func absorb(_ other: inout ByteArena) throws(SnapshotError) {
        guard chunks.count + other.chunks.count < 1 << (32 - Self.chunkShift), count + other.count < Int(UInt32.max) - 1 else {
            throw .corrupt("more than 4 GiB of search terms, or more than 4 G of them")
        }
        let shift = UInt32(chunks.count) << UInt32(Self.chunkShift)
        starts.reserveCapacity(starts.count + other.starts.count)
        for start in other.starts { starts.append(start + shift) }
        lengths.append(contentsOf: other.lengths)
        chunks.append(contentsOf: other.chunks)
        if !other.chunks.isEmpty { used = other.used }
        other.chunks = []
        other.starts = []
        other.lengths = []
        other.used = Self.chunkSize
    }

    /// `ids` in the byte order of their strings (memcmp, the shorter first): a radix sort by their
    /// first 8 bytes (big-endian, zero-padded), then by the next 8 within runs of equal words, and
    /// so on.
    func sorted(_ ids: [UInt32]) -> [UInt32] {
        var ids = ids
        let n = ids.count
        var keys = [UInt64](repeating: 0, count: n)
        var spareIDs = [UInt32](repeating: 0, count: n)
        var spareKeys = [UInt64](repeating: 0, count: n)
        sortRun(0..<n, depth: 0, ids: &ids, keys: &keys, spareIDs: &spareIDs, spareKeys: &spareKeys)
        return ids
    }

    /// Every string's number, in the byte order of the strings.
    func sortedIDs() -> [UInt32] {
        sorted(
            [UInt32](unsafeUninitializedCapacity: count) { buffer, n in
                for i in 0..<count { buffer[i] = UInt32(i) }
                n = count
            })
    }

    /// Bytes depth·8 ..< depth·8 + 8 of string `id`, big-endian, zero-padded.
    @inline(__always)
    private func word(_ id: Int, _ depth: Int) -> UInt64 {
        let b = bytes(id)
        let from = depth * 8
        guard from < b.count else { return 0 }
        // safe: from + 8 ≤ b.count.
        if from + 8 <= b.count { return UInt64(bigEndian: b.loadUnaligned(fromByteOffset: from, as: UInt64.self)) }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(from + i < b.count ? b[from + i] : 0) }
        return v
    }

    private func sortRun(
        _ run: Range<Int>, depth: Int, ids: inout [UInt32], keys: inout [UInt64], spareIDs: inout [UInt32], spareKeys: inout [UInt64]
    ) {
        if run.count < 32 {
            // Small runs: insertion sort on the whole bytes.
            for i in run.dropFirst() {
                let id = ids[i]
                var j = i
                while j > run.lowerBound, compareBytes(bytes(Int(ids[j - 1])), bytes(Int(id))) > 0 {
                    ids[j] = ids[j - 1]
                    j -= 1
                }
                ids[j] = id
            }
            return
        }
        for i in run { keys[i] = word(Int(ids[i]), depth) }
        RadixSort.sort(run, keys: &keys, values: &ids, spareKeys: &spareKeys, spareValues: &spareIDs)
        // Runs of equal words: by the next 8 bytes when some string goes on, else the shorter first
        // (zero padding does not tell "ab" from "ab\0").
        var start = run.lowerBound
        while start < run.upperBound {
            var end = start + 1
            while end < run.upperBound, keys[end] == keys[start] { end += 1 }
            if end - start > 1 {
                var longer = false
                for i in start..<end where bytes(Int(ids[i])).count > (depth + 1) * 8 {
                    longer = true
                    break
                }
                if longer {
                    sortRun(start..<end, depth: depth + 1, ids: &ids, keys: &keys, spareIDs: &spareIDs, spareKeys: &spareKeys)
                } else {
                    ids[start..<end].sort { bytes(Int($0)).count < bytes(Int($1)).count }
                }
            }
            start = end
        }
    }
}
