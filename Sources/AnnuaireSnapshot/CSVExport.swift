import AnnuaireParsing

/// `annuaire export --format csv`: a directory with one UTF-8 file per family (`<family>.csv`, e.g.
/// `personne-activite.csv`), a header of the spec's column labels (`Family.columns`) then one
/// record per stored row, its values at their columns, and `practitioners.csv`, one record per
/// practitioner (`practitionerColumns`). `mssante.csv` ends with the organisation (ORG) mailboxes.
///
/// Quoting is RFC 4180's: a field holding `"`, `,`, CR or LF is written between double quotes,
/// its quotes doubled; records end in CRLF. Each file is written under a temporary name and
/// renamed once complete.
public enum CSVExport {
    /// The header of `practitioners.csv`: the key, the identity's names and profession, then the
    /// distinct sources of the practitioner's parts (space-separated, in spec order) and their
    /// overall freshness verdict (`stale` if any part is, else `unknown` if any part has no
    /// extract time, else `fresh`).
    public static let practitionerColumns = [
        "Type d'identifiant PP", "Identifiant PP", "Identification nationale PP", "Nom d'exercice", "Prénom d'exercice",
        "Code profession", "Libellé profession", "Code catégorie professionnelle", "Libellé catégorie professionnelle",
        "Sources", "Verdict",
    ]

    /// The file name of `family`'s rows.
    public static func fileName(_ family: Family) -> String { family.rawValue + ".csv" }

    /// How many records (header excluded) each file received, by file name.
    public typealias Counts = [String: Int]

    /// Writes the rows of `snapshot` into `directory` (created if missing); with `family`, only
    /// that family's file and the practitioners having a row of it.
    @discardableResult
    public static func write(
        _ snapshot: Snapshot, into directory: String, policy: FreshnessPolicy, now: ExtractTime, family: Family? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws -> Counts {
        try ExportFile.makeDirectory(directory)
        let families = family.map { [$0] } ?? Family.allCases
        var files: [Family: ExportFile] = [:]
        for f in families {
            let file = try ExportFile(destination: directory + "/" + fileName(f))
            try file.append { out in record(f.columns, into: &out) }
            files[f] = file
        }
        let people = try ExportFile(destination: directory + "/practitioners.csv")
        try people.append { out in record(practitionerColumns, into: &out) }
        var counts: Counts = [:]
        var fields: [String] = []
        func append(_ row: StoredRow, to file: ExportFile) throws {
            fields = Array(repeating: "", count: row.family.columns.count)
            for v in row.values where v.column < fields.count { fields[v.column] = v.text }
            try file.append { out in record(fields, into: &out) }
            counts[fileName(row.family), default: 0] += 1
        }
        try snapshot.forEachPosition(having: family, progress: progress) { position, r in
            for row in r.rows { if let file = files[row.family] { try append(row, to: file) } }
            let p = try snapshot.practitioner(atPosition: position)
            try people.append { out in record(summary(p, policy: policy, now: now), into: &out) }
            counts["practitioners.csv", default: 0] += 1
        }
        if let mailboxes = files[.mssante] { try snapshot.forEachOrganisationMailbox { try append($0, to: mailboxes) } }
        for f in families { try files[f]!.commit() }
        try people.commit()
        return counts
    }

    /// The `practitioners.csv` record of `p`.
    static func summary(_ p: Practitioner, policy: FreshnessPolicy, now: ExtractTime) -> [String] {
        var parts = [p.identity] + p.savoirFaire + p.diplomas + p.cards + p.mailboxes
        for a in p.activities { parts += [a.fields] + (a.structure.map { [$0] } ?? []) + a.organisationMailboxes }
        let sources = Set(parts.map(\.source)).sorted().map(\.rawValue).joined(separator: " ")
        let verdicts = parts.map { $0.verdict(policy, now: now) }
        let verdict =
            verdicts.contains { if case .stale? = $0 { true } else { false } }
            ? "stale" : verdicts.contains { $0 == nil } ? "unknown" : "fresh"
        let id = p.identity
        return [
            String(p.key.typeCode), p.key.identifier, p.key.nationalID, id["nomExercice"], id["prenomExercice"], id["codeProfession"],
            id["libelleProfession"], id["codeCategorieProfessionnelle"], id["libelleCategorieProfessionnelle"], sources, verdict,
        ]
    }

    /// Appends one RFC 4180 record (fields separated by `,`, ended by CRLF).
    public static func record(_ fields: [String], into out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            quote(field, into: &out)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// The field as it is, or between double quotes with its quotes doubled when it holds `"`,
    /// `,`, CR or LF.
    static func quote(_ field: String, into out: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            let special = bytes.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ",") || $0 == 0x0D || $0 == 0x0A }
            guard special else {
                out.append(contentsOf: bytes)
                return
            }
            out.append(UInt8(ascii: "\""))
            for b in bytes {
                out.append(b)
                if b == UInt8(ascii: "\"") { out.append(b) }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}
