import Foundation
import Testing

@testable import annuaire

/// What the `sqlite3` CLI (a real child process) prints for `sql` on the database at `path`.
private func sqlite3(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
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
}
