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

    /// Known columns of the personne-activite identity part.
    static let identityColumns = PersonneActiviteColumn.codeCiviliteExercice.rawValue...PersonneActiviteColumn.libelleSavoirFaire.rawValue
    /// Labels of the identity columns, to find them in the other families.
    static let identityLabels = Set(PersonneActiviteColumn.labels[identityColumns])
    /// Columns of every family that are the key itself (shown once, as the key).
    static func isKeyColumn(_ family: Family, _ column: Int) -> Bool {
        let identity = family == .mssante ? [2, 3, 4] : [0, 1, 2]
        return identity.contains(column)
    }
}

extension Snapshot {
    /// Everything the snapshot holds about one practitioner, grouped by section; `nil` when absent.
    public func practitioner(_ key: PractitionerKey) throws -> Practitioner? {
        guard let record = try lookup(key) else { return nil }
        return try Practitioner(record, snapshot: self)
    }
}

extension Practitioner {
    init(_ record: PractitionerRecord, snapshot: Snapshot) throws {
        key = record.key
        func part(_ row: StoredRow, _ source: Source, _ keep: (Int) -> Bool) -> Part {
            Part(
                family: row.family, fields: row.values.filter { keep($0.column) }.map { Field(row.family, $0.column, $0.text) },
                source: source, extractTime: snapshot.extractTimes[row.family])
        }
        func sources(_ row: StoredRow) -> (identity: Source, activity: Source, structure: Source?) {
            Attribution.personneActivite(
                authority: row[PersonneActiviteColumn.autoriteEnregistrement], registerType: String(record.key.typeCode),
                finessSite: row[PersonneActiviteColumn.numeroFinessSite],
                technicalIdentifier: row[PersonneActiviteColumn.identifiantTechniqueStructure], hasStructure: row.structureID != nil)
        }
        let activitiesRows = record.rows(of: .personneActivite)
        let identityRow = activitiesRows.first ?? record.rows.first!
        let identitySource: Source
        if identityRow.family == .personneActivite {
            identitySource = sources(identityRow).identity
            identity = part(identityRow, identitySource) { Self.identityColumns.contains($0) }
        } else {
            identitySource = Attribution.familySource(identityRow.family) ?? Attribution.register(String(record.key.typeCode))
            let columns = identityRow.family.columns
            identity = part(identityRow, identitySource) { Self.identityLabels.contains(columns[$0]) }
        }
        let identityValues = Dictionary(identity.fields.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        activities = try activitiesRows.map { row in
            // The activity's own columns, plus any identity column that differs from the identity.
            let rowSources = sources(row)
            let own = part(row, rowSources.activity) { column in
                if RowCodec.structureColumns.contains(column) || Self.isKeyColumn(.personneActivite, column) { return false }
                if Self.identityColumns.contains(column) {
                    return identityValues[PersonneActiviteColumn.labels[column]] != row.value(known: column)
                }
                return true
            }
            let structure = rowSources.structure.map { source in part(row, source) { RowCodec.structureColumns.contains($0) } }
            return Activity(
                fields: own, structure: structure, organisationMailboxes: try structure.map { try snapshot.mailboxes(of: $0) } ?? [])
        }
        func parts(_ family: Family) -> [Part] {
            let source = Attribution.familySource(family) ?? identitySource
            return record.rows(of: family).map { row in part(row, source) { !Self.isKeyColumn(family, $0) } }
        }
        savoirFaire = parts(.savoirFaire)
        diplomas = parts(.diplomes)
        cards = parts(.cartes)
        mailboxes = parts(.mssante)
    }
}

extension Practitioner.Field {
    init(_ family: Family, _ column: Int, _ value: String) {
        let names = columnNames[Int(RowCodec.code(family))]
        id = names.identifiers[column]
        label = names.labels[column]
        self.value = value
    }
}

/// Per family (in `Family.allCases` order), the stable identifier of each known column (its Swift
/// case name, e.g. `nomExercice`, used as the JSON key) and its verbatim label; computed once,
/// since reflecting a case name costs microseconds.
private let columnNames: [(identifiers: [String], labels: [String])] = Family.allCases.map { family in
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

extension Snapshot {
    /// ORG mailboxes of a structure, matched on each of its identifiers: FINESS site, SIRET site,
    /// the technical identifier without its `F`/`C`/`R` prefix, the old identifier without its type
    /// digit. Each mailbox appears once.
    func mailboxes(of structure: Practitioner.Part) throws -> [Practitioner.Part] {
        var candidates = [structure["numeroFinessSite"], structure["numeroSiretSite"]]
        let technical = structure["identifiantTechniqueStructure"]
        if !technical.isEmpty { candidates += [technical, String(technical.dropFirst())] }
        let old = structure["ancienIdentifiantStructure"]
        if !old.isEmpty { candidates += [old, String(old.dropFirst())] }
        var seen = Set<String>()
        var result: [Practitioner.Part] = []
        for id in candidates where !id.isEmpty && seen.insert("id:" + id).inserted {
            for row in try organisationMailboxes(structure: id) where seen.insert(row[MSSanteColumn.adresseBAL]).inserted {
                result.append(
                    Practitioner.Part(
                        family: .mssante, fields: row.values.map { Practitioner.Field(.mssante, $0.column, $0.text) },
                        source: .mssante, extractTime: extractTimes[.mssante]))
            }
        }
        return result
    }
}
