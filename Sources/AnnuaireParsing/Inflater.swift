import CZlib

/// Owner of one zlib inflate state. The `z_stream` lives on the heap because zlib keeps a pointer
/// back to it: it must never move, which a Swift value could.
final class Inflater {
    let stream: UnsafeMutablePointer<z_stream>

    /// `windowBits` 31 reads gzip (zlib checks each member's CRC-32 and length); -15 raw deflate.
    init(windowBits: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = czlib_inflate_init2(stream, windowBits)
        // Only fails on out-of-memory or a zlib built without gzip support.
        precondition(status == Z_OK, "zlib inflateInit2 failed (\(status))")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func reset() { inflateReset(stream) }

    /// zlib's message for the last error, or a generic text.
    var message: String {
        guard let msg = stream.pointee.msg else { return "invalid compressed data" }
        return String(cString: msg)
    }
}

/// CRC-32 (the gzip/zip polynomial) of `bytes`, continuing from `crc`.
func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
    var result = UInt(crc)
    var p = base.assumingMemoryBound(to: UInt8.self)
    var left = bytes.count
    while left > 0 {
        let n = min(left, 1 << 30)
        result = CZlib.crc32(result, p, UInt32(n))
        p += n
        left -= n
    }
    return UInt32(truncatingIfNeeded: result)
}
