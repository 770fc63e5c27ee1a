import AnnuaireParsing

/// The sources of a row's parts, packed in 12 bits: identity, activity, structure (4 bits each:
/// 0 none, 1 + `Source` index, 15 "the practitioner's identity source", resolved per practitioner).
struct RowSources: Equatable {
    var identity: UInt8
    var activity: UInt8
    var structure: UInt8

    static let inherit: UInt8 = 15

    init(packed: UInt16) {
        identity = UInt8(packed & 0xF)
        activity = UInt8(packed >> 4 & 0xF)
        structure = UInt8(packed >> 8 & 0xF)
    }

    /// Attributes a row from its values (`value(column)` gives a known column's text).
    init(_ family: Family, _ value: (Int) -> String) {
        switch family {
        case .personneActivite:
            let hasStructure = RowLayout.structureColumns.contains { !value($0).isEmpty }
            let sources = Attribution.personneActivite(
                authority: value(PersonneActiviteColumn.autoriteEnregistrement.rawValue),
                registerType: value(PersonneActiviteColumn.typeIdentifiantPP.rawValue),
                finessSite: value(PersonneActiviteColumn.numeroFinessSite.rawValue),
                technicalIdentifier: value(PersonneActiviteColumn.identifiantTechniqueStructure.rawValue),
                hasStructure: hasStructure)
            (identity, activity, structure) = (Self.code(sources.identity), Self.code(sources.activity), Self.code(sources.structure))
        case .cartes, .mssante:
            (identity, activity, structure) = (Self.code(Attribution.familySource(family)), 0, 0)
        case .savoirFaire, .diplomes:
            (identity, activity, structure) = (Self.inherit, 0, 0)
        }
    }

    /// Attributes a personne-activite row as `init(_:_:)` does, from its bytes and its parsed
    /// authority, without making a `String` (the ingest's hot path).
    init(personneActivite record: Record, authority: ParsedAuthority) {
        let technical = record[known: PersonneActiviteColumn.identifiantTechniqueStructure.rawValue]
        let sources = Attribution.personneActivite(
            tokens: authority.tokens,
            isRPPS: record[known: PersonneActiviteColumn.typeIdentifiantPP.rawValue].elementsEqual([UInt8(ascii: "8")]),
            structureHasFINESS: !record[known: PersonneActiviteColumn.numeroFinessSite.rawValue].isEmpty
                || technical.first == UInt8(ascii: "F"),
            hasStructure: RowLayout.structureColumns.contains { !record[known: $0].isEmpty })
        (identity, activity, structure) = (Self.code(sources.identity), Self.code(sources.activity), Self.code(sources.structure))
    }

    private static func code(_ source: Source?) -> UInt8 { source.map { UInt8($0.index + 1) } ?? 0 }

    var packed: UInt16 { UInt16(identity) | UInt16(activity) << 4 | UInt16(structure) << 8 }

    static func source(_ code: UInt8) -> Source? { code == 0 || code == inherit ? nil : Source.all[Int(code) - 1] }
}

/// An `Autorité d'enregistrement` triple: the source of each of its three tokens (nil for an empty
/// or missing token), and the tokens the attribution table does not know.
struct ParsedAuthority {
    var tokens: (Source?, Source?, Source?)
    var unknown: [String]

    init(_ authority: String) {
        tokens = Attribution.tokenSources(authority)
        unknown = Attribution.unknownTokens(authority).map(String.init)
    }
}

/// Counts rows and practitioners per (source, family) while the practitioner blocks are written.
struct UsageCounter {
    private var rows = [Int](repeating: 0, count: Source.all.count * Family.all.count)
    private var practitioners = [Int](repeating: 0, count: Source.all.count * Family.all.count)

    /// One practitioner's rows; `families[i]` is the family of `sources[i]`.
    mutating func count(_ sources: [RowSources], families: [Family], key: PractitionerKey) {
        // The identity source the savoir-faire and diplomes rows inherit: the first
        // personne-activite row's, else the register's.
        let inherited =
            zip(sources, families).first { $0.1 == .personneActivite }.flatMap { RowSources.source($0.0.identity) }
            ?? Attribution.register(String(key.typeCode))
        var seen: UInt64 = 0
        for (row, family) in zip(sources, families) {
            var rowSeen: UInt64 = 0
            for code in [row.identity, row.activity, row.structure] {
                let source = code == RowSources.inherit ? inherited : RowSources.source(code)
                guard let source else { continue }
                rowSeen |= 1 << UInt64(source.index * Family.all.count + family.index)
            }
            var bits = rowSeen
            while bits != 0 {
                rows[bits.trailingZeroBitCount] += 1
                bits &= bits - 1
            }
            seen |= rowSeen
        }
        while seen != 0 {
            practitioners[seen.trailingZeroBitCount] += 1
            seen &= seen - 1
        }
    }

    /// Adds the counts of `other`, made over other practitioners.
    mutating func add(_ other: UsageCounter) {
        for i in rows.indices {
            rows[i] += other.rows[i]
            practitioners[i] += other.practitioners[i]
        }
    }

    func usage(organisationMailboxes: Int) -> [SourceUsage] {
        var result: [SourceUsage] = []
        for (s, source) in Source.allCases.enumerated() {
            for (f, family) in Family.allCases.enumerated() {
                let i = s * Family.allCases.count + f
                var rowCount = rows[i]
                if source == .mssante && family == .mssante { rowCount += organisationMailboxes }
                if rowCount > 0 {
                    result.append(SourceUsage(source: source, family: family, rows: rowCount, practitioners: practitioners[i]))
                }
            }
        }
        return result
    }
}

extension RowSources {
    /// Attributes a stored row (of a base snapshot) as `init(_:_:)` does from its values; with the
    /// tokens of its `Autorité d'enregistrement` that the attribution table does not know.
    static func attribute(_ view: RowView, key: PractitionerKey) throws(SnapshotError) -> (RowSources, unknown: [String]) {
        guard view.family == .personneActivite else { return (RowSources(view.family) { _ in "" }, []) }
        var raw = RawRecord(key: key)
        try raw.append(view)
        let row = raw.rows[0]
        func value(_ column: Int) -> String { raw.value(row, column).map { String(decoding: $0, as: UTF8.self) } ?? "" }
        let unknown = ParsedAuthority(value(PersonneActiviteColumn.autoriteEnregistrement.rawValue)).unknown
        return (RowSources(.personneActivite, value), unknown)
    }
}
