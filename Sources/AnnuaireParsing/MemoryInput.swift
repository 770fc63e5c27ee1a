/// A `ByteStream` over bytes already in memory (a copy of them): for tests, fuzzing, and inputs
/// that never touch the disk.
///
/// `maxReadSize` caps the bytes handed out by each `read`, so that a decoder over this stream
/// (a `GzipStream`, the tokenizer) can be made to meet every possible chunk boundary.
/// Not `Sendable`: it holds a read position.
@_spi(Internals) public final class MemoryInput: ByteStream {
    private let bytes: [UInt8]
    private let maxReadSize: Int
    /// Bytes handed out so far.
    public private(set) var position = 0
    public var filePosition: Int64 { Int64(position) }

    /// A stream of `bytes`, at most `maxReadSize` (≥ 1) of them per `read`.
    public init(_ bytes: some Sequence<UInt8>, maxReadSize: Int = .max) {
        precondition(maxReadSize > 0, "maxReadSize must be positive")
        self.bytes = Array(bytes)
        self.maxReadSize = maxReadSize
    }

    /// A stream of a copy of `buffer`, at most `maxReadSize` (≥ 1) bytes per `read`.
    public convenience init(copying buffer: UnsafeRawBufferPointer, maxReadSize: Int = .max) {
        self.init(Array(buffer), maxReadSize: maxReadSize)
    }

    /// The total number of bytes of the stream.
    public var count: Int { bytes.count }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position, maxReadSize)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            // safe: position + n <= bytes.count and n <= buffer.count.
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[position..<(position + n)]))
        }
        position += n
        return n
    }
}
