@_spi(Internals) import AnnuaireParsing

/// The snapshot file layout, version 3 (all integers little-endian). `docs/snapshot-format.md`
/// describes it for readers in other languages.
///
/// ```
/// header (4096 bytes, `SnapshotHeader`)
/// sections, each at its offset, checked by its CRC-32C (`annuaire verify`):
///   provenance   JSON: per family, the inputs and their counts (`SnapshotProvenance`)
///   records      one block per practitioner, in key order (`BlockCodec`): check, rows, each row
///                its head byte, its structure (inline the first time, else a reference) and its
///                text as read (UTF-8, fields joined by `|`)
///   keys         the key index of the blocks (`KeyIndex`)
///   orgRecords   groups of ORG mailbox rows, one per hash of `Identification Structure`
///   orgKeys      the key index of the groups, by that hash
///   searchTerms    (optional) the search terms, sorted, each with its posting list (`SearchIndex`)
///   searchPostings (optional) posting lists: practitioner ranks u32, ascending
///   searchRanks    (optional) count u64, then the key u64 of each rank (answer order)
/// ```
/// Opening reads the header only: O(1) in the file's size. Every block, structure and index entry
/// a lookup reads is checked (a CRC-32C, a check word), so a damaged byte on its path is reported as
/// damage, never answered.
public enum SnapshotFormat {
    /// The format version this code writes and reads.
    public static let version: UInt32 = 3
    /// The previous format, still read as the base of an ingest (its families carry over), never
    /// for lookups.
    static let legacyVersion: UInt32 = 2

    /// The check word of an index entry. Multiplying by an odd constant is a bijection modulo
    /// 2⁶⁴, so any change to one of the two words (a flipped byte, say) breaks the equality.
    static func entryCheck(_ key: UInt64, _ offset: UInt64) -> UInt64 {
        (key &* 0x9E37_79B9_7F4A_7C15) ^ (offset &* 0xC2B2_AE3D_27D4_EB4F) ^ 0x5851_F42D_4C95_7F2D
    }

    /// The check of a block, a group or a structure: the CRC-32C of its bytes, which detects any
    /// damage of up to four consecutive bytes, and any flipped byte.
    @inline(__always)
    static func check(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        crc32c(crc, bytes)
    }

    /// The sections of a version-3 snapshot.
    enum Section: UInt32, CaseIterable {
        case provenance = 1, records, keys, orgRecords, orgKeys
        /// The search index (`SearchIndex`): optional, a snapshot without it answers lookups but
        /// not searches.
        case searchTerms, searchPostings, searchRanks

        var name: String { String(describing: self) }

        /// The sections every snapshot has.
        static let required: [Section] = [.provenance, .records, .keys, .orgRecords, .orgKeys]
    }
}
