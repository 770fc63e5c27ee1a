@_spi(Internals) import AnnuaireParsing
import CZlib

/// Writes a gzip file (RFC 1952) as a stream of bytes, in one member or several (a file of
/// several members is what `cat a.gz b.gz` makes; readers must read them all).
///
/// Members carry no name and a zero modification time (like `gzip -n`), so equal input gives equal
/// bytes. The file appears at `path` only when `finish()` succeeds (it is written to
/// `<path>.tmp`, then renamed); a writer dropped unfinished removes its temporary file.
///
/// ```swift
/// let gzip = try GzipWriter(path: "rows.txt.gz", level: 6)
/// try gzip.write(Array("a|b|\n".utf8))
/// try gzip.startMember()          // optional: what follows is a second member
/// try gzip.write(Array("c|d|\n".utf8))
/// try gzip.finish()
/// ```
///
/// Not `Sendable`: one thread at a time. The zlib state lives on the heap.
public final class GzipWriter {
    /// Where the file appears once finished.
    public let path: String
    /// Deflate level, 0 (stored blocks) to 9.
    public let level: Int
    private let file: FileOutput
    private var deflater: Deflater?
    private var memberOpen = false
    /// The open member's body is pieces compressed elsewhere (see `appendPiece`).
    private var memberOfPieces = false
    private var crc: UInt32 = 0
    private var length: UInt64 = 0
    /// Members written or started so far.
    public private(set) var members = 0
    private var finished = false

    /// Creates `<path>.tmp`; `level` 0–9 (6 is gzip's default).
    public init(path: String, level: Int = 6) throws(SynthError) {
        guard (0...9).contains(level) else { throw .invalidOptions(reason: "gzip level \(level) is not in 0...9") }
        self.path = path
        self.level = level
        file = try FileOutput(path: path)
    }

    /// Compressed bytes written so far.
    public var bytesWritten: Int64 { file.position }

    /// Compresses `bytes` into the current member (opening one if needed).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SynthError) {
        try openMember(pieces: false)
        let deflater = streamingDeflater()
        let status = try deflater.compress(bytes, flush: Z_NO_FLUSH) { (out) throws(SynthError) in try file.write(out) }
        guard status == Z_OK else { throw .compressionFailed(path: path, status: status) }
        crc = crc32(crc, bytes)
        length &+= UInt64(bytes.count)
    }

    /// Compresses `bytes` into the current member (opening one if needed).
    public func write(_ bytes: [UInt8]) throws(SynthError) {
        try bytes.withBytes { (b) throws(SynthError) in try write(b) }
    }

    /// Ends the current member, if one is open: the next write starts a new member.
    public func startMember() throws(SynthError) {
        try closeMember()
    }

    /// Ends the last member, closes the file and renames it into place; returns its size. A
    /// writer that was given no bytes writes one empty member (a valid gzip file of nothing).
    @discardableResult
    public func finish() throws(SynthError) -> Int64 {
        guard !finished else { throw .misuse(path: path, reason: "finish() called twice") }
        if members == 0 { try openMember(pieces: false) }
        try closeMember()
        finished = true
        try file.commit()
        return file.position
    }

    /// Appends a piece of raw deflate data compressed elsewhere (`Deflater.compressPiece`: a
    /// byte-aligned, non-final part of a stream) to the current member, with the CRC-32 and length
    /// of its uncompressed bytes. The member is closed with an empty final block.
    func appendPiece(_ compressed: UnsafeRawBufferPointer, crc pieceCRC: UInt32, length pieceLength: Int) throws(SynthError) {
        try openMember(pieces: true)
        try file.write(compressed)
        crc = crc32Combine(crc, pieceCRC, pieceLength)
        length &+= UInt64(pieceLength)
    }

    private func streamingDeflater() -> Deflater {
        if let deflater { return deflater }
        let d = Deflater(level: level)
        deflater = d
        return d
    }

    private func openMember(pieces: Bool) throws(SynthError) {
        if finished { throw .misuse(path: path, reason: "write after finish()") }
        if memberOpen {
            guard pieces == memberOfPieces else {
                throw .misuse(path: path, reason: "a gzip member cannot mix streamed writes and compressed pieces")
            }
            return
        }
        // ID1 ID2 CM=deflate FLG=0, MTIME=0, XFL (2 slowest, 4 fastest), OS=3 (Unix)
        let xfl: UInt8 = level == 9 ? 2 : (level == 1 ? 4 : 0)
        try file.write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, xfl, 3])
        memberOpen = true
        memberOfPieces = pieces
        crc = 0
        length = 0
        members += 1
        if !pieces { streamingDeflater().reset() }
    }

    private func closeMember() throws(SynthError) {
        guard memberOpen else { return }
        if memberOfPieces {
            try file.write(Deflater.finalEmptyBlock)
        } else {
            let status = try streamingDeflater().compress(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH) {
                (out) throws(SynthError) in try file.write(out)
            }
            guard status == Z_STREAM_END else { throw .compressionFailed(path: path, status: status) }
        }
        var trailer: [UInt8] = []
        trailer.le32(crc)
        trailer.le32(UInt32(truncatingIfNeeded: length))
        try file.write(trailer)
        memberOpen = false
    }
}
