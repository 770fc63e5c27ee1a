import AnnuaireParsing
import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// `annuaire export --format sqlite`: one SQLite database holding one table per family (columns
/// named by the spec's labels, TEXT, NULL when empty; `personne_activite` also has `structure_id`),
/// `practitioners` (the rows of `practitioners.csv`), `structures` (each distinct structure of the
/// personne-activite rows once, by `id`) and `provenance` (one row per input of the snapshot), with
/// an index on every identifier column. Written under a temporary name in the destination's
/// directory and renamed into place once complete and synced.
public enum SQLiteExport {
    /// The table of `family`'s rows (`personne_activite`, …).
    public static func tableName(_ family: Family) -> String { String(family.rawValue.map { $0 == "-" ? "_" : $0 }) }

    /// Whether a column labelled `label` holds an identifier (and gets an index).
    public static func isIdentifier(_ label: String) -> Bool {
        [
            "Identifiant PP", "Identification nationale PP", "SIRET", "SIREN", "FINESS", "Identifiant technique",
            "Identification Structure",
            "Adresse BAL", "Numéro carte", "Identifiant national contenu",
        ].contains { label.contains($0) }
    }

    /// `name` as an SQL identifier (between double quotes, its quotes doubled).
    static func identifier(_ name: String) -> String { "\"" + String(name.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\"" }

    /// Writes `snapshot` to the database file `destination`; with `family`, only that family's
    /// table and the practitioners having a row of it. Returns the rows written per table.
    @discardableResult
    public static func write(
        _ snapshot: Snapshot, to destination: String, policy: FreshnessPolicy, now: ExtractTime, family: Family? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws -> [String: Int] {
        var status = stat()
        if stat(destination, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw SQLiteError(
                path: destination, during: "creating", code: SQLITE_CANTOPEN, message: "the path is a directory; give a file name")
        }
        let directory = AtomicFile.directory(of: destination)
        AtomicFile.removeStaleTemporaries(in: directory)
        let temporary = "\(directory)/.annuaire-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        var done = false
        defer { if !done { unlink(temporary) } }
        let counts = try fill(temporary, snapshot, policy: policy, now: now, family: family, progress: progress)
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else {
            if fd >= 0 { close(fd) }
            throw SQLiteError(path: temporary, during: "syncing", code: SQLITE_IOERR, message: String(cString: strerror(errno)))
        }
        close(fd)
        guard rename(temporary, destination) == 0 else {
            throw SQLiteError(
                path: destination, during: "renaming into place", code: SQLITE_IOERR, message: String(cString: strerror(errno)))
        }
        done = true
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
        return counts
    }

    private static func fill(
        _ path: String, _ snapshot: Snapshot, policy: FreshnessPolicy, now: ExtractTime, family: Family?, progress: (Int) -> Void
    ) throws -> [String: Int] {
        let db = try SQLiteDatabase(path: path)
        try db.execute(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-16384;",
            during: "setting the build PRAGMAs of")
        let families = family.map { [$0] } ?? Family.allCases
        let structureLabels = RowLayout.structureColumns.map { PersonneActiviteColumn.labels[$0] }
        var schema = ""
        for f in families {
            let extra = f == .personneActivite ? ", structure_id INTEGER" : ""
            schema += "CREATE TABLE \(tableName(f)) (" + f.columns.map { identifier($0) + " TEXT" }.joined(separator: ", ") + extra + ");\n"
        }
        schema +=
            "CREATE TABLE practitioners (" + CSVExport.practitionerColumns.map { identifier($0) + " TEXT" }.joined(separator: ", ") + ");\n"
        schema +=
            "CREATE TABLE structures (id INTEGER PRIMARY KEY, " + structureLabels.map { identifier($0) + " TEXT" }.joined(separator: ", ")
            + ");\n"
        schema += """
            CREATE TABLE provenance (family TEXT, sources TEXT, file TEXT, entry TEXT, extract_time TEXT, extract_time_source TEXT,
              rows INTEGER, input_bytes INTEGER, text_bytes INTEGER, carried_over INTEGER, checksum TEXT, quarantined_lines INTEGER,
              warnings INTEGER, layout TEXT, encoding TEXT, snapshot_created_at TEXT);
            """
        try db.execute(schema, during: "creating the tables of")
        func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }
        var inserts: [Family: SQLiteDatabase.Statement] = [:]
        for f in families {
            let n = f.columns.count + (f == .personneActivite ? 1 : 0)
            inserts[f] = try db.prepare(
                "INSERT INTO \(tableName(f)) VALUES (\(placeholders(n)))", during: "inserting into \(tableName(f)) of")
        }
        let people = try db.prepare(
            "INSERT INTO practitioners VALUES (\(placeholders(CSVExport.practitionerColumns.count)))",
            during: "inserting into practitioners of")
        let structures = try db.prepare(
            "INSERT INTO structures VALUES (\(placeholders(1 + structureLabels.count)))", during: "inserting into structures of")
        var seen = Set<Int>()
        var counts: [String: Int] = [:]
        func insert(_ row: StoredRow) throws {
            guard let statement = inserts[row.family] else { return }
            let count = row.family.columns.count
            for v in row.values where v.column < count { try statement.bind(Int32(v.column + 1), v.text) }
            if row.family == .personneActivite {
                try statement.bind(Int32(count + 1), row.structureID)
                if let id = row.structureID, seen.insert(id).inserted {
                    try structures.bind(1, id)
                    for v in row.values where RowLayout.structureColumns.contains(v.column) {
                        try structures.bind(Int32(v.column - RowLayout.structureColumns.lowerBound + 2), v.text)
                    }
                    try structures.run()
                    counts["structures", default: 0] += 1
                }
            }
            try statement.run()
            counts[tableName(row.family), default: 0] += 1
        }
        try db.execute("BEGIN", during: "starting a transaction in")
        var n = 0
        try snapshot.forEachPosition(having: family, progress: progress) { position, r in
            n += 1
            if n % 65_536 == 0 { try db.execute("COMMIT; BEGIN", during: "committing a transaction in") }
            for row in r.rows { try insert(row) }
            let p = try snapshot.practitioner(atPosition: position)
            for (i, value) in CSVExport.summary(p, policy: policy, now: now).enumerated() { try people.bind(Int32(i + 1), value) }
            try people.run()
            counts["practitioners", default: 0] += 1
        }
        if inserts[.mssante] != nil { try snapshot.forEachOrganisationMailbox { try insert($0) } }
        let provenance = try db.prepare("INSERT INTO provenance VALUES (\(placeholders(16)))", during: "inserting into provenance of")
        let created = snapshot.provenance.createdAt.description
        for input in snapshot.provenance.inputs where families.contains(input.family) {
            let sources = Set(snapshot.provenance.usage.filter { $0.family == input.family }.map(\.source)).map(\.rawValue).sorted()
            let texts: [String?] = [
                input.family.rawValue, sources.joined(separator: " "), input.fileName, input.entry, input.extractTime?.description,
                input.extractTimeSource,
            ]
            for (i, t) in texts.enumerated() { if let t { try provenance.bind(Int32(i + 1), t) } }
            let ints = [input.rows, Int(input.inputBytes), Int(input.textBytes), input.carriedOver ? 1 : 0]
            for (i, v) in ints.enumerated() { try provenance.bind(Int32(7 + i), v) }
            try provenance.bind(11, input.checksum)
            try provenance.bind(12, input.quarantinedLines)
            try provenance.bind(13, input.warnings)
            try provenance.bind(14, input.layout)
            try provenance.bind(15, input.encoding)
            try provenance.bind(16, created)
            try provenance.run()
            counts["provenance", default: 0] += 1
        }
        try db.execute("COMMIT", during: "committing the rows of")
        var indexes = ""
        var tables = families.map { (tableName($0), $0.columns) }
        tables += [("practitioners", CSVExport.practitionerColumns), ("structures", structureLabels)]
        for (table, columns) in tables {
            for (i, label) in columns.enumerated() where isIdentifier(label) {
                indexes += "CREATE INDEX \(identifier("\(table)_\(i)")) ON \(table) (\(identifier(label)));\n"
            }
        }
        if families.contains(.personneActivite) {
            indexes += "CREATE INDEX personne_activite_structure ON personne_activite (structure_id);\n"
        }
        try db.execute(indexes, during: "creating the indexes of")
        try db.close()
        return counts
    }
}
