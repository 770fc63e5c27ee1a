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
    let orgIndex: CheckedIndex
    let orgRecords: UnsafeRawBufferPointer
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

    func practitioner(at i: Int) throws -> PractitionerRecord { record(try rawRecord(at: i)) }

    /// The strings of a raw record.
    func record(_ raw: RawRecord) -> PractitionerRecord {
        withStringCache { cache in
            PractitionerRecord(
                key: raw.key,
                rows: raw.rows.map { row in
                    StoredRow(
                        family: row.family, values: raw.values[row.range].map { StoredValue($0.column, text($0, cache: &cache)) },
                        structureID: row.structureID)
                })
        }
    }

    /// Calls `body` with the cache of decoded interned strings. One lookup at a time fills and
    /// reuses it; a lookup running beside it on another thread decodes them itself rather than wait.
    func withStringCache<T: Sendable>(_ body: (inout [String?]) throws -> T) rethrows -> T {
        let result = try stringCache.withLockIfAvailable { cache in
            if cache.isEmpty, strings.count > 0 { cache = Array(repeating: nil, count: min(strings.count, Self.cachedStrings)) }
            return try body(&cache)
        }
        if let result { return result }
        var none: [String?] = []
        return try body(&none)
    }

    /// Interned strings kept decoded between lookups, at most (16 bytes each).
    static let cachedStrings = 1 << 20

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

    /// Calls `body` with every ORG (organisation) mailbox row.
    public func forEachOrganisationMailbox(_ body: (StoredRow) throws -> Void) throws {
        for g in 0..<orgIndex.count {
            var source = ByteSource(orgRecords, at: Int(clamping: try orgIndex.entry(g).offset))
            let rows = try source.varint()
            for _ in 0..<min(rows, 1_000_000) {
                var bytes = ByteSource(try source.bytes(Int(clamping: try source.varint())))
                var values: [RawRecord.Value] = []
                let row = try decodeRow(&bytes, into: &values)
                guard row.family == .mssante else { throw SnapshotError.corrupt("an ORG mailbox group holds a \(row.family.rawValue) row") }
                var none: [String?] = []
                try body(
                    StoredRow(family: .mssante, values: values.map { StoredValue($0.column, text($0, cache: &none)) }, structureID: nil))
            }
        }
    }

    /// The ORG (organisation) mailboxes whose `Identification Structure` is `identifier`.
    public func organisationMailboxes(structure identifier: String) throws -> [StoredRow] {
        var identifier = identifier
        return try identifier.withUTF8 { id in
            var raw = RawRecord(key: PractitionerKey(rawValue: 0))
            var none: [String?] = []
            return try raw.rows[organisationMailboxRows(structure: UnsafeRawBufferPointer(id), into: &raw)].map { row in
                StoredRow(
                    family: .mssante, values: raw.values[row.range].map { StoredValue($0.column, text($0, cache: &none)) }, structureID: nil
                )
            }
        }
    }
}

/// The `String` of a stored value: an interned one is decoded once into `cache` (when it has
/// room for its id) and reused.
func text(_ value: RawRecord.Value, cache: inout [String?]) -> String {
    guard value.stringID >= 0, value.stringID < cache.count else { return String(decoding: value.bytes, as: UTF8.self) }
    if let cached = cache[value.stringID] { return cached }
    let decoded = String(decoding: value.bytes, as: UTF8.self)
    cache[value.stringID] = decoded
    return decoded
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
