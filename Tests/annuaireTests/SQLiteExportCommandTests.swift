import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import Testing

@testable import annuaire

/// What the `sqlite3` CLI (a real child process) prints for `sql` on the database at `path`.
private func sqlite3(_ path: String, _ sql: String, json: Bool = false) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = (json ? ["-json"] : []) + [path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

extension ExportCommandTests {
    @Test func writesSQLite() throws {
        let db = data + "/annuaire.sqlite"
        #expect(
            try runInProcess(["export", "--format", "sqlite", "--output", db, "--data-dir", data, "--now", "2026-11-22T20:00:00+01:00"])
                == 0)
        // A lookup by RPPS through the sqlite3 CLI.
        let row = try sqlite3(
            db,
            "SELECT \"Nom d'exercice\", \"Prénom d'exercice\", \"Libellé profession\" FROM practitioners WHERE \"Identifiant PP\" = '10000000017'"
        )
        #expect(row == "DURAND|Élodie|Médecin")
        // Every family table has as many rows as the snapshot's inputs.
        for family in ["personne-activite", "cartes", "diplomes", "savoir-faire"] {
            let table = family.replacingOccurrences(of: "-", with: "_")
            let counts = try sqlite3(
                db, "SELECT (SELECT count(*) FROM \(table)), (SELECT sum(rows) FROM provenance WHERE family = '\(family)')")
            let parts = counts.split(separator: "|")
            #expect(parts.count == 2 && parts[0] == parts[1], "\(family): \(counts)")
        }
        #expect(Int(try sqlite3(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'")) ?? 0 >= 20)
        #expect(try sqlite3(db, "SELECT count(*) FROM provenance") == "5")
        // A directory as --output is an error and leaves no file.
        let directory = data + "/dir"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(try runInProcess(["export", "--format", "sqlite", "--output", directory, "--data-dir", data]) != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// Every practitioner's personne-activite rows, read back from the database by the `sqlite3`
    /// CLI (`-json`), hold every non-empty field that `annuaire lookup` shows of their activities
    /// and structures, and of their identity (taken from the first row), under the same labels, and
    /// no other value.
    @Test func sqliteRowsHoldEveryFieldOfTheLookup() throws {
        let db = data + "/fields.sqlite"
        #expect(try runInProcess(["export", "--format", "sqlite", "--output", db, "--data-dir", data]) == 0)
        let snapshot = try Snapshot(path: data + "/current.annuaire")
        let identifierLabels: Set<String> = ["Type d'identifiant PP", "Identifiant PP", "Identification nationale PP"]
        var checked = 0
        try snapshot.forEachGroupedPractitioner(having: .personneActivite) { p in
            let id = p.key.identifier.replacingOccurrences(of: "'", with: "''")
            let text = try sqlite3(db, "SELECT * FROM personne_activite WHERE \"Identifiant PP\" = '\(id)'", json: true)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            let stored: [Set<String>] = rows.map { row in
                Set(
                    row.compactMap { label, value in
                        guard let value = value as? String, !value.isEmpty, !identifierLabels.contains(label) else { return nil }
                        return "\(label)=\(value)"
                    })
            }
            let identity = Set(p.identity.fields.map { "\($0.label)=\($0.value)" })
            #expect(rows.count == p.activities.count, "\(p.key)")
            #expect(identity.isSubset(of: stored.reduce(into: Set<String>()) { $0.formUnion($1) }), "\(p.key): identity")
            for activity in p.activities {
                let shown = Set((activity.fields.fields + (activity.structure?.fields ?? [])).map { "\($0.label)=\($0.value)" })
                let row = stored.first { shown.isSubset(of: $0) }
                #expect(row != nil, "\(p.key): no row holds \(shown.sorted())")
                if let row {
                    #expect(row.subtracting(shown).isSubset(of: identity), "\(p.key): \(row.subtracting(shown).subtracting(identity))")
                }
            }
            checked += 1
        }
        #expect(checked > 0)
    }
}
