import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// Issue 15: `SnapshotDiff` reports exactly a known set of changes between two nights made from
/// the fixtures, and nothing between two snapshots of the same rows, however their tables are
/// numbered.
@Suite struct SnapshotDiffTests {
    let dir = TemporaryDirectory()

    /// The fixtures as a second night (`stamp`), each file's data lines passed through `edit`
    /// (family, the fields of a line → the lines to write instead).
    func night(_ name: String, stamp: String = "202611230315", _ edit: (Family, [String]) -> [[String]]) throws -> [String] {
        try fixtureFiles.map { path in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            let family = Family.named(path.split(separator: "/").last.map(String.init)!)!
            let body = lines.dropFirst().flatMap {
                edit(family, $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init))
            }
            let out = [lines[0]] + body.map { $0.joined(separator: "|") }
            let file = path.split(separator: "/").last!.replacingOccurrences(of: fixtureStamp, with: stamp)
            return dir.write("\(name)/\(file)", text: out.joined(separator: "\n") + "\n")
        }
    }

    /// The known changes: MARTIN (ADELI 750001232) removed; a new RPPS practitioner added (a copy
    /// of N'DIAYE's row); LEFÈVRE renamed; DURAND's hospital moved to another postal code and her
    /// mailbox gone; N'DIAYE given a card.
    func changedNight() throws -> [String] {
        let newcomer = rpps(4)
        return try night("changed") { family, f in
            let id = family == .mssante ? f[3] : f[1]
            switch family {
            case .personneActivite:
                if id == "750001232" { return [] }
                var g = f
                if id == "10000000025" { g[7] = "LEFEVRE" }
                if id == "10000000017", g[24].contains("BELLEY") { g[PersonneActiviteColumn.codePostal.rawValue] = "01000" }
                if id == "10000000033" {
                    var copy = f
                    copy[1] = newcomer
                    copy[2] = "8" + newcomer
                    copy[8] = "Awa"
                    return [g, copy]
                }
                return [g]
            case .cartes:
                if id == "10000000025" {
                    var card = f
                    (card[1], card[2], card[3], card[4], card[11], card[12]) = (
                        "10000000033", "810000000033", "N'DIAYE", "Moussa", "0001111111", "810000000033"
                    )
                    return [f, card]
                }
                return [f]
            case .mssante:
                return id == "10000000017" ? [] : [f]
            default:
                return [f]
            }
        }
    }

    func snapshot(_ files: [String], _ name: String) throws -> Snapshot {
        try SnapshotBuilder().ingest(files, into: dir.path + "/" + name)
        return try Snapshot(path: dir.path + "/" + name)
    }

    @Test func aKnownSetOfChangesIsReportedExactly() throws {
        let old = try snapshot(fixtureFiles, "old.annuaire")
        let new = try snapshot(try changedNight(), "new.annuaire")
        var changes: [String: PractitionerChange] = [:]
        let summary = try SnapshotDiff(old: old, new: new).forEachChange { changes[$0.key.description] = $0 }
        #expect(Set(changes.keys) == ["0750001232", "8" + rpps(4), "810000000025", "810000000017", "810000000033"])
        #expect(changes["0750001232"]?.kind == .removed)
        #expect(changes["8" + rpps(4)]?.kind == .added)
        #expect(changes["8" + rpps(4)]?.name == "Awa N'DIAYE")
        let renamed = try #require(changes["810000000025"])
        #expect(renamed.kind == .changed && renamed.families == [.personneActivite])
        #expect(renamed.parts.map { "\($0.part) \($0.change)" } == ["identity changed"])
        #expect(renamed.parts.first?.fields == [FieldChange(id: "nomExercice", label: "Nom d'exercice", old: "LEFÈVRE", new: "LEFEVRE")])
        let moved = try #require(changes["810000000017"])
        #expect(moved.families == [.personneActivite, .mssante])
        #expect(moved.parts.map { "\($0.part) \($0.change)" } == ["structure changed", "mailbox removed"])
        #expect(moved.parts[0].fields.map { "\($0.id) \($0.old ?? "") \($0.new ?? "")" } == ["codePostal 01300 01000"])
        #expect(moved.parts[1].fields.contains { $0.id == "adresseBAL" && $0.old == "elodie.durand@medecin.mssante.fr" && $0.new == nil })
        let carded = try #require(changes["810000000033"])
        #expect(carded.parts.map { "\($0.part) \($0.change)" } == ["card added"])
        #expect(carded.parts[0].fields.contains { $0.id == "numeroCarte" && $0.new == "0001111111" })

        #expect((summary.added, summary.removed, summary.changed) == (1, 1, 3))
        #expect(summary.unchanged == old.count - 1 - 3)
        let pa = try #require(summary.family(.personneActivite))
        #expect((pa.added, pa.removed, pa.changed) == (1, 1, 2))
        #expect((pa.basePractitioners, pa.practitioners, pa.baseRows, pa.rows) == (5, 5, 6, 6))
        #expect(summary.family(.cartes).map { [$0.added, $0.removed, $0.changed] } == [1, 0, 0])
        #expect(summary.family(.mssante).map { [$0.added, $0.removed, $0.changed] } == [0, 1, 0])
        #expect(try SnapshotDiff(old: old, new: new).summary() == summary)

        // Narrowed to one family: the practitioners whose cards changed, their card parts only.
        var cards: [PractitionerChange] = []
        _ = try SnapshotDiff(old: old, new: new).forEachChange(families: [.cartes]) { cards.append($0) }
        #expect(cards.map(\.key.description) == ["810000000033"])
    }

    @Test func theSameRowsAreNoChangeWhateverTheOrderOfTheTables() throws {
        let old = try snapshot(fixtureFiles, "old.annuaire")
        #expect(try SnapshotDiff(old: old, new: try snapshot(fixtureFiles, "same.annuaire")).summary().unchanged == old.count)
        // The files in another order give the blocks their rows in another order, and put the
        // structures at other places: the blocks differ as bytes, not as values.
        let reordered = try snapshot(fixtureFiles.reversed(), "reordered.annuaire")
        let records = SnapshotFormat.Section.records.rawValue
        #expect(reordered.header.section(records)!.crc != old.header.section(records)!.crc)
        let summary = try SnapshotDiff(old: old, new: reordered).summary()
        #expect((summary.added, summary.removed, summary.changed, summary.unchanged) == (0, 0, 0, old.count))
        var reported = 0
        _ = try SnapshotDiff(old: reordered, new: old).forEachChange { _ in reported += 1 }
        #expect(reported == 0)
    }
}
