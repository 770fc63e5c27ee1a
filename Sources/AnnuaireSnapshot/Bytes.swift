#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends bytes, little-endian integers and LEB128 varints to a growable buffer of its own: no
/// array uniqueness or capacity checks per byte on the encoding paths.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The bytes written so far, valid until the next change.
    var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the bytes written so far.
    var bytes: [UInt8] { Array(contents) }

    /// Forgets the bytes written, keeping the buffer.
    mutating func removeAll() { count = 0 }

    /// Exchanges this sink's storage (bytes and room) with `other`'s.
    mutating func swapStorage(with other: inout ByteSink) {
        (base, other.base) = (other.base, base)
        (capacity, other.capacity) = (other.capacity, capacity)
        (count, other.count) = (other.count, count)
    }

    /// Forgets the bytes from `length` on.
    mutating func truncate(to length: Int) {
        precondition(length >= 0 && length <= count)
        count = length
    }

    /// Room for `n` more bytes at the end, to be filled by `body` (which returns how many it wrote).
    mutating func append(upTo n: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        reserve(n)
        // safe: reserve made room for n bytes at base + count.
        let written = body(base + count)
        precondition(written >= 0 && written <= n)
        count += written
    }

    /// Overwrites 4 bytes at `offset` (a check computed once what follows is written).
    mutating func setU32(_ v: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= count)
        // safe: checked above.
        base.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        while capacity < needed { capacity *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        bigger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = bigger
    }

    mutating func byte(_ value: UInt8) {
        reserve(1)
        // safe, every store below: reserve made room for it.
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func varint(_ value: UInt64) {
        reserve(10)
        var v = value
        while v >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: count, as: UInt8.self)
            count += 1
            v >>= 7
        }
        base.storeBytes(of: UInt8(v), toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func u16(_ v: UInt16) {
        reserve(2)
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt16.self)
        count += 2
    }

    mutating func u32(_ v: UInt32) {
        reserve(4)
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt32.self)
        count += 4
    }

    mutating func u64(_ v: UInt64) {
        reserve(8)
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        (base + count).copyMemory(from: source, byteCount: raw.count)
        count += raw.count
    }

    mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }
}

/// Reads what `ByteSink` wrote, checking every access against the end of its region, so a
/// damaged snapshot gives an error, never a read outside the mapping.
struct ByteSource {
    let base: UnsafeRawPointer
    let end: Int
    var position: Int

    init(_ region: UnsafeRawBufferPointer, at position: Int = 0) {
        base = region.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        end = region.count
        self.position = position
    }

    var isAtEnd: Bool { position >= end }

    mutating func u8() throws(SnapshotError) -> UInt8 {
        guard position < end else { throw .corrupt("record data ends early") }
        // safe: position < end.
        defer { position += 1 }
        return base.load(fromByteOffset: position, as: UInt8.self)
    }

    @inline(__always)
    mutating func varint() throws(SnapshotError) -> UInt64 {
        // Most values (tags, lengths, small ids) fit in one byte.
        if position < end {
            // safe: position < end.
            let first = base.load(fromByteOffset: position, as: UInt8.self)
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            guard shift < 64 else { throw .corrupt("varint too long") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func bytes(_ count: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= end - position else { throw .corrupt("a value runs past its region") }
        // safe: position + count <= end.
        defer { position += count }
        return UnsafeRawBufferPointer(start: base + position, count: count)
    }
}

extension UnsafeRawBufferPointer {
    /// Little-endian integer at `offset`; the caller has checked the bounds.
    func le<T: FixedWidthInteger>(_ offset: Int, as: T.Type = T.self) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

/// A fast 64-bit hash of a byte string, eight bytes at a time (multiply–xorshift mixing), for
/// in-memory tables only: it is never stored. The last, partial word is read as overlapping loads
/// (the length is mixed in, so overlaps do not collide strings of different lengths).
@inline(__always)
func fastHash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
    guard let base = bytes.baseAddress else { return seed }
    let n = bytes.count
    var h = seed ^ UInt64(n) &* 0xFF51_AFD7_ED55_8CCD
    // safe, every load below: it lies within base[0..<n].
    if n >= 8 {
        var i = 0
        while i + 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 29
            i += 8
        }
        if i < n { h = (h ^ base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53 }
    } else if n >= 4 {
        let low = UInt64(base.loadUnaligned(as: UInt32.self))
        let high = UInt64(base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        h = (h ^ (low | high << 32)) &* 0xC4CE_B9FE_1A85_EC53
    } else if n > 0 {
        let first = UInt64(base.load(as: UInt8.self))
        let middle = UInt64(base.load(fromByteOffset: n / 2, as: UInt8.self))
        let last = UInt64(base.load(fromByteOffset: n - 1, as: UInt8.self))
        h = (h ^ (first | middle << 8 | last << 16)) &* 0xC4CE_B9FE_1A85_EC53
    }
    h ^= h >> 32
    h = h &* 0xFF51_AFD7_ED55_8CCD
    return h ^ (h >> 29)
}

/// Whether `x` and `y` hold the same bytes: short strings (the interned ones) by word loads,
/// without a call to `memcmp`.
@inline(__always)
func sameBytes(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
    let n = x.count
    guard n == y.count else { return false }
    guard let a = x.baseAddress, let b = y.baseAddress else { return true }
    // safe, every load below: it lies within the n bytes of a and of b.
    if n >= 8, n <= 16 {
        return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
            && a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4, n < 8 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    return memcmp(a, b, n) == 0
}

/// 64-bit FNV-1a, for hashing short byte strings (interning, structure identifiers).
func fnv1a(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var h = seed
    for b in bytes {
        h ^= UInt64(b)
        h &*= 0x0000_0100_0000_01B3
    }
    return h
}
