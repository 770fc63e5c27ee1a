import AnnuaireParsing
import Foundation

/// An open snapshot: a memory-mapped file in which a practitioner is found by key in a binary
/// search over the mapped key array, with no load step.
///
/// Opening reads and checks the header only (magic, version, header CRC-32, file size, section
/// bounds): O(1) in the file's size. `verify()` checks every section's CRC-32. Every read of the
/// data is bounds-checked, so a damaged file gives `SnapshotError.corrupt`, never a crash.
///
/// `@unchecked Sendable`: the mapping is read-only and never changes, so any thread may read it.
public final class Snapshot: @unchecked Sendable {
    public let path: String
    let file: MappedFile
    /// Creation time, from the header.
    public let createdAt: ExtractTime
    let sections: [SnapshotFormat.Section: SectionInfo]
    let strings: SnapshotStrings
    private let keys: UnsafeRawBufferPointer
    private let blockOffsets: UnsafeRawBufferPointer
    private let records: UnsafeRawBufferPointer
    private let structures: UnsafeRawBufferPointer
    private let orgIndex: UnsafeRawBufferPointer
    private let orgRecords: UnsafeRawBufferPointer
    /// Number of practitioners.
    public let count: Int
    /// What the snapshot was built from.
    public let provenance: SnapshotProvenance
    /// The newest extract time of each family's inputs.
    public let extractTimes: [Family: ExtractTime]

    struct SectionInfo {
        var crc: UInt32
        var offset: Int
        var length: Int
    }

    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        let h = SnapshotFormat.headerSize
        guard bytes.count >= 8, Array(bytes.prefix(8)) == SnapshotFormat.magic else { throw SnapshotError.notASnapshot(path: path) }
        guard bytes.count >= h else { throw SnapshotError.truncated(path: path, expected: Int64(h), actual: Int64(bytes.count)) }
        let version: UInt32 = bytes.le(8)
        guard version == SnapshotFormat.version else {
            throw SnapshotError.unsupportedVersion(path: path, version: version, supported: SnapshotFormat.version)
        }
        guard crc32(0, UnsafeRawBufferPointer(rebasing: bytes[0..<(h - 4)])) == bytes.le(h - 4, as: UInt32.self) else {
            throw SnapshotError.headerChecksum(path: path)
        }
        let fileSize: UInt64 = bytes.le(16)
        guard fileSize == UInt64(bytes.count) else {
            throw SnapshotError.truncated(path: path, expected: Int64(fileSize), actual: Int64(bytes.count))
        }
        createdAt = ExtractTime(secondsSince1970: bytes.le(24, as: Int64.self))
        let sectionCount = Int(bytes.le(32, as: UInt32.self))
        guard 40 + sectionCount * SnapshotFormat.sectionEntrySize <= h - 4 else { throw SnapshotError.corrupt("section table too long") }
        var sections: [SnapshotFormat.Section: SectionInfo] = [:]
        for i in 0..<sectionCount {
            let at = 40 + i * SnapshotFormat.sectionEntrySize
            let offset: UInt64 = bytes.le(at + 8)
            let length: UInt64 = bytes.le(at + 16)
            guard offset >= UInt64(h), offset <= fileSize, length <= fileSize - offset else {
                throw SnapshotError.corrupt("section \(i) lies outside the file")
            }
            if let kind = SnapshotFormat.Section(rawValue: bytes.le(at, as: UInt32.self)) {
                sections[kind] = SectionInfo(crc: bytes.le(at + 4), offset: Int(offset), length: Int(length))
            }
        }
        for kind in SnapshotFormat.Section.allCases where sections[kind] == nil {
            throw SnapshotError.corrupt("the \(kind.name) section is missing")
        }
        self.sections = sections
        func region(_ kind: SnapshotFormat.Section) -> UnsafeRawBufferPointer {
            let s = sections[kind]!
            return UnsafeRawBufferPointer(rebasing: bytes[s.offset..<(s.offset + s.length)])
        }
        strings = try SnapshotStrings(region(.strings))
        let keySection = region(.keys)
        guard keySection.count >= 8 else { throw SnapshotError.corrupt("key index too short") }
        let n = Int(clamping: keySection.le(0, as: UInt64.self))
        guard n <= (keySection.count - 8) / 16 else { throw SnapshotError.corrupt("key index count \(n) does not fit") }
        count = n
        keys = UnsafeRawBufferPointer(rebasing: keySection[8..<(8 + 8 * n)])
        blockOffsets = UnsafeRawBufferPointer(rebasing: keySection[(8 + 8 * n)..<(8 + 16 * n)])
        records = region(.records)
        structures = region(.structures)
        orgIndex = region(.orgIndex)
        orgRecords = region(.orgRecords)
        do {
            provenance = try JSONDecoder().decode(SnapshotProvenance.self, from: Data(region(.provenance)))
        } catch {
            throw SnapshotError.corrupt("the provenance section cannot be read (\(error))")
        }
        var times: [Family: ExtractTime] = [:]
        for input in provenance.inputs {
            if let t = input.extractTime, t > times[input.family] ?? ExtractTime(secondsSince1970: .min) { times[input.family] = t }
        }
        extractTimes = times
    }

    /// Checks the CRC-32 of every section.
    public func verify() throws {
        for kind in SnapshotFormat.Section.allCases {
            let s = sections[kind]!
            var crc: UInt32 = 0
            var at = s.offset
            while at < s.offset + s.length {
                let end = min(at + (1 << 30), s.offset + s.length)
                crc = crc32(crc, UnsafeRawBufferPointer(rebasing: file.bytes[at..<end]))
                at = end
            }
            guard crc == s.crc else { throw SnapshotError.sectionChecksum(path: path, section: kind.name) }
        }
    }

    /// The size of the file in bytes.
    public var byteCount: Int { file.bytes.count }

    /// The position of `key` in the key index, by binary search over the mapped sorted array.
    func index(of key: PractitionerKey) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            // safe: mid < count, and keys holds count 8-byte entries.
            let k: UInt64 = keys.le(mid * 8)
            if k < key.rawValue { low = mid + 1 } else { high = mid }
        }
        guard low < count, keys.le(low * 8, as: UInt64.self) == key.rawValue else { return nil }
        return low
    }

    /// Whether a practitioner with `key` is in the snapshot.
    public func contains(_ key: PractitionerKey) -> Bool { index(of: key) != nil }

    /// Everything the snapshot holds about one practitioner, or `nil` when absent.
    public func lookup(_ key: PractitionerKey) throws -> PractitionerRecord? {
        guard let i = index(of: key) else { return nil }
        return try practitioner(at: i)
    }

    /// Calls `body` with each practitioner, in key order.
    public func forEachPractitioner(_ body: (PractitionerRecord) throws -> Void) throws {
        for i in 0..<count { try body(try practitioner(at: i)) }
    }

    /// The key at position `i` of the index (0..<count), e.g. to sample keys.
    public func key(at i: Int) -> PractitionerKey {
        precondition(i >= 0 && i < count)
        return PractitionerKey(rawValue: keys.le(i * 8))
    }

    func practitioner(at i: Int) throws -> PractitionerRecord {
        let key = PractitionerKey(rawValue: keys.le(i * 8))
        let offset = Int(clamping: blockOffsets.le(i * 8, as: UInt64.self))
        guard offset < records.count else { throw SnapshotError.corrupt("block of \(key) lies outside the records") }
        var source = ByteSource(records, at: offset)
        let rowCount = try source.varint()
        var rows: [StoredRow] = []
        for _ in 0..<min(rowCount, 100_000) {
            let length = try source.varint()
            var row = ByteSource(try source.bytes(Int(clamping: length)))
            rows.append(try decodeRow(&row))
        }
        return PractitionerRecord(key: key, rows: rows)
    }

    private func decodeRow(_ source: inout ByteSource) throws -> StoredRow {
        let family = try RowCodec.family(code: try source.u8())
        var fields = try RowCodec.decodeValues(&source, base: 0, strings: strings)
        var structureID: Int?
        if family == .personneActivite {
            let reference = try source.varint()
            if reference > 0 {
                structureID = Int(clamping: reference - 1)
                fields += try structure(Int(clamping: reference - 1))
                fields.sort { $0.0 < $1.0 }
            }
        }
        return StoredRow(family: family, values: fields, structureID: structureID)
    }

    private func structure(_ id: Int) throws -> [(Int, String)] {
        guard structures.count >= 8 else { throw SnapshotError.corrupt("structure table too short") }
        let n = Int(clamping: structures.le(0, as: UInt64.self))
        guard id < n, 8 + 8 * (n + 1) <= structures.count else { throw SnapshotError.corrupt("structure \(id) out of range") }
        let start = Int(clamping: structures.le(8 + 8 * id, as: UInt64.self))
        let end = Int(clamping: structures.le(8 + 8 * (id + 1), as: UInt64.self))
        let body = 8 + 8 * (n + 1)
        guard start <= end, body + end <= structures.count else { throw SnapshotError.corrupt("structure \(id) out of range") }
        var source = ByteSource(UnsafeRawBufferPointer(rebasing: structures[(body + start)..<(body + end)]))
        return try RowCodec.decodeValues(&source, base: RowCodec.structureColumns.lowerBound, strings: strings)
    }

    /// Calls `body` with every ORG (organisation) mailbox row.
    public func forEachOrganisationMailbox(_ body: (StoredRow) throws -> Void) throws {
        guard orgIndex.count >= 8 else { return }
        let n = Int(clamping: orgIndex.le(0, as: UInt64.self))
        guard n <= (orgIndex.count - 8) / 16 else { throw SnapshotError.corrupt("organisation index count does not fit") }
        for g in 0..<n {
            var source = ByteSource(orgRecords, at: Int(clamping: orgIndex.le(8 + 16 * g + 8, as: UInt64.self)))
            let rows = try source.varint()
            for _ in 0..<min(rows, 1_000_000) {
                var row = ByteSource(try source.bytes(Int(clamping: try source.varint())))
                try body(try decodeRow(&row))
            }
        }
    }

    /// The ORG (organisation) mailboxes whose `Identification Structure` is `identifier`.
    public func organisationMailboxes(structure identifier: String) throws -> [StoredRow] {
        guard !identifier.isEmpty, orgIndex.count >= 8 else { return [] }
        let hash = Array(identifier.utf8).withUnsafeBytes { fnv1a($0) }
        let n = Int(clamping: orgIndex.le(0, as: UInt64.self))
        guard n <= (orgIndex.count - 8) / 16 else { throw SnapshotError.corrupt("organisation index count does not fit") }
        var low = 0
        var high = n
        while low < high {
            let mid = (low + high) / 2
            if orgIndex.le(8 + 16 * mid, as: UInt64.self) < hash { low = mid + 1 } else { high = mid }
        }
        guard low < n, orgIndex.le(8 + 16 * low, as: UInt64.self) == hash else { return [] }
        var source = ByteSource(orgRecords, at: Int(clamping: orgIndex.le(8 + 16 * low + 8, as: UInt64.self)))
        let rows = try source.varint()
        var result: [StoredRow] = []
        for _ in 0..<min(rows, 100_000) {
            var row = ByteSource(try source.bytes(Int(clamping: try source.varint())))
            let decoded = try decodeRow(&row)
            if decoded[MSSanteColumn.identificationStructure] == identifier { result.append(decoded) }
        }
        return result
    }
}

/// The interned values of a snapshot, read in place.
struct SnapshotStrings {
    let count: Int
    private let offsets: UnsafeRawBufferPointer
    private let bytes: UnsafeRawBufferPointer

    init(_ region: UnsafeRawBufferPointer) throws(SnapshotError) {
        guard region.count >= 4 else { throw .corrupt("string table too short") }
        count = Int(region.le(0, as: UInt32.self))
        guard 4 + 4 * (count + 1) <= region.count else { throw .corrupt("string table count does not fit") }
        offsets = UnsafeRawBufferPointer(rebasing: region[4..<(4 + 4 * (count + 1))])
        bytes = UnsafeRawBufferPointer(rebasing: region[(4 + 4 * (count + 1))...])
    }

    func string(_ id: Int) throws(SnapshotError) -> String {
        guard id >= 0, id < count else { throw .corrupt("string \(id) out of range") }
        let start = Int(offsets.le(4 * id, as: UInt32.self))
        let end = Int(offsets.le(4 * (id + 1), as: UInt32.self))
        guard start <= end, end <= bytes.count else { throw .corrupt("string \(id) out of range") }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
