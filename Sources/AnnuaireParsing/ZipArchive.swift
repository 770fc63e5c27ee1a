/// A zip archive read through its central directory (ZIP64 included), entries streamed one at a
/// time. Stored and deflate entries, with or without data descriptors, are read; each entry's
/// CRC-32 and size are checked against the central directory. Entry names are only ever shown,
/// never used as paths.
@_spi(Internals) public final class ZipArchive {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let method: Int
        public let flags: UInt16
        public let crc32: UInt32
        public let compressedSize: Int64
        public let uncompressedSize: Int64
        public let localHeaderOffset: Int64

        public var isDirectory: Bool { name.hasSuffix("/") }
        /// The name without any directory part.
        public var baseName: String { String(name.split(separator: "/").last ?? Substring(name)) }
    }

    public let path: String
    public let entries: [Entry]
    let file: FileInput
    let fileSize: Int64

    public init(file: FileInput) throws {
        self.file = file
        path = file.path
        guard let size = file.size else {
            throw ExtractionError.notAZip(path: file.path, reason: "not a regular file")
        }
        fileSize = size
        entries = try Self.readCentralDirectory(file: file, size: size)
    }

    private static func readCentralDirectory(file: FileInput, size: Int64) throws -> [Entry] {
        let path = file.path
        // The end-of-central-directory record is in the last 22 + 65,535 bytes.
        let tailLength = Int(min(size, 22 + 65_535 + 20))
        var tail = [UInt8](repeating: 0, count: tailLength)
        let got = try tail.withUnsafeMutableBytes { b in try file.pread(into: b, at: size - Int64(tailLength)) }
        guard got == tailLength, tailLength >= 22 else {
            throw ExtractionError.notAZip(path: path, reason: "shorter than an empty archive")
        }
        var eocd = -1
        var i = tailLength - 22
        while i >= 0 {
            if tail.le32(i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else {
            throw ExtractionError.notAZip(path: path, reason: "no end-of-central-directory record: the archive is truncated")
        }
        var count = Int64(tail.le16(eocd + 10))
        var cdSize = Int64(tail.le32(eocd + 12))
        var cdOffset = Int64(tail.le32(eocd + 16))
        // ZIP64: a locator sits just before the EOCD record.
        if eocd >= 20, tail.le32(eocd - 20) == 0x0706_4B50 {
            let recordOffset = Int64(truncatingIfNeeded: tail.le64(eocd - 20 + 8))
            var record = [UInt8](repeating: 0, count: 56)
            let n = try record.withUnsafeMutableBytes { b in try file.pread(into: b, at: recordOffset) }
            guard n == 56, record.le32(0) == 0x0606_4B50 else { throw ExtractionError.notAZip(path: path, reason: "bad ZIP64 end record") }
            // Values of 2⁶³ or more read as negative and are refused below, never trap.
            count = Int64(truncatingIfNeeded: record.le64(32))
            cdSize = Int64(truncatingIfNeeded: record.le64(40))
            cdOffset = Int64(truncatingIfNeeded: record.le64(48))
        }
        guard cdOffset >= 0, cdSize >= 0, cdOffset <= size, cdSize <= size - cdOffset, cdSize < 1 << 31 else {
            throw ExtractionError.notAZip(path: path, reason: "central directory outside the file")
        }
        var cd = [UInt8](repeating: 0, count: Int(cdSize))
        let n = try cd.withUnsafeMutableBytes { b in try file.pread(into: b, at: cdOffset) }
        guard n == cd.count else { throw ExtractionError.notAZip(path: path, reason: "central directory truncated") }

        var entries: [Entry] = []
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= cd.count, cd.le32(p) == 0x0201_4B50 else {
                throw ExtractionError.notAZip(path: path, reason: "central directory entry \(entries.count + 1) is damaged")
            }
            let flags = cd.le16(p + 8)
            let method = Int(cd.le16(p + 10))
            let crc = cd.le32(p + 16)
            var csize = Int64(cd.le32(p + 20))
            var usize = Int64(cd.le32(p + 24))
            let nameLength = Int(cd.le16(p + 28))
            let extraLength = Int(cd.le16(p + 30))
            let commentLength = Int(cd.le16(p + 32))
            var offset = Int64(cd.le32(p + 42))
            guard p + 46 + nameLength + extraLength + commentLength <= cd.count else {
                throw ExtractionError.notAZip(path: path, reason: "central directory entry \(entries.count + 1) overruns the directory")
            }
            let nameBytes = cd[(p + 46)..<(p + 46 + nameLength)]
            let name = String(decoding: nameBytes, as: UTF8.self)
            // ZIP64 extended information: the 0xFFFFFFFF fields, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = cd.le16(e)
                let length = Int(cd.le16(e + 2))
                if id == 0x0001 {
                    var q = e + 4
                    if usize == 0xFFFF_FFFF, q + 8 <= e + 4 + length { usize = Int64(truncatingIfNeeded: cd.le64(q)); q += 8 }
                    if csize == 0xFFFF_FFFF, q + 8 <= e + 4 + length { csize = Int64(truncatingIfNeeded: cd.le64(q)); q += 8 }
                    if offset == 0xFFFF_FFFF, q + 8 <= e + 4 + length { offset = Int64(truncatingIfNeeded: cd.le64(q)) }
                }
                e += 4 + length
            }
            guard csize >= 0, usize >= 0, offset >= 0, offset <= size, csize <= size - offset else {
                throw ExtractionError.notAZip(path: path, reason: "entry \(printable(name)) lies outside the file")
            }
            entries.append(
                Entry(
                    name: name, method: method, flags: flags, crc32: crc, compressedSize: csize,
                    uncompressedSize: usize, localHeaderOffset: offset))
            p += 46 + nameLength + extraLength + commentLength
        }
        // Entries whose data overlap (several names for the same deflate stream) are the trick of
        // non-recursive zip bombs: each would be inflated in full. Real archives never do it.
        let byOffset = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (a, b) in zip(byOffset, byOffset.dropFirst()) where b.localHeaderOffset < a.localHeaderOffset + 30 + a.compressedSize {
            throw ExtractionError.notAZip(
                path: path,
                reason:
                    "entries \(printable(a.name)) and \(printable(b.name)) overlap (a zip bomb?); a genuine archive never shares data between entries"
            )
        }
        return entries
    }

    /// A stream of the entry's uncompressed bytes, a deflate entry inflated by `backend`.
    ///
    /// - Throws: `ExtractionError` for an entry that cannot be read, and
    ///   `.inflaterUnavailable` for `.isal` when ISA-L cannot be used.
    public func open(_ entry: Entry, backend: InflateBackend = .automatic) throws -> ZipEntryStream {
        if entry.flags & 1 != 0 { throw ExtractionError.zipEncrypted(path: path, entry: entry.name) }
        guard entry.method == 0 || entry.method == 8 else {
            throw ExtractionError.zipUnsupportedMethod(path: path, entry: entry.name, method: entry.method)
        }
        var header = [UInt8](repeating: 0, count: 30)
        let n = try header.withUnsafeMutableBytes { b in try file.pread(into: b, at: entry.localHeaderOffset) }
        guard n == 30, header.le32(0) == 0x0403_4B50 else {
            throw ExtractionError.zipEntryCorrupt(
                path: path, entry: entry.name, compressedOffset: entry.localHeaderOffset, reason: "no local header where the directory says"
            )
        }
        let dataOffset = entry.localHeaderOffset + 30 + Int64(header.le16(26)) + Int64(header.le16(28))
        guard dataOffset + entry.compressedSize <= fileSize else {
            throw ExtractionError.zipEntryCorrupt(
                path: path, entry: entry.name, compressedOffset: dataOffset, reason: "data runs past the end of the archive")
        }
        return try ZipEntryStream(archive: self, entry: entry, dataOffset: dataOffset, backend: backend)
    }
}

/// The uncompressed bytes of one zip entry; checks the CRC-32 and size at the end.
@_spi(Internals) public final class ZipEntryStream: ByteStream {
    private let archive: ZipArchive
    public let entry: ZipArchive.Entry
    private let dataOffset: Int64
    private var inputPosition: Int64 = 0
    private var produced: Int64 = 0
    private var crc: UInt32 = 0
    private var finished = false
    private let inflater: Inflater?
    private let input: UnsafeMutableRawBufferPointer

    public var filePosition: Int64 { dataOffset + inputPosition }
    /// The archive's path.
    public var archivePath: String { archive.path }
    /// The backend inflating a deflate entry (`.zlib` or `.isal`); nil for a stored entry.
    public var backend: InflateBackend? { inflater?.backend }
    /// Computed as the entry is read, to check the directory's.
    public var contentCRC32: UInt32? { crc }

    init(archive: ZipArchive, entry: ZipArchive.Entry, dataOffset: Int64, backend: InflateBackend) throws(ExtractionError) {
        self.archive = archive
        self.entry = entry
        self.dataOffset = dataOffset
        inflater = entry.method == 8 ? try Inflater(format: .raw, backend: backend) : nil
        input = .allocate(byteCount: entry.method == 8 ? 256 << 10 : 0, alignment: 64)
    }

    deinit { input.deallocate() }

    private func corrupt(_ reason: String) -> ExtractionError {
        .zipEntryCorrupt(path: archive.path, entry: entry.name, compressedOffset: dataOffset + inputPosition, reason: reason)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        let n: Int
        if let inflater {
            n = try inflate(inflater, into: buffer)
        } else {
            let want = Int(min(Int64(buffer.count), entry.compressedSize - inputPosition))
            n =
                want > 0
                ? try archive.file.pread(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: dataOffset + inputPosition)
                : 0
            guard n == want else { throw corrupt("unexpected end of the archive") }
            inputPosition += Int64(n)
            if inputPosition == entry.compressedSize { finished = true }
        }
        // ISA-L computes the CRC-32 as it inflates, while the bytes are in cache.
        crc = inflater?.outputCRC32 ?? crc32(crc, UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        produced += Int64(n)
        if produced > entry.uncompressedSize { throw corrupt("more data than the directory's size of \(entry.uncompressedSize) bytes") }
        if finished {
            guard produced == entry.uncompressedSize else {
                throw corrupt("\(produced) bytes where the directory says \(entry.uncompressedSize)")
            }
            guard crc == entry.crc32 else {
                throw corrupt("CRC-32 mismatch: data \(hex(crc)), directory \(hex(entry.crc32))")
            }
        }
        return n
    }

    private func inflate(_ inflater: Inflater, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            let step = try inflater.fill(buffer) {
                let want = Int(min(Int64(input.count), entry.compressedSize - inputPosition))
                guard want > 0 else { return }
                let got = try archive.file.pread(
                    into: UnsafeMutableRawBufferPointer(rebasing: input[0..<want]), at: dataOffset + inputPosition)
                guard got == want else { throw corrupt("unexpected end of the archive") }
                inputPosition += Int64(got)
                inflater.setInput(UnsafeRawBufferPointer(rebasing: input[0..<got]))
            }
            if step.ended { finished = true }
            return step.written
        } catch let stall as Inflater.Stall {
            switch stall {
            case .inputEnded: throw corrupt("the compressed data ends before the end of the deflate stream")
            case .noProgress: throw corrupt("the inflater made no progress")
            case .failed(let reason): throw corrupt(reason)
            }
        }
    }
}

private func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}

extension Array where Element == UInt8 {
    func le16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func le32(_ i: Int) -> UInt32 { UInt32(le16(i)) | UInt32(le16(i + 2)) << 16 }
    func le64(_ i: Int) -> UInt64 { UInt64(le32(i)) | UInt64(le32(i + 4)) << 32 }
}
