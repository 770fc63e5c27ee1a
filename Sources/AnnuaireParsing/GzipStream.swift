import CZlib

/// Inflates a gzip file made of one or more members (`cat a.gz b.gz` is valid gzip), checking each
/// member's CRC-32 and length. A stream that ends inside a member is an error (truncated file);
/// zero bytes after the last member (tape padding) are tolerated, anything else is an error.
public final class GzipStream: ByteStream {
    private let source: ByteStream
    private let path: String
    private let inflater = Inflater(windowBits: 15 + 16)
    private let input: UnsafeMutableRawBufferPointer
    private var sourceEnded = false
    private var finished = false
    /// Compressed bytes taken from the source so far.
    private var consumed: Int64 = 0
    /// Members fully read so far.
    public private(set) var members = 0

    public init(source: ByteStream, path: String, inputChunk: Int = 256 << 10) {
        self.source = source
        self.path = path
        input = .allocate(byteCount: inputChunk, alignment: 64)
    }

    deinit { input.deallocate() }

    public var filePosition: Int64 { source.filePosition }

    /// Offset in the compressed file of the next byte zlib will read.
    private var compressedOffset: Int64 { consumed - Int64(inflater.stream.pointee.avail_in) }

    private func refill() throws -> Bool {
        guard !sourceEnded else { return false }
        let n = try source.read(into: input)
        if n == 0 {
            sourceEnded = true
            return false
        }
        consumed += Int64(n)
        inflater.stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        inflater.stream.pointee.avail_in = UInt32(n)
        return true
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        let z = inflater.stream
        z.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        z.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        let capacity = Int(z.pointee.avail_out)
        while z.pointee.avail_out > 0 {
            if z.pointee.avail_in == 0, !(try refill()) {
                if capacity - Int(z.pointee.avail_out) > 0 { break }  // hand out what we have first
                throw ExtractionError.truncatedGzip(path: path, member: members + 1, compressedOffset: compressedOffset)
            }
            let status = CZlib.inflate(z, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                members += 1
                if try !startNextMember() {
                    finished = true
                    return capacity - Int(z.pointee.avail_out)
                }
            default:
                throw ExtractionError.corruptGzip(
                    path: path, member: members + 1, compressedOffset: compressedOffset, reason: inflater.message)
            }
        }
        return capacity - Int(z.pointee.avail_out)
    }

    /// After a member's end: true when another member follows (the inflater is reset for it),
    /// false at the end of the file.
    private func startNextMember() throws -> Bool {
        let z = inflater.stream
        while true {
            if z.pointee.avail_in == 0, !(try refill()) { return false }
            let next = z.pointee.next_in!
            if next[0] == 0 {
                // Zero padding after the last member: skip it, but only zeros may follow.
                var i = 0
                while i < Int(z.pointee.avail_in), next[i] == 0 { i += 1 }
                if i < Int(z.pointee.avail_in) {
                    z.pointee.next_in += i
                    z.pointee.avail_in -= UInt32(i)
                    throw ExtractionError.gzipTrailingGarbage(path: path, compressedOffset: compressedOffset)
                }
                z.pointee.avail_in = 0
                continue
            }
            if next[0] != 0x1F || (z.pointee.avail_in >= 2 && next[1] != 0x8B) {
                throw ExtractionError.gzipTrailingGarbage(path: path, compressedOffset: compressedOffset)
            }
            inflater.reset()
            return true
        }
    }
}
