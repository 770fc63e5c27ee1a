import AnnuaireParsing

/// A practitioner as a user reads them: identity, each activity with its structure (and that
/// structure's ORG mailboxes), savoir-faire, diplomas and authorisations, CPS/CPF cards, MSSanté
/// mailboxes. Built from the stored rows by `Snapshot.practitioner(_:)`.
public struct Practitioner: Sendable {
    /// The practitioner's identifier (RPPS or ADELI, with its type).
    public let key: PractitionerKey
    /// Who: civilités, names, profession, category, savoir-faire (from the first personne-activite
    /// row, else from the first row of any family).
    public let identity: Part
    /// Each practice situation (a personne-activite row), in file order; may be empty.
    public let activities: [Activity]
    /// Each savoir-faire row (specialties, competences, orientations).
    public let savoirFaire: [Part]
    /// Each diplomes row (diplomas and authorisations to practise).
    public let diplomas: [Part]
    /// Each cartes row (CPS/CPF cards and their validity).
    public let cards: [Part]
    /// Each of the practitioner's own (PER) MSSanté mailboxes.
    public let mailboxes: [Part]

    /// Non-empty fields of one row (or of the part of a row that a section shows), with where
    /// they come from.
    public struct Part: Sendable {
        /// The family (file) the row came from.
        public let family: Family
        /// The non-empty fields, in column order.
        public let fields: [Field]
        /// The source of this part (`spec/freshness.md` §2).
        public let source: Source
        /// The extract time of the file this part was read from.
        public let extractTime: ExtractTime?

        /// Whether this part is still within its source's refresh rhythm at `now`.
        public func verdict(_ policy: FreshnessPolicy, now: ExtractTime) -> Verdict? {
            extractTime.map { policy.verdict(source, extractedAt: $0, now: now) }
        }

        /// The value of the field whose column id (e.g. `nomExercice`) is `id`, or "".
        public subscript(id: String) -> String { fields.first { $0.id == id }?.value ?? "" }
    }

    /// One practice situation: its own fields and where it takes place.
    public struct Activity: Sendable {
        /// The activity's own columns (role, mode of practice, sector…).
        public let fields: Part
        /// The structure's columns (identifiers, names, address), when the row names one.
        public let structure: Part?
        /// ORG mailboxes of the structure (matched on its FINESS, SIRET or technical identifier).
        public let organisationMailboxes: [Part]
    }

    /// One non-empty value.
    public struct Field: Sendable, Equatable {
        /// The column's stable identifier, e.g. `nomExercice` (used as the JSON key).
        public let id: String
        /// The verbatim header label, e.g. `Nom d'exercice`.
        public let label: String
        /// The value, as UTF-8 text (Windows-1252 input transcoded).
        public let value: String
    }
}

extension Snapshot {
    /// Everything the snapshot holds about one practitioner, grouped by section; `nil` when absent.
    public func practitioner(_ key: PractitionerKey) throws -> Practitioner? {
        guard let i = try index(of: key) else { return nil }
        return try practitioner(atPosition: i)
    }

    /// The grouped view of the practitioner at position `i` of the key index.
    func practitioner(atPosition i: Int) throws -> Practitioner {
        let grouped = try GroupedRecord(try rawRecord(at: i), snapshot: self)
        return Practitioner(grouped, extractTimes: extractTimes)
    }
}

extension Practitioner {
    /// The strings of a grouped record.
    init(_ grouped: GroupedRecord, extractTimes: [Family: ExtractTime]) {
        func part(_ p: GroupedRecord.Part) -> Part {
            Part(
                family: p.family,
                fields: grouped.fields[p.range].map { Field(p.family, $0.column, String(decoding: $0.bytes, as: UTF8.self)) },
                source: p.source, extractTime: extractTimes[p.family])
        }
        key = grouped.key
        identity = part(grouped.identity)
        activities = grouped.activities.map { a in
            Activity(
                fields: part(a.fields), structure: a.structure.map(part),
                organisationMailboxes: grouped.organisationMailboxes[a.mailboxes].map(part))
        }
        func parts(_ family: Family) -> [Part] { grouped.others.filter { $0.family == family }.map(part) }
        savoirFaire = parts(.savoirFaire)
        diplomas = parts(.diplomes)
        cards = parts(.cartes)
        mailboxes = parts(.mssante)
    }
}

extension Practitioner.Field {
    init(_ family: Family, _ column: Int, _ value: String) {
        let names = columnNames[family.index]
        id = names.identifiers[column]
        label = names.labels[column]
        self.value = value
    }
}

/// Per family (in `Family.allCases` order), the stable identifier of each known column (its Swift
/// case name, e.g. `nomExercice`, used as the JSON key) and its verbatim label; computed once,
/// since reflecting a case name costs microseconds.
let columnNames: [(identifiers: [String], labels: [String])] = Family.allCases.map { family in
    let identifiers = (0..<family.columns.count).map { column -> String in
        switch family {
        case .personneActivite: String(describing: PersonneActiviteColumn(rawValue: column)!)
        case .savoirFaire: String(describing: SavoirFaireColumn(rawValue: column)!)
        case .diplomes: String(describing: DiplomesColumn(rawValue: column)!)
        case .cartes: String(describing: CartesColumn(rawValue: column)!)
        case .mssante: String(describing: MSSanteColumn(rawValue: column)!)
        }
    }
    return (identifiers, family.columns)
}
