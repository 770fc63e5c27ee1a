@_spi(Internals) import AnnuaireParsing
import CZlib

/// Writes a zip archive entry by entry, streaming each entry's bytes: stored or deflate, with or
/// without a data descriptor (general-purpose flag bit 3), then the central directory.
///
/// Without a data descriptor the local header's CRC-32 and sizes are patched in place once the
/// entry ends (the file is seekable); with one, they follow the data in a descriptor (signature
/// `PK\x07\x08`) and the local header holds zeros, as streaming zippers write. No ZIP64: an entry
/// or archive past 4 GiB throws `SynthError.zipTooLarge`. The archive appears at `path` only when
/// `finish()` succeeds (written to `<path>.tmp`, then renamed).
///
/// ```swift
/// let zip = try ZipWriter(path: "PS_LibreAcces_202601150851.zip")
/// try zip.beginEntry(name: "PS_LibreAcces_SavoirFaire_202601150851.txt", method: .deflate)
/// try zip.write(header)
/// try zip.write(rows)
/// try zip.endEntry()
/// try zip.addEntry(name: "LISEZMOI.txt", method: .stored, data: Array("…".utf8))
/// try zip.finish()
/// ```
///
/// Not `Sendable`: one thread at a time. The zlib state lives on the heap.
public final class ZipWriter {
    /// How an entry's bytes are stored.
    public enum Method: String, Sendable, CaseIterable {
        /// Method 0: the bytes as they are.
        case stored
        /// Method 8: raw deflate.
        case deflate

        var code: UInt16 { self == .stored ? 0 : 8 }
    }

    /// Where the archive appears once finished.
    public let path: String
    private let file: FileOutput
    private let dosDate: UInt16
    private let dosTime: UInt16
    private var central: [UInt8] = []
    private var entryCount = 0
    private var entry: OpenEntry?
    private var deflater: Deflater?
    private var finished = false

    private struct OpenEntry {
        let name: [UInt8]
        let method: Method
        let flags: UInt16
        let level: Int
        let headerOffset: Int64
        var crc: UInt32 = 0
        var compressed: Int64 = 0
        var uncompressed: Int64 = 0
        /// Deflate data came as pieces compressed elsewhere; the stream needs a final block.
        var pieces = false
        var streamed = false
    }

    /// Creates `<path>.tmp`. Entries are dated `modified` (Paris local time, as zip stores local
    /// time), or 1980-01-01 00:00 when nil, so equal input gives equal bytes.
    public init(path: String, modified: ExtractTime? = nil) throws(SynthError) {
        self.path = path
        file = try FileOutput(path: path)
        if let modified {
            let clock = ExtractClock(modified)
            dosDate = clock.dosDate
            dosTime = clock.dosTime
        } else {
            dosDate = 0x21  // 1980-01-01
            dosTime = 0
        }
    }

    /// Bytes written so far.
    public var bytesWritten: Int64 { file.position }

    /// Starts an entry (ending none: call `endEntry()` first). `level` 0–9 applies to deflate.
    public func beginEntry(name: String, method: Method = .deflate, dataDescriptor: Bool = false, level: Int = 6)
        throws(SynthError)
    {
        guard !finished else { throw .misuse(path: path, reason: "beginEntry after finish()") }
        guard entry == nil else { throw .misuse(path: path, reason: "beginEntry(\(name)) before endEntry()") }
        guard (0...9).contains(level) else { throw .invalidOptions(reason: "deflate level \(level) is not in 0...9") }
        let nameBytes = Array(name.utf8)
        guard nameBytes.count <= 0xFFFF, entryCount < 0xFFFF else { throw .zipTooLarge(path: path, entry: name) }
        var flags: UInt16 = dataDescriptor ? 0x0008 : 0
        if nameBytes.contains(where: { $0 >= 0x80 }) { flags |= 0x0800 }  // UTF-8 name
        let offset = file.position
        guard offset < 0xFFFF_FFFF else { throw .zipTooLarge(path: path, entry: name) }
        var header: [UInt8] = []
        header.le32(0x0403_4B50)
        header.le16(20)  // version needed: 2.0 (deflate, descriptors)
        header.le16(flags)
        header.le16(method.code)
        header.le16(dosTime)
        header.le16(dosDate)
        header.le32(0)  // CRC-32, compressed and uncompressed sizes: patched or in the descriptor
        header.le32(0)
        header.le32(0)
        header.le16(UInt16(nameBytes.count))
        header.le16(0)  // extra field length
        header += nameBytes
        try file.write(header)
        entry = OpenEntry(name: nameBytes, method: method, flags: flags, level: level, headerOffset: offset)
    }

    /// Appends bytes to the open entry (compressing them for deflate).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SynthError) {
        guard var e = entry else { throw .misuse(path: path, reason: "write before beginEntry") }
        switch e.method {
        case .stored:
            try file.write(bytes)
            e.compressed += Int64(bytes.count)
        case .deflate:
            guard !e.pieces else { throw .misuse(path: path, reason: "an entry cannot mix streamed writes and compressed pieces") }
            let deflater = entryDeflater(&e)
            let before = file.position
            let status = try deflater.compress(bytes, flush: Z_NO_FLUSH) { (out) throws(SynthError) in try file.write(out) }
            guard status == Z_OK else { throw .compressionFailed(path: path, status: status) }
            e.compressed += file.position - before
        }
        e.crc = crc32(e.crc, bytes)
        e.uncompressed += Int64(bytes.count)
        entry = e
        try checkSize(e)
    }

    /// Appends bytes to the open entry (compressing them for deflate).
    public func write(_ bytes: [UInt8]) throws(SynthError) {
        try bytes.withBytes { (b) throws(SynthError) in try write(b) }
    }

    /// Ends the open entry: finishes its deflate stream, then patches the local header or writes
    /// the data descriptor.
    public func endEntry() throws(SynthError) {
        guard var e = entry else { throw .misuse(path: path, reason: "endEntry without an open entry") }
        if e.method == .deflate {
            let before = file.position
            if e.streamed {
                let status = try entryDeflater(&e).compress(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH) {
                    (out) throws(SynthError) in try file.write(out)
                }
                guard status == Z_STREAM_END else { throw .compressionFailed(path: path, status: status) }
            } else {
                // Pieces, or no data at all: an empty final block ends the stream.
                try file.write(Deflater.finalEmptyBlock)
            }
            e.compressed += file.position - before
        }
        try checkSize(e)
        var sizes: [UInt8] = []
        sizes.le32(e.crc)
        sizes.le32(UInt32(e.compressed))
        sizes.le32(UInt32(e.uncompressed))
        if e.flags & 0x0008 != 0 {
            var descriptor: [UInt8] = []
            descriptor.le32(0x0807_4B50)
            try file.write(descriptor + sizes)
        } else {
            try file.write(sizes, at: e.headerOffset + 14)
        }
        central.le32(0x0201_4B50)
        central.le16(0x0314)  // made by: Unix, 2.0
        central.le16(20)
        central.le16(e.flags)
        central.le16(e.method.code)
        central.le16(dosTime)
        central.le16(dosDate)
        central += sizes
        central.le16(UInt16(e.name.count))
        central.le16(0)  // extra
        central.le16(0)  // comment
        central.le16(0)  // disk
        central.le16(0)  // internal attributes
        central.le32(0o100644 << 16)  // external: a regular file, rw-r--r--
        central.le32(UInt32(e.headerOffset))
        central += e.name
        entryCount += 1
        entry = nil
    }

    /// One entry from bytes in memory.
    public func addEntry(
        name: String, method: Method = .deflate, dataDescriptor: Bool = false, level: Int = 6, data: [UInt8]
    ) throws(SynthError) {
        try beginEntry(name: name, method: method, dataDescriptor: dataDescriptor, level: level)
        try write(data)
        try endEntry()
    }

    /// Writes the central directory and end record, closes the file and renames it into place;
    /// returns the archive's size.
    @discardableResult
    public func finish() throws(SynthError) -> Int64 {
        guard !finished else { throw .misuse(path: path, reason: "finish() called twice") }
        if entry != nil { try endEntry() }
        let offset = file.position
        guard offset + Int64(central.count) < 0xFFFF_FFFF else { throw .zipTooLarge(path: path, entry: "central directory") }
        var end: [UInt8] = []
        end.le32(0x0605_4B50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(entryCount))
        end.le16(UInt16(entryCount))
        end.le32(UInt32(central.count))
        end.le32(UInt32(offset))
        end.le16(0)  // comment length
        try file.write(central + end)
        finished = true
        try file.commit()
        return file.position
    }

    /// Appends a piece of raw deflate data compressed elsewhere (`Deflater.compressPiece`) to the
    /// open deflate entry, with the CRC-32 and length of its uncompressed bytes.
    func appendPiece(_ compressed: UnsafeRawBufferPointer, crc pieceCRC: UInt32, length pieceLength: Int) throws(SynthError) {
        guard var e = entry, e.method == .deflate, !e.streamed else {
            throw .misuse(path: path, reason: "compressed pieces need an open deflate entry without streamed writes")
        }
        try file.write(compressed)
        e.pieces = true
        e.compressed += Int64(compressed.count)
        e.crc = crc32Combine(e.crc, pieceCRC, pieceLength)
        e.uncompressed += Int64(pieceLength)
        entry = e
        try checkSize(e)
    }

    /// Appends bytes to the open stored entry whose CRC-32 was computed elsewhere.
    func appendStored(_ bytes: UnsafeRawBufferPointer, crc pieceCRC: UInt32) throws(SynthError) {
        guard var e = entry, e.method == .stored else { throw .misuse(path: path, reason: "no open stored entry") }
        try file.write(bytes)
        e.compressed += Int64(bytes.count)
        e.crc = crc32Combine(e.crc, pieceCRC, bytes.count)
        e.uncompressed += Int64(bytes.count)
        entry = e
        try checkSize(e)
    }

    private func entryDeflater(_ e: inout OpenEntry) -> Deflater {
        if !e.streamed {
            e.streamed = true
            if let deflater, deflater.level == e.level {
                deflater.reset()
            } else {
                deflater = Deflater(level: e.level)
            }
        }
        return deflater!
    }

    private func checkSize(_ e: OpenEntry) throws(SynthError) {
        if e.compressed >= 0xFFFF_FFFF || e.uncompressed >= 0xFFFF_FFFF || file.position >= 0xFFFF_FFFF {
            throw .zipTooLarge(path: path, entry: String(decoding: e.name, as: UTF8.self))
        }
    }
}
