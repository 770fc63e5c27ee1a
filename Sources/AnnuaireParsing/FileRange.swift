/// A `ByteStream` over a range of bytes of a regular file, read with `pread` (so that several
/// ranges of one file can be read at once, each by its own stream).
///
/// Not `Sendable`: it holds a read position.
final class FileRange: ByteStream {
    let file: FileInput
    let range: Range<Int64>
    /// Offset of the next byte to read.
    private var next: Int64

    /// The bytes `range` of `file`.
    init(_ file: FileInput, _ range: Range<Int64>) {
        self.file = file
        self.range = range
        next = range.lowerBound
    }

    var filePosition: Int64 { next }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let want = Int(min(Int64(buffer.count), range.upperBound - next))
        guard want > 0 else { return 0 }
        // safe: want <= buffer.count.
        let n = try file.pread(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: next)
        next += Int64(n)
        return n
    }
}
