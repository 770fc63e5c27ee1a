/// Inflates a gzip file made of one or more members (`cat a.gz b.gz` is valid gzip), checking each
/// member's CRC-32 and length. A stream that ends inside a member is an error (truncated file);
/// zero bytes after the last member (tape padding) are tolerated, anything else is an error.
///
/// zlib or ISA-L inflates (`InflateBackend`); the bytes and the errors are the same with either.
@_spi(Internals) public final class GzipStream: ByteStream {
    private let source: ByteStream
    private let path: String
    private let inflater: Inflater
    private let input: UnsafeMutableRawBufferPointer
    private var sourceEnded = false
    private var finished = false
    /// Compressed bytes taken from the source so far.
    private var consumed: Int64 = 0
    /// Members fully read so far.
    public private(set) var members = 0

    /// A stream inflated by ISA-L when it is available, else by zlib.
    public convenience init(source: ByteStream, path: String, inputChunk: Int = 256 << 10) {
        // `.automatic` always resolves (zlib is the fallback), and zlib's init cannot fail.
        try! self.init(source: source, path: path, inputChunk: inputChunk, backend: .automatic)
    }

    /// A stream inflated by `backend`.
    ///
    /// - Throws: `ExtractionError.inflaterUnavailable` for `.isal` when ISA-L cannot be used.
    public init(source: ByteStream, path: String, inputChunk: Int = 256 << 10, backend: InflateBackend) throws(ExtractionError) {
        self.source = source
        self.path = path
        inflater = try Inflater(format: .gzip, backend: backend)
        input = .allocate(byteCount: inputChunk, alignment: 64)
    }

    deinit { input.deallocate() }

    public var filePosition: Int64 { source.filePosition }

    /// The backend inflating this stream: `.zlib` or `.isal`.
    public var backend: InflateBackend { inflater.backend }

    /// Offset in the compressed file of the next byte the inflater will use.
    private var compressedOffset: Int64 { consumed - Int64(inflater.availableInput + inflater.heldInput) }

    /// Reads the next chunk of the source into the inflater's window; false at the end.
    private func refill() throws -> Bool {
        guard !sourceEnded else { return false }
        let n = try source.read(into: input)
        if n == 0 {
            sourceEnded = true
            return false
        }
        consumed += Int64(n)
        inflater.setInput(UnsafeRawBufferPointer(rebasing: input[0..<n]))
        return true
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        var written = 0
        while written < buffer.count {
            let step: (written: Int, ended: Bool)
            do {
                step = try inflater.fill(UnsafeMutableRawBufferPointer(rebasing: buffer[written...])) { _ = try refill() }
            } catch let stall as Inflater.Stall {
                // What earlier members gave is handed out first; the stall comes back next call.
                if written > 0, case .inputEnded = stall { return written }
                throw error(stall)
            }
            written += step.written
            guard step.ended else { return written }
            members += 1
            if try !startNextMember() {
                finished = true
                return written
            }
        }
        return written
    }

    private func error(_ stall: Inflater.Stall) -> ExtractionError {
        switch stall {
        case .inputEnded: .truncatedGzip(path: path, member: members + 1, compressedOffset: compressedOffset)
        case .noProgress:
            .corruptGzip(path: path, member: members + 1, compressedOffset: compressedOffset, reason: "the inflater made no progress")
        case .failed(let reason): .corruptGzip(path: path, member: members + 1, compressedOffset: compressedOffset, reason: reason)
        }
    }

    /// After a member's end: true when another member follows (the inflater is reset for it),
    /// false at the end of the file.
    private func startNextMember() throws -> Bool {
        while true {
            if inflater.availableInput == 0, !(try refill()) { return false }
            let next = inflater.input
            if next[0] == 0 {
                // Zero padding after the last member: skip it, but only zeros may follow.
                let zeros = next.prefix { $0 == 0 }.count
                inflater.skipInput(zeros)
                if inflater.availableInput > 0 {
                    throw ExtractionError.gzipTrailingGarbage(path: path, compressedOffset: compressedOffset)
                }
                continue
            }
            if next[0] != 0x1F || (next.count >= 2 && next[1] != 0x8B) {
                throw ExtractionError.gzipTrailingGarbage(path: path, compressedOffset: compressedOffset)
            }
            inflater.reset()
            return true
        }
    }
}
