import AnnuaireParsing
import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSnapshot

@Suite struct JSONLinesExportTests {
    /// Where each test writes its export.
    let dir = TemporaryDirectory()
    let snapshot: Snapshot
    let now = ExtractTime(iso8601: "2026-11-23T20:00:00+01:00")!

    init() throws { snapshot = try synthesisedSnapshot.get().1 }

    private func lines(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func everyLineIsTheLookupJSONOfItsPractitioner() throws {
        let out = dir.path + "/export/annuaire.jsonl"
        try FileManager.default.createDirectory(atPath: dir.path + "/export", withIntermediateDirectories: true)
        let n = try JSONLinesExport.write(snapshot, to: out, freshness: FreshnessJSON(.standard, now: now))
        #expect(n == snapshot.count)
        #expect(n > 100)
        let written = try lines(out)
        #expect(written.count == snapshot.count)
        var i = 0
        let freshness = FreshnessJSON(.standard, now: now)
        try snapshot.forEachPractitioner { record in
            let answer = try LookupAnswer.answer(record.key.nationalID, in: snapshot, freshness: freshness)
            #expect(answer.outcome == .found)
            #expect(written[i] == answer.json.serialized(), "line \(i + 1)")
            i += 1
        }
        // Nothing else in the directory: no temporary file left beside the export.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/export") == ["annuaire.jsonl"])
    }

    @Test func familyKeepsThePractitionersHavingOne() throws {
        let out = dir.path + "/cards.jsonl"
        let n = try JSONLinesExport.write(snapshot, to: out, freshness: FreshnessJSON(.standard, now: now), family: .cartes)
        var expected: [String] = []
        try snapshot.forEachPractitioner { record in
            if !record.rows(of: .cartes).isEmpty { expected.append(record.key.nationalID) }
        }
        #expect(n == expected.count)
        #expect(n > 0 && n < snapshot.count)
        let keys = try lines(out).map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["cards"] as? [Any])?.isEmpty == false)
            return try #require(object["query"] as? String)
        }
        #expect(keys == expected)
    }

    @Test func aFailedExportLeavesNoFile() throws {
        // The destination's directory is missing: nothing is created, the error names the path.
        let out = dir.path + "/missing/annuaire.jsonl"
        #expect(throws: SnapshotError.self) {
            try JSONLinesExport.write(snapshot, to: out, freshness: FreshnessJSON(.standard, now: now))
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
