@_spi(Internals) import AnnuaireParsing
import Foundation
import Synchronization

/// An open snapshot: a memory-mapped file in which a practitioner is found by key in a binary
/// search over the mapped key array, with no load step.
///
/// Opening reads and checks the header only (magic, version, header CRC-32, file size, section
/// bounds): O(1) in the file's size. `verify()` checks every section's CRC-32. Every read of the
/// data is bounds-checked, so a damaged file gives `SnapshotError.corrupt`, never a crash.
///
/// `@unchecked Sendable`: the mapping is read-only and never changes, so any thread may read it.
public final class Snapshot: @unchecked Sendable {
    /// The snapshot file that is mapped.
    public let path: String
    let file: MappedFile
    /// Creation time, from the header.
    public let createdAt: ExtractTime
    let sections: [SnapshotFormat.Section: SectionInfo]
    let strings: SnapshotStrings
    /// `strings`, decoded on first use (see `practitioner(at:)`).
    private let stringCache = Mutex<[String?]>([])
    let keys: CheckedIndex
    let records: UnsafeRawBufferPointer
    let structures: UnsafeRawBufferPointer
    private let orgIndex: CheckedIndex
    private let orgRecords: UnsafeRawBufferPointer
    /// Number of practitioners.
    public let count: Int
    /// The search index, when the snapshot has one.
    let searchIndex: SearchIndex?
    /// What the snapshot was built from.
    public let provenance: SnapshotProvenance
    /// The newest extract time of each family's inputs.
    public let extractTimes: [Family: ExtractTime]

    struct SectionInfo {
        var crc: UInt32
        var offset: Int
        var length: Int
    }

    /// Maps the snapshot at `path` and checks its header and section table (not every byte: see
    /// `verify()`). Throws `SnapshotError` when the file is missing, not a snapshot, of another
    /// format version, or damaged.
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
        for kind in SnapshotFormat.Section.required where sections[kind] == nil {
            throw SnapshotError.corrupt("the \(kind.name) section is missing")
        }
        self.sections = sections
        func region(_ kind: SnapshotFormat.Section) -> UnsafeRawBufferPointer {
            let s = sections[kind]!
            return UnsafeRawBufferPointer(rebasing: bytes[s.offset..<(s.offset + s.length)])
        }
        strings = try SnapshotStrings(region(.strings))
        keys = try CheckedIndex(region(.keys), name: "key index")
        count = keys.count
        records = region(.records)
        structures = region(.structures)
        orgIndex = try CheckedIndex(region(.orgIndex), name: "organisation index")
        orgRecords = region(.orgRecords)
        searchIndex = SearchIndex(
            terms: sections[.searchTerms].map { _ in region(.searchTerms) },
            postings: sections[.searchPostings].map { _ in region(.searchPostings) },
            ranks: sections[.searchRanks].map { _ in region(.searchRanks) }, count: keys.count)
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
            guard let s = sections[kind] else { continue }
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
    func index(of key: PractitionerKey) throws(SnapshotError) -> Int? {
        try keys.position(of: key.rawValue)
    }

    /// Whether a practitioner with `key` is in the snapshot.
    public func contains(_ key: PractitionerKey) throws -> Bool { try index(of: key) != nil }

    /// Everything the snapshot holds about one practitioner, or `nil` when absent.
    public func lookup(_ key: PractitionerKey) throws -> PractitionerRecord? {
        guard let i = try index(of: key) else { return nil }
        return try practitioner(at: i)
    }

    /// Calls `body` with each practitioner, in key order.
    public func forEachPractitioner(_ body: (PractitionerRecord) throws -> Void) throws {
        for i in 0..<count { try body(try practitioner(at: i)) }
    }

    /// The key at position `i` of the index (0..<count), e.g. to sample keys.
    public func key(at i: Int) throws -> PractitionerKey {
        precondition(i >= 0 && i < count)
        return PractitionerKey(rawValue: try keys.entry(i).key)
    }

    /// The bytes of the block of practitioner `i` (row count, then framed rows), to its records' end.
    func block(at i: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        let offset = Int(clamping: try keys.entry(i).offset)
        guard offset < records.count else { throw .corrupt("block \(i) lies outside the records") }
        return UnsafeRawBufferPointer(rebasing: records[offset...])
    }

    /// Gives the mapped pages back (they come back from the page cache on the next access): keeps
    /// a pass over the whole file from holding it all resident.
    func releasePages() { file.releasePages() }

    /// Advises the kernel that the mapping is about to be read at random.
    func adviseRandomAccess() { file.adviseRandomAccess() }

    func practitioner(at i: Int) throws -> PractitionerRecord {
        // One lookup at a time fills and reuses the cache of interned strings; a lookup running
        // beside it on another thread decodes them itself rather than wait.
        if let record = try stringCache.withLockIfAvailable({ cache throws in try practitioner(at: i, cache: &cache) }) {
            return record
        }
        var none: [String?] = []
        return try practitioner(at: i, cache: &none)
    }

    private func practitioner(at i: Int, cache: inout [String?]) throws -> PractitionerRecord {
        if cache.isEmpty, strings.count > 0 { cache = Array(repeating: nil, count: min(strings.count, Self.cachedStrings)) }
        let entry = try keys.entry(i)
        let key = PractitionerKey(rawValue: entry.key)
        let offset = Int(clamping: entry.offset)
        guard offset < records.count else { throw SnapshotError.corrupt("block of \(key) lies outside the records") }
        var source = ByteSource(records, at: offset)
        let rowCount = try source.varint()
        // The builder never writes an empty block; the `Practitioner` view needs a first row.
        guard rowCount > 0 else { throw SnapshotError.corrupt("block of \(key) has no rows") }
        var rows: [StoredRow] = []
        rows.reserveCapacity(Int(min(rowCount, 64)))
        for _ in 0..<min(rowCount, 100_000) {
            let length = try source.varint()
            var row = ByteSource(try source.bytes(Int(clamping: length)))
            rows.append(try decodeRow(&row, cache: &cache))
        }
        return PractitionerRecord(key: key, rows: rows)
    }

    /// Interned strings kept decoded between lookups, at most (16 bytes each).
    static let cachedStrings = 1 << 20

    private func decodeRow(_ source: inout ByteSource, cache: inout [String?]) throws -> StoredRow {
        let family = try RowCodec.family(code: try source.u8())
        let bitmap = try source.varint()
        // A bit past the family's last known column would make the views index past their tables.
        guard 64 - bitmap.leadingZeroBitCount <= family.columns.count else {
            throw SnapshotError.corrupt("a \(family.rawValue) row has a value past its \(family.columns.count) columns")
        }
        var fields: [StoredValue] = []
        guard family == .personneActivite else {
            fields.reserveCapacity(bitmap.nonzeroBitCount)
            try RowCodec.decodeValues(&source, bitmap: bitmap, base: 0, strings: strings, cache: &cache, into: &fields)
            return StoredRow(family: family, values: fields, structureID: nil)
        }
        // The structure's columns are one contiguous range, stored apart and referenced after the
        // row's own values: the values before the range are decoded, those after it skipped to
        // reach the reference, then the structure and the rest decoded, so all come in column order.
        let range = RowCodec.structureColumns
        let before = bitmap & (1 << UInt64(range.lowerBound) - 1)
        let after = bitmap & ~before
        guard after & (1 << UInt64(range.upperBound + 1) - 1) == 0 else {
            throw SnapshotError.corrupt("a personne-activite row holds a structure column itself")
        }
        fields.reserveCapacity(bitmap.nonzeroBitCount + range.count)
        try RowCodec.decodeValues(&source, bitmap: before, base: 0, strings: strings, cache: &cache, into: &fields)
        var rest = source
        try RowCodec.skipValues(&source, count: after.nonzeroBitCount)
        let reference = try source.varint()
        var structureID: Int?
        if reference > 0 {
            structureID = Int(clamping: reference - 1)
            try structure(Int(clamping: reference - 1), cache: &cache, into: &fields)
        }
        try RowCodec.decodeValues(&rest, bitmap: after, base: 0, strings: strings, cache: &cache, into: &fields)
        return StoredRow(family: family, values: fields, structureID: structureID)
    }

    /// The encoding of structure `id` (its bitmap and values), in place.
    func structureBytes(_ id: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard structures.count >= 8 else { throw .corrupt("structure table too short") }
        let n = Int(clamping: structures.le(0, as: UInt64.self))
        // Compared by division and subtraction: n and the offsets come from the file and may be
        // near Int.max, where 8 * (n + 1) or body + end would overflow.
        guard id >= 0, id < n, n < (structures.count - 8) / 8 else { throw .corrupt("structure \(id) out of range") }
        let start = Int(clamping: structures.le(8 + 8 * id, as: UInt64.self))
        let end = Int(clamping: structures.le(8 + 8 * (id + 1), as: UInt64.self))
        let body = 8 + 8 * (n + 1)
        guard start <= end, end <= structures.count - body else { throw .corrupt("structure \(id) out of range") }
        return UnsafeRawBufferPointer(rebasing: structures[(body + start)..<(body + end)])
    }

    private func structure(_ id: Int, cache: inout [String?], into fields: inout [StoredValue]) throws {
        var source = ByteSource(try structureBytes(id))
        let bitmap = try source.varint()
        guard 64 - bitmap.leadingZeroBitCount <= RowCodec.structureColumns.count else {
            throw SnapshotError.corrupt("structure \(id) has a value outside the structure columns")
        }
        try RowCodec.decodeValues(
            &source, bitmap: bitmap, base: RowCodec.structureColumns.lowerBound, strings: strings, cache: &cache, into: &fields)
    }

    /// Calls `body` with every ORG (organisation) mailbox row.
    public func forEachOrganisationMailbox(_ body: (StoredRow) throws -> Void) throws {
        for g in 0..<orgIndex.count {
            var source = ByteSource(orgRecords, at: Int(clamping: try orgIndex.entry(g).offset))
            let rows = try source.varint()
            for _ in 0..<min(rows, 1_000_000) {
                var row = ByteSource(try source.bytes(Int(clamping: try source.varint())))
                try body(try organisationRow(&row))
            }
        }
    }

    /// A row of the ORG mailbox groups: always an mssante row (callers read it with mssante
    /// columns, whose subscript requires the row's own family).
    private func organisationRow(_ source: inout ByteSource) throws -> StoredRow {
        var none: [String?] = []
        let row = try decodeRow(&source, cache: &none)
        guard row.family == .mssante else { throw SnapshotError.corrupt("an ORG mailbox group holds a \(row.family.rawValue) row") }
        return row
    }

    /// The ORG (organisation) mailboxes whose `Identification Structure` is `identifier`.
    public func organisationMailboxes(structure identifier: String) throws -> [StoredRow] {
        guard !identifier.isEmpty else { return [] }
        let hash = Array(identifier.utf8).withUnsafeBytes { fnv1a($0) }
        guard let group = try orgIndex.position(of: hash) else { return [] }
        var source = ByteSource(orgRecords, at: Int(clamping: try orgIndex.entry(group).offset))
        let rows = try source.varint()
        var result: [StoredRow] = []
        for _ in 0..<min(rows, 100_000) {
            var row = ByteSource(try source.bytes(Int(clamping: try source.varint())))
            let decoded = try organisationRow(&row)
            if decoded[MSSanteColumn.identificationStructure] == identifier { result.append(decoded) }
        }
        return result
    }
}

/// A sorted array of index entries `{ key u64, offset u64, check u64 }` read in place. Every entry
/// read is checked (`SnapshotFormat.entryCheck`), and a search also checks the entry before the
/// one it lands on, so a damaged entry on the path of a lookup is reported, never taken for an
/// absent or another key.
struct CheckedIndex {
    let count: Int
    private let entries: UnsafeRawBufferPointer
    private let name: String

    init(_ section: UnsafeRawBufferPointer, name: String) throws(SnapshotError) {
        guard section.count >= 8 else { throw .corrupt("the \(name) is too short") }
        let n = Int(clamping: section.le(0, as: UInt64.self))
        // The section's length is in the checksummed header: the count must match it exactly.
        guard n == (section.count - 8) / SnapshotFormat.indexEntrySize, (section.count - 8) % SnapshotFormat.indexEntrySize == 0 else {
            throw .corrupt("the \(name) count \(n) does not match its section of \(section.count) bytes")
        }
        count = n
        entries = UnsafeRawBufferPointer(rebasing: section[8..<(8 + SnapshotFormat.indexEntrySize * n)])
        self.name = name
    }

    /// Entry `i` (0..<count), checked.
    @inline(__always)
    func entry(_ i: Int) throws(SnapshotError) -> (key: UInt64, offset: UInt64) {
        precondition(i >= 0 && i < count, "index entry out of range")
        let at = i * SnapshotFormat.indexEntrySize
        // safe: 0 ≤ i < count, and `entries` holds count entries of indexEntrySize bytes.
        let key: UInt64 = entries.le(at)
        let offset: UInt64 = entries.le(at + 8)
        guard entries.le(at + 16, as: UInt64.self) == SnapshotFormat.entryCheck(key, offset) else {
            throw .corrupt("entry \(i) of the \(name) is damaged")
        }
        return (key, offset)
    }

    /// The position of the entry whose key is `key`, or nil (binary search, lower bound).
    func position(of key: UInt64) throws(SnapshotError) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if try entry(mid).key < key { low = mid + 1 } else { high = mid }
        }
        // A damaged entry that should have been `key` but reads smaller sits just before `low`.
        if low > 0 { _ = try entry(low - 1) }
        guard low < count, try entry(low).key == key else { return nil }
        return low
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
        String(decoding: try self.bytes(id), as: UTF8.self)
    }

    /// The UTF-8 bytes of string `id`, in place.
    func bytes(_ id: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard id >= 0, id < count else { throw .corrupt("string \(id) out of range") }
        let start = Int(offsets.le(4 * id, as: UInt32.self))
        let end = Int(offsets.le(4 * (id + 1), as: UInt32.self))
        guard start <= end, end <= bytes.count else { throw .corrupt("string \(id) out of range") }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
