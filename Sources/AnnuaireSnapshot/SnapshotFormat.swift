/// The snapshot file layout, version 2 (all integers little-endian). `docs/snapshot-format.md`
/// describes it for readers in other languages.
///
/// ```
/// header (4096 bytes)
///   0  magic "ANNUAIRE" · 8 version u32 · 12 header size u32 · 16 file size u64
///   24 created (Unix seconds) i64 · 32 section count u32 · 36 reserved u32
///   40 sections: count × { kind u32, crc32 u32, offset u64, length u64, reserved u64 }
///   4092 crc32 of bytes 0..<4092
/// sections, each at its offset, checked by its CRC-32 (`annuaire verify`):
///   provenance   JSON: per family, the inputs and their counts (`SnapshotProvenance`)
///   strings      count u32, offsets u32 × (count + 1), UTF-8 bytes: the interned values
///   records      practitioner blocks: row count (LEB128), then rows, each length (LEB128) + row
///   structures   count u64, offsets u64 × (count + 1), structure encodings
///   keys         count u64, then count × { key u64, block offset u64, check u64 } sorted by key
///   orgIndex     count u64, then count × { structure hash u64, offset u64, check u64 } sorted by hash
///   orgRecords   groups of ORG mailbox rows: row count (LEB128), rows as in records
///   searchTerms    (optional) the search terms, sorted, each with its posting list (`SearchIndex`)
///   searchPostings (optional) posting lists: practitioner ranks u32, ascending
///   searchRanks    (optional) count u64, then the key u64 of each rank (answer order)
/// ```
/// Opening reads the header only: O(1) in the file's size. Keys are `PractitionerKey` raw values.
/// Each index entry carries `entryCheck(key, offset)`, verified on every entry a search touches, so
/// a damaged entry is reported as such instead of giving a wrong answer (the section CRCs, checked
/// by `annuaire verify`, cover everything else).
public enum SnapshotFormat {
    static let magic: [UInt8] = Array("ANNUAIRE".utf8)
    /// The format version this code writes and reads.
    public static let version: UInt32 = 2
    static let headerSize = 4096
    static let sectionEntrySize = 32
    /// Bytes of one entry of the key index and of the organisation index.
    static let indexEntrySize = 24

    /// The check word of an index entry. Multiplying by an odd constant is a bijection modulo
    /// 2⁶⁴, so any change to one of the three words (a flipped byte, say) breaks the equality.
    static func entryCheck(_ key: UInt64, _ offset: UInt64) -> UInt64 {
        (key &* 0x9E37_79B9_7F4A_7C15) ^ (offset &* 0xC2B2_AE3D_27D4_EB4F) ^ 0x5851_F42D_4C95_7F2D
    }

    enum Section: UInt32, CaseIterable {
        case provenance = 1, strings, records, structures, keys, orgIndex, orgRecords
        /// The search index (`SearchIndex`): optional, a snapshot without it answers lookups but
        /// not searches.
        case searchTerms, searchPostings, searchRanks

        var name: String { String(describing: self) }

        /// The sections every snapshot has.
        static let required: [Section] = [.provenance, .strings, .records, .structures, .keys, .orgIndex, .orgRecords]
    }
}
