@_spi(Internals) import AnnuaireParsing
import Foundation

/// An open snapshot: a memory-mapped file in which a practitioner is found by key in the mapped key
/// index, with no load step.
///
/// Opening reads and checks the header only (magic, version, header CRC-32, file size, section
/// bounds): O(1) in the file's size. `verify()` checks every section's CRC-32C. Every read of the
/// data is bounds-checked and every block, structure and index entry read is checked, so a damaged
/// file gives `SnapshotError.corrupt`, never a crash or a wrong answer.
///
/// `@unchecked Sendable`: the mapping is read-only and never changes, so any thread may read it.
public final class Snapshot: @unchecked Sendable {
    /// The snapshot file that is mapped.
    public let path: String
    let file: MappedFile
    /// Creation time, from the header.
    public let createdAt: ExtractTime
    let header: SnapshotHeader
    let records: UnsafeRawBufferPointer
    let keys: KeyIndex
    let orgRecords: UnsafeRawBufferPointer
    let orgKeys: KeyIndex
    /// Answers "no ORG mailbox" for most structures without searching `orgKeys`.
    let orgFilter: KeyFilter?
    /// Number of practitioners.
    public let count: Int
    /// The search index, when the snapshot has one.
    let searchIndex: SearchIndex?
    /// What the snapshot was built from.
    public let provenance: SnapshotProvenance
    /// The newest extract time of each family's inputs.
    public let extractTimes: [Family: ExtractTime]
    /// The same by `Family.index`, for the hot paths.
    let extractTimesByFamily: [ExtractTime?]

    /// Maps the snapshot at `path` and checks its header and section table (not every byte: see
    /// `verify()`). Throws `SnapshotError` when the file is missing, not a snapshot, of another
    /// format version (a format-2 snapshot: `needsReingest`), or damaged.
    public convenience init(path: String) throws {
        try self.init(file: try MappedFile(path: path))
    }

    init(file: MappedFile) throws(SnapshotError) {
        let path = file.path
        self.path = path
        self.file = file
        header = try SnapshotHeader(reading: file.bytes, path: path)
        guard header.version == SnapshotFormat.version else { throw .needsReingest(path: path, version: header.version) }
        createdAt = header.created
        let bytes = file.bytes
        let header = self.header
        func region(_ kind: SnapshotFormat.Section) -> UnsafeRawBufferPointer? {
            header.section(kind.rawValue).map { UnsafeRawBufferPointer(rebasing: bytes[$0.range]) }
        }
        for kind in SnapshotFormat.Section.required where region(kind) == nil {
            throw .corrupt("the \(kind.name) section of \(path) is missing")
        }
        records = region(.records)!
        keys = try KeyIndex(region(.keys)!, name: "key index")
        count = keys.count
        orgRecords = region(.orgRecords)!
        orgKeys = try KeyIndex(region(.orgKeys)!, name: "organisation index")
        orgFilter = KeyFilter(orgKeys)
        searchIndex = SearchIndex(
            terms: region(.searchTerms), postings: region(.searchPostings), ranks: region(.searchRanks), count: keys.count)
        do {
            provenance = try JSONDecoder().decode(SnapshotProvenance.self, from: Data(region(.provenance)!))
        } catch {
            throw .corrupt("the provenance section of \(path) cannot be read (\(error))")
        }
        extractTimes = provenance.newestExtractTimes
        extractTimesByFamily = Family.all.map { [extractTimes] in extractTimes[$0] }
    }

    /// Checks the CRC-32C of every section.
    public func verify() throws {
        for section in header.sections {
            var crc: UInt32 = 0
            var at = section.offset
            while at < section.range.upperBound {
                let end = min(at + (1 << 30), section.range.upperBound)
                crc = SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: file.bytes[at..<end]), continuing: crc)
                at = end
            }
            guard crc == section.crc else {
                let name = SnapshotFormat.Section(rawValue: section.kind)?.name ?? "kind \(section.kind)"
                throw SnapshotError.sectionChecksum(path: path, section: name)
            }
        }
    }

    /// The length of section `kind`, 0 when absent.
    func sectionLength(_ kind: SnapshotFormat.Section) -> Int { header.section(kind.rawValue)?.length ?? 0 }

    /// The size of the file in bytes.
    public var byteCount: Int { file.bytes.count }

    /// The position of `key` in the key index.
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

    /// The byte range in the records of the block of practitioner `i`: from its entry's offset to
    /// the next entry's (both checked), or to the records' end.
    func blockRange(at i: Int) throws(SnapshotError) -> Range<Int> {
        try Self.range(of: i, in: keys, region: records)
    }

    /// The byte range of the ORG mailbox group at position `i` of the organisation index.
    func groupRange(_ i: Int) throws(SnapshotError) -> Range<Int> {
        try Self.range(of: i, in: orgKeys, region: orgRecords)
    }

    private static func range(of i: Int, in index: KeyIndex, region: UnsafeRawBufferPointer) throws(SnapshotError) -> Range<Int> {
        let start = Int(clamping: try index.entry(i).offset)
        let end = i + 1 < index.count ? Int(clamping: try index.entry(i + 1).offset) : region.count
        guard start < end, end <= region.count else { throw .corrupt("block \(i) lies outside its section") }
        return start..<end
    }

    /// The rows of practitioner `i`, in place, into `rows`; returns the practitioner's key.
    @discardableResult
    func rows(at i: Int, into rows: inout [RowView]) throws(SnapshotError) -> PractitionerKey {
        let key = PractitionerKey(rawValue: try keys.entry(i).key)
        try BlockCodec.rows(of: records, block: try blockRange(at: i), into: &rows)
        return key
    }

    /// Gives the mapped pages back (they come back from the page cache on the next access): keeps
    /// a pass over the whole file from holding it all resident.
    func releasePages() { file.releasePages() }

    /// Advises the kernel that the mapping is about to be read at random.
    func adviseRandomAccess() { file.adviseRandomAccess() }

    func practitioner(at i: Int) throws -> PractitionerRecord { PractitionerRecord(try rawRecord(at: i)) }

    /// Calls `body` with every ORG (organisation) mailbox row.
    public func forEachOrganisationMailbox(_ body: (StoredRow) throws -> Void) throws {
        var views: [RowView] = []
        for g in 0..<orgKeys.count {
            try BlockCodec.rows(of: orgRecords, block: try groupRange(g), into: &views)
            for view in views {
                guard view.family == .mssante, !view.head.identityElided else {
                    throw SnapshotError.corrupt("an ORG mailbox group holds a \(view.family.rawValue) row")
                }
                var raw = RawRecord(key: PractitionerKey(rawValue: 0))
                try raw.append(view)
                for row in PractitionerRecord(raw).rows { try body(row) }
            }
        }
    }

    /// The ORG (organisation) mailboxes whose `Identification Structure` is `identifier`.
    public func organisationMailboxes(structure identifier: String) throws -> [StoredRow] {
        var identifier = identifier
        return try identifier.withUTF8 { id in
            var raw = RawRecord(key: PractitionerKey(rawValue: 0))
            _ = try organisationMailboxRows(structure: UnsafeRawBufferPointer(id), into: &raw)
            return PractitionerRecord(raw).rows
        }
    }
}

extension Snapshot {
    /// The provenance of the snapshot at `path`, of this format or of the previous one (which
    /// `init(path:)` does not open): what a nightly job needs to know what the snapshot holds
    /// before it ingests, whatever annuaire wrote it.
    public static func provenance(at path: String) throws -> SnapshotProvenance { try openBase(path).provenance }
}

extension SnapshotProvenance {
    /// The newest extract time of each family's inputs.
    public var newestExtractTimes: [Family: ExtractTime] {
        var times: [Family: ExtractTime] = [:]
        for input in inputs {
            if let t = input.extractTime, t > times[input.family] ?? ExtractTime(secondsSince1970: .min) { times[input.family] = t }
        }
        return times
    }
}
