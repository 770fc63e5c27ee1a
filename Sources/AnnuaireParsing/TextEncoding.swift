import CSimd

/// The character encoding of a file, or of one line in it.
public enum TextEncoding: String, Sendable, Codable {
    /// Only ASCII bytes (so far).
    case ascii = "ASCII"
    /// Valid UTF-8: the format's encoding.
    case utf8 = "UTF-8"
    /// Not valid UTF-8, read as Windows-1252 (its five undefined bytes as Latin-1).
    case windows1252 = "Windows-1252"

    /// Decodes `bytes` in this encoding. Never fails: Windows-1252 gives every byte a character.
    public func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        switch self {
        case .ascii, .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                let value = b >= 0x80 && b < 0xA0 ? windows1252High[Int(b - 0x80)] : UInt32(b)
                scalars.append(Unicode.Scalar(value)!)
            }
            return String(scalars)
        }
    }
}

/// Windows-1252 code points of bytes 0x80–0x9F; the undefined ones map to their Latin-1 value.
private let windows1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
]

#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF):
/// 32 bytes at a time with AVX2 where the CPU has it, else `isValidUTF8Scalar`.
@_spi(Internals) public func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    if cpuHasAVX2, bytes.count >= 32 { return isValidUTF8AVX2(bytes) }
    return isValidUTF8Scalar(bytes)
}

/// Whether the CPU and the OS support AVX2, so that the CSimd kernels may run.
let cpuHasAVX2 = csimd_has_avx2() != 0

/// `isValidUTF8` with AVX2 (`cpuHasAVX2` must be true).
func isValidUTF8AVX2(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    // safe: the kernel reads bytes[0..<count] only (the tail through a padded copy).
    return csimd_valid_utf8_avx2(base.assumingMemoryBound(to: UInt8.self), bytes.count) != 0
}

/// `isValidUTF8` a byte at a time, ASCII runs eight or sixteen bytes at a time. Allocation-free.
func isValidUTF8Scalar(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var i = 0
    while i < count {
        // ASCII runs are skipped a block at a time, straight to the first byte ≥ 0x80.
        #if arch(x86_64)
            if i + 16 <= count {
                // safe: i + 16 <= count, so the 16-byte load stays inside `bytes`.
                let high = _mm_movemask_epi8(_mm_loadu_si128((base + i).assumingMemoryBound(to: __m128i.self)))
                if high == 0 {
                    i += 16
                    continue
                }
                i += UInt32(truncatingIfNeeded: high).trailingZeroBitCount
            }
        #endif
        if i + 8 <= count {
            // safe: i + 8 <= count, so the 8-byte load stays inside `bytes`.
            let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
            if high == 0 {
                i += 8
                continue
            }
            i += high.trailingZeroBitCount / 8
        }
        let b0 = base.load(fromByteOffset: i, as: UInt8.self)
        if b0 < 0x80 {
            i += 1
            continue
        }
        let need: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; upper = 0x9F
        case 0xF0: need = 3; lower = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; upper = 0x8F
        default: return false
        }
        guard i + need < count else { return false }
        let b1 = base.load(fromByteOffset: i + 1, as: UInt8.self)
        guard b1 >= lower && b1 <= upper else { return false }
        for k in 2...max(2, need) where k <= need {
            let b = base.load(fromByteOffset: i + k, as: UInt8.self)
            guard b & 0xC0 == 0x80 else { return false }
        }
        i += need + 1
    }
    return true
}
