import AnnuaireParsing

/// How one row of an extraction file is stored in a snapshot.
///
/// A row is `family (u8)`, a LEB128 bitmap of its non-empty known columns, then each non-empty
/// value in column order as a LEB128 tag: even → string-table id (`tag >> 1`); odd → inline bytes
/// of length `tag >> 1` that follow. A personne-activite row leaves its structure columns out and
/// ends with a LEB128 structure reference (0: none; n: structure n − 1), the structure being
/// stored once for all the rows that share it (same bitmap-and-values form over its own columns).
enum RowCodec {
    /// The personne-activite columns that describe the structure (site) of an activity.
    static let structureColumns =
        PersonneActiviteColumn.numeroSiretSite.rawValue...PersonneActiviteColumn.ancienIdentifiantStructure.rawValue

    /// Columns whose values are (nearly) unique per row: stored inline, never interned.
    static func isUnique(_ family: Family, _ column: Int) -> Bool {
        switch family {
        case .personneActivite:
            switch PersonneActiviteColumn(rawValue: column)! {
            case .identifiantPP, .identificationNationalePP, .numeroSiretSite, .numeroSirenSite, .numeroFinessSite,
                .numeroFinessEtablissementJuridique, .identifiantTechniqueStructure, .telephone, .telephone2, .telecopie,
                .adresseEMail, .ancienIdentifiantStructure, .complementDestinataire, .complementPointGeographique:
                return true
            default: return false
            }
        case .cartes:
            return [CartesColumn.identifiantPP, .identificationNationalePP, .numeroCarte, .identifiantNationalContenuDansCarte]
                .contains { $0.rawValue == column }
        case .mssante:
            return [MSSanteColumn.adresseBAL, .identifiantPP, .identificationNationalePP, .identificationStructure]
                .contains { $0.rawValue == column }
        case .savoirFaire, .diplomes:
            return column == 1 || column == 2
        }
    }

    /// Per family and column, whether the value is inline (precomputed for the hot path).
    static let unique: [[Bool]] = Family.allCases.map { family in
        (0..<family.columns.count).map { isUnique(family, $0) }
    }

    static func code(_ family: Family) -> UInt8 { UInt8(Family.allCases.firstIndex(of: family)!) }

    static func family(code: UInt8) throws(SnapshotError) -> Family {
        guard Int(code) < Family.allCases.count else { throw .corrupt("unknown family code \(code)") }
        return Family.allCases[Int(code)]
    }

    /// Appends the values of `columns` of `record` (bitmap, then values) to `sink`.
    static func encodeValues(
        _ record: Record, columns: some Sequence<Int>, base: Int, strings: inout StringTable, into sink: inout ByteSink
    ) {
        let unique = Self.unique[Int(code(record.family))]
        var bitmap: UInt64 = 0
        for column in columns where !record[known: column].isEmpty { bitmap |= 1 << UInt64(column - base) }
        sink.varint(bitmap)
        var bits = bitmap
        while bits != 0 {
            let column = base + bits.trailingZeroBitCount
            bits &= bits - 1
            // Values are stored as UTF-8: a Windows-1252 line is transcoded first.
            if record.encoding == .windows1252 {
                Array(record.string(known: column).utf8).withUnsafeBytes { put($0, column) }
            } else {
                put(record[known: column], column)
            }
        }
        func put(_ bytes: UnsafeRawBufferPointer, _ column: Int) {
            if !unique[column], bytes.count <= 48, let id = strings.intern(bytes) {
                sink.varint(UInt64(id) << 1)
            } else {
                sink.varint(UInt64(bytes.count) << 1 | 1)
                sink.append(bytes)
            }
        }
    }

    /// Appends stored `(column, text)` values (from another snapshot) in the same form.
    static func encodeValues(_ family: Family, _ values: [(Int, String)], base: Int, strings: inout StringTable, into sink: inout ByteSink)
    {
        let unique = Self.unique[Int(code(family))]
        var bitmap: UInt64 = 0
        for (column, _) in values { bitmap |= 1 << UInt64(column - base) }
        sink.varint(bitmap)
        for (column, text) in values.sorted(by: { $0.0 < $1.0 }) {
            Array(text.utf8).withUnsafeBytes { bytes in
                if !unique[column], bytes.count <= 48, let id = strings.intern(bytes) {
                    sink.varint(UInt64(id) << 1)
                } else {
                    sink.varint(UInt64(bytes.count) << 1 | 1)
                    sink.append(bytes)
                }
            }
        }
    }

    /// Decodes a bitmap-and-values group into `(column, text)` pairs.
    /// `room` reserves space for values appended afterwards (a row's structure).
    static func decodeValues(
        _ source: inout ByteSource, base: Int, strings: SnapshotStrings, room: Int = 0
    ) throws(SnapshotError) -> [(Int, String)] {
        var bitmap = try source.varint()
        var values: [(Int, String)] = []
        values.reserveCapacity(bitmap.nonzeroBitCount + room)
        while bitmap != 0 {
            let column = base + bitmap.trailingZeroBitCount
            bitmap &= bitmap - 1
            let tag = try source.varint()
            if tag & 1 == 0 {
                values.append((column, try strings.string(Int(tag >> 1))))
            } else {
                values.append((column, String(decoding: try source.bytes(Int(tag >> 1)), as: UTF8.self)))
            }
        }
        return values
    }
}
