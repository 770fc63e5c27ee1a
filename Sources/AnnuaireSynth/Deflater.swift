import CZlib

/// Owner of one zlib deflate state. The `z_stream` lives on the heap because zlib keeps a pointer
/// back to it: it must never move, which a Swift value could. Not `Sendable`: one thread at a time.
final class Deflater {
    let stream: UnsafeMutablePointer<z_stream>
    let level: Int
    /// Output staging for the streaming writers.
    private let output: UnsafeMutableRawBufferPointer

    /// `windowBits` -15: raw deflate (zip entries, and the gzip writer, which frames members
    /// itself). `level` 0–9.
    init(level: Int, windowBits: Int32 = -15) {
        self.level = level
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = czlib_deflate_init2(stream, Int32(level), windowBits, 8)
        // Only fails on out-of-memory or a bad level, which the options reject beforehand.
        precondition(status == Z_OK, "zlib deflateInit2 failed (\(status))")
        output = .allocate(byteCount: 256 << 10, alignment: 64)
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Starts a new, independent deflate stream with the same settings.
    func reset() { deflateReset(stream) }

    /// Compresses `input` with `flush` (`Z_NO_FLUSH`, `Z_SYNC_FLUSH`, `Z_FINISH`), handing the
    /// compressed bytes to `sink` in chunks. Returns zlib's status (`Z_OK`, `Z_STREAM_END`, or an
    /// error).
    func compress(
        _ input: UnsafeRawBufferPointer, flush: Int32, _ sink: (UnsafeRawBufferPointer) throws(SynthError) -> Void
    ) throws(SynthError) -> Int32 {
        let z = stream
        z.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        z.pointee.avail_in = UInt32(input.count)
        while true {
            z.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            z.pointee.avail_out = UInt32(output.count)
            let status = deflate(z, flush)
            let produced = output.count - Int(z.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            if status == Z_STREAM_END { return status }
            if status != Z_OK && status != Z_BUF_ERROR { return status }
            // Done when zlib took all input and had output space left over (nothing pending).
            if z.pointee.avail_in == 0 && z.pointee.avail_out > 0 {
                return flush == Z_FINISH ? Z_BUF_ERROR : Z_OK
            }
        }
    }

    /// Compresses `input` as one byte-aligned piece of a deflate stream (a fresh stream, ended by
    /// a sync flush: no final block), appended to `out`. Pieces compressed this way concatenate
    /// into one valid stream once a final block follows them (`finalEmptyBlock`): how the
    /// synthesizer deflates blocks of one file on several cores.
    func compressPiece(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) -> Int32 {
        reset()
        let z = stream
        z.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        z.pointee.avail_in = UInt32(input.count)
        out.reserve(Int(deflateBound(z, UInt(input.count))) + 64)
        while true {
            out.reserve(64 << 10)
            z.pointee.next_out = out.base + out.count
            z.pointee.avail_out = UInt32(out.capacity - out.count)
            let before = Int(z.pointee.avail_out)
            let status = deflate(z, Z_SYNC_FLUSH)
            out.count += before - Int(z.pointee.avail_out)
            if status != Z_OK && status != Z_BUF_ERROR { return status }
            if z.pointee.avail_in == 0 && z.pointee.avail_out > 0 { return Z_OK }
        }
    }

    /// A final, empty fixed-Huffman block (BFINAL=1, BTYPE=01, end-of-block): closes a deflate
    /// stream whose last piece ended byte-aligned; alone, it is the deflate stream of no data.
    static let finalEmptyBlock: [UInt8] = [0x03, 0x00]
}

/// The CRC-32 of `a` followed by `b`, from their CRCs and `b`'s length.
func crc32Combine(_ a: UInt32, _ b: UInt32, _ lengthOfB: Int) -> UInt32 {
    UInt32(truncatingIfNeeded: CZlib.crc32_combine(UInt(a), UInt(b), Int(lengthOfB)))
}
