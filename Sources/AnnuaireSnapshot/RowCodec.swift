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

    static func code(_ family: Family) -> UInt8 { UInt8(family.index) }

    static func family(code: UInt8) throws(SnapshotError) -> Family {
        guard Int(code) < Family.all.count else { throw .corrupt("unknown family code \(code)") }
        return Family.all[Int(code)]
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

    /// Appends stored values (from another snapshot) in the same form.
    static func encodeValues(_ family: Family, _ values: [StoredValue], base: Int, strings: inout StringTable, into sink: inout ByteSink) {
        let unique = Self.unique[Int(code(family))]
        var bitmap: UInt64 = 0
        for value in values { bitmap |= 1 << UInt64(value.column - base) }
        sink.varint(bitmap)
        for value in values.sorted(by: { $0.column < $1.column }) {
            Array(value.text.utf8).withUnsafeBytes { bytes in
                if !unique[value.column], bytes.count <= 48, let id = strings.intern(bytes) {
                    sink.varint(UInt64(id) << 1)
                } else {
                    sink.varint(UInt64(bytes.count) << 1 | 1)
                    sink.append(bytes)
                }
            }
        }
    }

    /// Copies a bitmap-and-values group encoded against `table` into `sink`, re-encoded against
    /// another table: string `i` of `table` becomes id `map[i]`, or inline bytes when nil.
    static func transcodeValues(
        _ source: inout ByteSource, map: [UInt32?], table: borrowing StringTable, into sink: inout ByteSink
    ) throws(SnapshotError) {
        let bitmap = try source.varint()
        sink.varint(bitmap)
        for _ in 0..<bitmap.nonzeroBitCount {
            let tag = try source.varint()
            if tag & 1 == 1 {
                sink.varint(tag)
                sink.append(try source.bytes(Int(clamping: tag >> 1)))
            } else {
                guard let id = Int(exactly: tag >> 1), id < map.count else { throw .corrupt("string \(tag >> 1) out of range") }
                if let mapped = map[id] {
                    sink.varint(UInt64(mapped) << 1)
                } else {
                    table.withBytes(id) { bytes in
                        sink.varint(UInt64(bytes.count) << 1 | 1)
                        sink.append(bytes)
                    }
                }
            }
        }
    }

    /// Steps over `count` values without decoding them.
    static func skipValues(_ source: inout ByteSource, count: Int) throws(SnapshotError) {
        for _ in 0..<count {
            let tag = try source.varint()
            if tag & 1 == 1 { _ = try source.bytes(Int(clamping: tag >> 1)) }
        }
    }
}
