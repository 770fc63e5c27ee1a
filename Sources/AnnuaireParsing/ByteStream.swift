#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source of bytes read in chunks: a file, standard input, or a decompressor over one of them.
///
/// Not `Sendable`: a stream is used by one reader at a time.
@_spi(Internals) public protocol ByteStream: AnyObject {
    /// Fills the front of `buffer` and returns how many bytes were written; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// How far into the underlying file reading has got, in bytes (for progress reports).
    var filePosition: Int64 { get }
    /// The CRC-32 of every byte read so far, when the stream computes it anyway (to check its
    /// container's), so that readers need not compute it again; nil otherwise.
    var contentCRC32: UInt32? { get }
}

extension ByteStream {
    public var contentCRC32: UInt32? { nil }
}

/// An open file (or standard input) read with `read(2)`, with its first bytes available for
/// container detection before any are consumed.
@_spi(Internals) public final class FileInput: ByteStream {
    public let path: String
    let fd: Int32
    private let ownsDescriptor: Bool
    /// Bytes read ahead for `peek`, served first by `read`.
    private var ahead: [UInt8] = []
    private var aheadPosition = 0
    /// Bytes handed out so far.
    public private(set) var position: Int64 = 0
    public var filePosition: Int64 { position }

    /// Opens `path`; `-` is standard input.
    public init(path: String) throws(ExtractionError) {
        self.path = path == "-" ? "<stdin>" : path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
            ownsDescriptor = true
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw .cannotOpen(path: path, errno: EISDIR)
            }
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// The first `count` bytes (fewer at the end of a short input), without consuming them.
    public func peek(_ count: Int) throws(ExtractionError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while ahead.count < count {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, errno: errno)
            }
            if n == 0 { break }
            ahead += chunk[0..<n]
        }
        return Array(ahead.prefix(count))
    }

    /// Whether the descriptor supports `pread` at any offset (a regular file, not a pipe).
    var isSeekable: Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The file's size in bytes when it is a regular file.
    public var size: Int64? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if aheadPosition < ahead.count {
            let n = min(buffer.count, ahead.count - aheadPosition)
            ahead.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[aheadPosition..<aheadPosition + n])) }
            aheadPosition += n
            position += Int64(n)
            return n
        }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                position += Int64(n)
                return n
            }
            if errno != EINTR { throw ExtractionError.readFailed(path: path, errno: errno) }
        }
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at the end of the file).
    func pread(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(ExtractionError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}
