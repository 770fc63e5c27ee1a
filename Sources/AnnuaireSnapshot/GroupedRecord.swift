import AnnuaireParsing

/// A practitioner's rows grouped as a user reads them (identity, activities with their structure
/// and its ORG mailboxes, savoir-faire, diplomas, cards, mailboxes), each part a run of values in
/// place and its source: the one place where the grouping rules live. `Practitioner` makes strings
/// of it; the lookup JSON is written from it byte for byte.
///
/// Like `RawRecord`, it points into the mapping and lives only inside a call on its `Snapshot`.
struct GroupedRecord {
    /// One part: the family of its row, its source, its values (`fields[range]`, column order).
    struct Part {
        let family: Family
        let source: Source
        let range: Range<Int>
    }

    /// One practice situation: its own columns, its structure, that structure's ORG mailboxes
    /// (`organisationMailboxes[mailboxes]`).
    struct Activity {
        let fields: Part
        let structure: Part?
        let mailboxes: Range<Int>
    }

    let key: PractitionerKey
    /// The values of every part, each part's contiguous.
    private(set) var fields: [RawRecord.Value] = []
    private(set) var identity = Part(family: .personneActivite, source: .unknown, range: 0..<0)
    private(set) var activities: [Activity] = []
    private(set) var organisationMailboxes: [Part] = []
    /// The rows of the other families, in file order.
    private(set) var others: [Part] = []

    /// Groups `record` (ORG mailboxes read from `snapshot`).
    init(_ record: RawRecord, snapshot: Snapshot) throws(SnapshotError) {
        key = record.key
        let rows = record.rows
        // ORG mailbox rows are decoded into a copy, after the practitioner's own.
        var record = record
        fields.reserveCapacity(record.values.count + 16)
        let isRPPS = key.typeCode == 8
        let activityRows = rows.filter { $0.family == .personneActivite }
        let identityRow = activityRows.first ?? rows[0]
        func part(_ row: RawRecord.Row, _ source: Source, _ keep: (RawRecord.Value) -> Bool) -> Part {
            let start = fields.count
            for i in row.range where keep(record.values[i]) { fields.append(record.values[i]) }
            return Part(family: row.family, source: source, range: start..<fields.count)
        }
        func sources(_ row: RawRecord.Row) -> (identity: Source, activity: Source, structure: Source?) {
            let finess = record.value(row, PersonneActiviteColumn.numeroFinessSite.rawValue)
            let technical = record.value(row, PersonneActiviteColumn.identifiantTechniqueStructure.rawValue)
            return Attribution.personneActivite(
                tokens: Attribution.tokenSources(record.value(row, PersonneActiviteColumn.autoriteEnregistrement.rawValue)),
                isRPPS: isRPPS, structureHasFINESS: finess != nil || technical?.first == UInt8(ascii: "F"),
                hasStructure: row.structureID != nil)
        }
        // The identity, and where each identity column's value is in it (by personne-activite column).
        let identitySource: Source
        let columnInIdentityRow: [Int?]
        if identityRow.family == .personneActivite {
            identitySource = sources(identityRow).identity
            identity = part(identityRow, identitySource) { Self.identityColumns.contains($0.column) }
            columnInIdentityRow = Self.identityColumnIn[Family.personneActivite.index]
        } else {
            identitySource = Attribution.familySource(identityRow.family) ?? (isRPPS ? .ordres : .ars)
            let isIdentity = Self.isIdentityColumn[identityRow.family.index]
            identity = part(identityRow, identitySource) { isIdentity[$0.column] }
            columnInIdentityRow = Self.identityColumnIn[identityRow.family.index]
        }
        let identityRange = identity.range
        func identityValue(_ column: Int) -> UnsafeRawBufferPointer? {
            guard let own = columnInIdentityRow[column - Self.identityColumns.lowerBound] else { return nil }
            for i in identityRange where fields[i].column == own { return fields[i].bytes }
            return nil
        }
        for row in activityRows {
            // The activity's own columns, plus any identity column that differs from the identity.
            let rowSources = sources(row)
            let own = part(row, rowSources.activity) { value in
                let column = value.column
                if RowLayout.structureColumns.contains(column) || column <= 2 { return false }
                if Self.identityColumns.contains(column) {
                    return identityValue(column).map { !sameText($0, value.bytes) } ?? true
                }
                return true
            }
            guard let source = rowSources.structure else {
                activities.append(Activity(fields: own, structure: nil, mailboxes: 0..<0))
                continue
            }
            let structure = part(row, source) { RowLayout.structureColumns.contains($0.column) }
            let first = organisationMailboxes.count
            try addMailboxes(of: structure, from: snapshot, scratch: &record)
            activities.append(Activity(fields: own, structure: structure, mailboxes: first..<organisationMailboxes.count))
        }
        for row in rows where row.family != .personneActivite {
            let source = Attribution.familySource(row.family) ?? identitySource
            let keyColumns = row.family == .mssante ? 2...4 : 0...2
            others.append(part(row, source) { !keyColumns.contains($0.column) })
        }
    }

    /// The ORG mailboxes of a structure, matched on each of its identifiers: FINESS site, SIRET
    /// site, the technical identifier without its `F`/`C`/`R` prefix, the old identifier without
    /// its type digit. Each identifier is tried once, each mailbox appears once. Nothing is
    /// allocated for a structure without ORG mailboxes, nearly all of them: the snapshot's filter
    /// turns most identifiers away first.
    private mutating func addMailboxes(of structure: Part, from snapshot: Snapshot, scratch: inout RawRecord) throws(SnapshotError) {
        func value(_ column: PersonneActiviteColumn) -> UnsafeRawBufferPointer? {
            for i in structure.range where fields[i].column == column.rawValue { return fields[i].bytes }
            return nil
        }
        var tried: [UnsafeRawBufferPointer] = []
        var addresses: [UnsafeRawBufferPointer] = []
        let address = MSSanteColumn.adresseBAL.rawValue
        func add(_ id: UnsafeRawBufferPointer) throws(SnapshotError) {
            guard snapshot.mayHaveOrganisationMailboxes(id), !tried.contains(where: { sameBytes($0, id) }) else { return }
            tried.append(id)
            for row in scratch.rows[try snapshot.organisationMailboxRows(structure: id, into: &scratch)] {
                let bal = scratch.value(row, address) ?? UnsafeRawBufferPointer(start: nil, count: 0)
                guard !addresses.contains(where: { sameBytes($0, bal) }) else { continue }
                addresses.append(bal)
                let start = fields.count
                fields.append(contentsOf: scratch.values[row.range])
                organisationMailboxes.append(Part(family: .mssante, source: .mssante, range: start..<fields.count))
            }
        }
        if let v = value(.numeroFinessSite) { try add(v) }
        if let v = value(.numeroSiretSite) { try add(v) }
        for column in [PersonneActiviteColumn.identifiantTechniqueStructure, .ancienIdentifiantStructure] {
            guard let v = value(column) else { continue }
            try add(v)
            let rest = UnsafeRawBufferPointer(rebasing: v[Self.firstCharacterLength(v)...])
            if !rest.isEmpty { try add(rest) }
        }
    }

    /// The byte length of the first character of `bytes` (as `String.dropFirst` counts it).
    static func firstCharacterLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let first = bytes.first else { return 0 }
        if first < 0x80, bytes.count == 1 || bytes[1] < 0x80 { return 1 }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.count - text.dropFirst().utf8.count
    }

    /// Known columns of the personne-activite identity part.
    static let identityColumns = PersonneActiviteColumn.codeCiviliteExercice.rawValue...PersonneActiviteColumn.libelleSavoirFaire.rawValue

    /// Per family (by `Family.index`) and column, whether its label is one of the identity's.
    static let isIdentityColumn: [[Bool]] = Family.all.map { family in
        let labels = Set(PersonneActiviteColumn.labels[identityColumns])
        return family.columns.map(labels.contains)
    }

    /// Per family, for each identity column of personne-activite (from `identityColumns.lowerBound`),
    /// the family's first column with the same label, if any.
    static let identityColumnIn: [[Int?]] = Family.all.map { family in
        identityColumns.map { column in
            let label = PersonneActiviteColumn.labels[column]
            return family == .personneActivite ? column : family.columns.firstIndex(of: label)
        }
    }
}

/// Whether two UTF-8 texts are the same text as `String` compares them: the same bytes, or, for
/// non-ASCII texts that differ in bytes, canonically equivalent.
func sameText(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    if sameBytes(a, b) { return true }
    guard a.contains(where: { $0 >= 0x80 }) || b.contains(where: { $0 >= 0x80 }) else { return false }
    return String(decoding: a, as: UTF8.self) == String(decoding: b, as: UTF8.self)
}
