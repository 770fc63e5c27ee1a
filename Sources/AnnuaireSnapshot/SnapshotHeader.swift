@_spi(Internals) import AnnuaireParsing

/// The first 4,096 bytes of a snapshot file, the same in every format version: what it is, how big,
/// when it was made, and where each section lies with its CRC-32. The one type that both writes the
/// header (`bytes`) and reads it (`init(reading:path:)`).
///
/// ```
///   0  magic "ANNUAIRE" · 8 version u32 · 12 header size u32 (4096) · 16 file size u64
///   24 created (Unix seconds) i64 · 32 section count u32 · 36 reserved u32
///   40 sections: count × { kind u32, crc32 u32, offset u64, length u64, reserved u64 }
///   4092 crc32 of bytes 0..<4092
/// ```
struct SnapshotHeader: Equatable {
    /// One section: its kind (a number of the format version), the CRC-32 of its bytes, its place.
    struct Section: Equatable {
        var kind: UInt32
        var crc: UInt32
        var offset: Int
        var length: Int

        var range: Range<Int> { offset..<(offset + length) }
    }

    static let magic: [UInt8] = Array("ANNUAIRE".utf8)
    static let size = 4096
    static let sectionEntrySize = 32
    /// Sections the header has room for.
    static let maxSections = (size - 4 - 40) / sectionEntrySize

    var version: UInt32
    /// The size of the whole file.
    var fileSize: Int
    var created: ExtractTime
    var sections: [Section]

    /// The section of `kind`, if the file has one.
    func section(_ kind: UInt32) -> Section? { sections.first { $0.kind == kind } }

    /// The header's 4,096 bytes.
    var bytes: [UInt8] {
        precondition(sections.count <= Self.maxSections, "more sections than the header holds")
        var h = ByteSink(capacity: Self.size)
        h.append(Self.magic)
        h.u32(version)
        h.u32(UInt32(Self.size))
        h.u64(UInt64(fileSize))
        h.u64(UInt64(bitPattern: created.secondsSince1970))
        h.u32(UInt32(sections.count))
        h.u32(0)
        for s in sections {
            h.u32(s.kind)
            h.u32(s.crc)
            h.u64(UInt64(s.offset))
            h.u64(UInt64(s.length))
            h.u64(0)
        }
        h.append([UInt8](repeating: 0, count: Self.size - 4 - h.count))
        let crc = crc32(0, h.contents)
        h.u32(crc)
        return h.bytes
    }

    /// Reads and checks the header at the start of `file` (the whole file, mapped): the magic, the
    /// header's CRC-32, that the file is as long as the header says, and that every section lies
    /// inside it. Versions 3 and 2 are read; the caller decides which it accepts.
    init(reading file: UnsafeRawBufferPointer, path: String) throws(SnapshotError) {
        let h = Self.size
        guard file.count >= 8, Self.magic.withUnsafeBytes({ sameBytes(UnsafeRawBufferPointer(rebasing: file[0..<8]), $0) }) else {
            throw .notASnapshot(path: path)
        }
        guard file.count >= h else { throw .truncated(path: path, expected: Int64(h), actual: Int64(file.count)) }
        version = file.le(8)
        // A version this code does not know may lay its header out otherwise: said before its CRC.
        guard version == SnapshotFormat.version || version == SnapshotFormat.legacyVersion else {
            throw .unsupportedVersion(path: path, version: version, supported: SnapshotFormat.version)
        }
        guard crc32(0, UnsafeRawBufferPointer(rebasing: file[0..<(h - 4)])) == file.le(h - 4, as: UInt32.self) else {
            throw .headerChecksum(path: path)
        }
        let declared: UInt64 = file.le(16)
        guard declared == UInt64(file.count) else {
            throw .truncated(path: path, expected: Int64(clamping: declared), actual: Int64(file.count))
        }
        fileSize = file.count
        created = ExtractTime(secondsSince1970: file.le(24, as: Int64.self))
        let count = Int(file.le(32, as: UInt32.self))
        guard count <= Self.maxSections else { throw .corrupt("the section table of \(path) is too long") }
        sections = []
        for i in 0..<count {
            let at = 40 + i * Self.sectionEntrySize
            let offset: UInt64 = file.le(at + 8)
            let length: UInt64 = file.le(at + 16)
            guard offset >= UInt64(h), offset <= declared, length <= declared - offset else {
                throw .corrupt("section \(i) of \(path) lies outside the file")
            }
            sections.append(Section(kind: file.le(at), crc: file.le(at + 4), offset: Int(offset), length: Int(length)))
        }
    }

    init(version: UInt32, fileSize: Int, created: ExtractTime, sections: [Section]) {
        self.version = version
        self.fileSize = fileSize
        self.created = created
        self.sections = sections
    }
}
