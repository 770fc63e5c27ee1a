import Foundation
import Testing

/// Issue 15 through the command line: a night whose personne-activite file is cut to half its
/// rows is refused (exit 1, the snapshot untouched, the message saying what and how to accept
/// it); `--force` accepts it; `status` shows tonight's counts and `diff` lists the practitioners.
@Suite final class ChangeGuardCommandTests {
    let work = NSTemporaryDirectory() + "annuaire-guard-" + UUID().uuidString
    var data: String { work + "/data" }
    let fixtures = root + "/Fixtures"

    init() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let base = try annuaire(["ingest", "--quiet", "--data-dir", data] + fixtureZips)
        #expect(base.status == 0, "\(base.stderr)")
    }

    deinit { try? FileManager.default.removeItem(atPath: work) }

    @Test func aHalfNightIsRefusedThenForcedThenDiffed() throws {
        let lines = try String(contentsOfFile: fixtures + "/PS_LibreAcces_Personne_activite_202611220315.txt", encoding: .utf8)
            .split(separator: "\n")
        let half = work + "/PS_LibreAcces_Personne_activite_202611230315.txt"
        try (lines.prefix(1 + (lines.count - 1) / 2).joined(separator: "\n") + "\n").write(toFile: half, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: data + "/current.annuaire"))

        let refused = try annuaire(["ingest", "--data-dir", data, half])
        #expect(refused.status == 1)
        for part in [
            "refused tonight's personne-activite", "of its 5 practitioners", "where --max-removed allows 5 %", "--force", "unchanged",
        ] {
            #expect(refused.stderr.contains(part), "\(part) missing from: \(refused.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/current.annuaire")) == before)
        #expect(try annuaire(["ingest", "--quiet", "--max-removed", "50%", "--data-dir", data, half]).status == 1)

        let forced = try annuaire(["ingest", "--force", "--data-dir", data, half])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("changes since the snapshot of"), "\(forced.stdout)")
        let status = try annuaire(["status", "--data-dir", data])
        #expect(status.stdout.contains("changes") && status.stdout.contains("-2 removed, 1 changed"), "\(status.stdout)")

        let diff = try annuaire(["diff", "--json", "--data-dir", data])
        #expect(diff.status == 0, "\(diff.stderr)")
        let objects = try diff.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        // MARTIN and Casanova are gone; N'DIAYE keeps his diploma, so he changed (his activity went).
        #expect(objects.dropLast().map { $0["kind"] as? String } == ["removed", "removed", "changed"])
        #expect(Set(objects.dropLast().compactMap { $0["key"] as? String }) == ["810000000033", "02A0000014", "0750001232"])
        let summary = try #require(objects.last?["summary"] as? [String: Any])
        #expect(summary["removed"] as? Int == 2 && summary["changed"] as? Int == 1)
        let readable = try annuaire(["diff", "--data-dir", data, data + "/previous.annuaire", data + "/current.annuaire"])
        #expect(
            readable.status == 0 && readable.stdout.contains("removed (2)") && readable.stdout.contains("activity removed"),
            "\(readable.stdout)")
        let counts = try annuaire(["diff", "--summary", "--family", "cartes", "--data-dir", data])
        #expect(counts.status == 0 && counts.stdout.contains("cartes") && !counts.stdout.contains("mssante  "), "\(counts.stdout)")
    }

    @Test func diffWithoutAPreviousSnapshotSaysWhy() throws {
        let diff = try annuaire(["diff", "--data-dir", data])
        #expect(diff.status != 0)
        #expect(diff.stderr.contains("no previous snapshot") && diff.stderr.contains("previous.annuaire"), "\(diff.stderr)")
    }
}
