import AnnuaireParsing

/// How a stored row's text maps to its family's known columns (format 3).
///
/// A row is stored as its text: the values of the family's known columns in `Family.columns` order,
/// joined by `|`, UTF-8 (text read as Windows-1252 transcoded), empty values as nothing between two
/// `|`, and no trailing empty values (a row of an older, shorter layout is stored the same way).
/// Two parts may be left out of the text:
/// - the identity (`Type d'identifiant PP`, `Identifiant PP`, `Identification nationale PP`, three
///   consecutive columns), when it is exactly what the practitioner's key gives (`identityElided`):
///   the reader puts it back from the key;
/// - for a personne-activite row, the 28 structure columns (`Numéro SIRET site` … `Ancien
///   identifiant de la structure`): they are the row's structure, stored once per distinct
///   structure in the same form (its text: those 28 values joined by `|`, no trailing empty values).
enum RowLayout {
    /// The personne-activite columns that describe the structure (site) of an activity.
    static let structureColumns =
        PersonneActiviteColumn.numeroSiretSite.rawValue...PersonneActiviteColumn.ancienIdentifiantStructure.rawValue

    /// The first of the three identity columns of `family` (type, identifier, national identifier).
    static func identityStart(_ family: Family) -> Int {
        family == .mssante ? MSSanteColumn.typeIdentifiantPP.rawValue : 0
    }

    /// Per family (`Family.index`) and whether the identity is elided (0 or 1), the known column of
    /// each field of the stored text, in order.
    static let textColumns: [[[Int]]] = Family.all.map { family in
        [false, true].map { elided in
            (0..<family.columns.count).filter { column in
                if family == .personneActivite, structureColumns.contains(column) { return false }
                if elided, (identityStart(family)..<(identityStart(family) + 3)).contains(column) { return false }
                return true
            }
        }
    }

    /// The head byte of a stored row: its family, whether its identity is elided, and how its
    /// structure follows (none, inline, or a reference to where it is inline).
    struct Head: Equatable {
        enum Structure: UInt8 { case none = 0, inline = 1, reference = 2 }

        var family: Family
        var identityElided: Bool
        var structure: Structure

        var byte: UInt8 { UInt8(family.index) | (identityElided ? 0x08 : 0) | structure.rawValue << 4 }

        /// The head of `byte`, or nil when it is not one this format writes.
        init?(_ byte: UInt8) {
            guard Int(byte & 0x07) < Family.all.count, byte & 0xC0 == 0, let structure = Structure(rawValue: byte >> 4 & 0x03)
            else { return nil }
            family = Family.all[Int(byte & 0x07)]
            identityElided = byte & 0x08 != 0
            self.structure = structure
            guard structure == .none || family == .personneActivite else { return nil }
        }

        init(family: Family, identityElided: Bool, structure: Structure) {
            self.family = family
            self.identityElided = identityElided
            self.structure = structure
        }
    }
}

/// Calls `body` with the start and end offsets of each `|`-separated field of `text` (one field for
/// an empty text), eight bytes at a time.
@inline(__always)
func forEachField(_ text: UnsafeRawBufferPointer, _ body: (Int, Int) throws(SnapshotError) -> Void) throws(SnapshotError) {
    guard let base = text.baseAddress, !text.isEmpty else { return try body(0, 0) }
    let n = text.count
    var start = 0
    var i = 0
    // safe, every load below: it lies within base[0..<n].
    while i + 8 <= n {
        let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x7C7C_7C7C_7C7C_7C7C
        // Exactly the bytes of `word` that are zero get their high bit set: no borrow crosses bytes.
        let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        var found = ~(((word & low) &+ low) | word | low)
        while found != 0 {
            let at = i + found.trailingZeroBitCount / 8
            try body(start, at)
            start = at + 1
            found &= found - 1
        }
        i += 8
    }
    while i < n {
        if base.load(fromByteOffset: i, as: UInt8.self) == 0x7C {
            try body(start, i)
            start = i + 1
        }
        i += 1
    }
    try body(start, n)
}
