/// The two searches that tell a part of a file what the lines before it hold (`PartPrelude`),
/// at memory speed: sixteen bytes at a time (SSE2 on x86-64, NEON on arm64), on bytes that are
/// never split into lines.
enum ByteScan {
    /// The number of newlines (`\n`) in `bytes`.
    static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let newline = SIMD16<UInt8>(repeating: 0x0A)
        let one = SIMD16<UInt8>(repeating: 1)
        var total = 0
        var i = 0
        while i + 64 <= count {
            // Each lane counts up to 4 × 63 = 252 newlines before the lanes are summed: no overflow.
            var lanes = SIMD16<UInt8>()
            var rounds = 0
            while rounds < 63, i + 64 <= count {
                for k in 0..<4 {
                    // safe: i + 64 <= count, so the 16 bytes at i + 16 k are within the buffer.
                    let v = base.loadUnaligned(fromByteOffset: i + 16 * k, as: SIMD16<UInt8>.self)
                    lanes &+= SIMD16<UInt8>().replacing(with: one, where: v .== newline)
                }
                i += 64
                rounds += 1
            }
            total += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while i < count {
            // safe: i < count.
            if base.load(fromByteOffset: i, as: UInt8.self) == 0x0A { total += 1 }
            i += 1
        }
        return total
    }

    /// The offset in `bytes` of the first byte of 0x80 or more (non-ASCII), or nil.
    static func firstHighByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i + 64 <= count {
            // safe: i + 64 <= count, so the four loads of 16 bytes are within the buffer.
            var v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            v |= base.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<UInt8>.self)
            v |= base.loadUnaligned(fromByteOffset: i + 32, as: SIMD16<UInt8>.self)
            v |= base.loadUnaligned(fromByteOffset: i + 48, as: SIMD16<UInt8>.self)
            if any(v .>= 0x80) { break }
            i += 64
        }
        while i < count {
            // safe: i < count.
            if base.load(fromByteOffset: i, as: UInt8.self) >= 0x80 { return i }
            i += 1
        }
        return nil
    }
}
