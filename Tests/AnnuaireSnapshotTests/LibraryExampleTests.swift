import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSynth
import Foundation
import TestSupport
import Testing

/// The library in ten lines, as the README and the DocC article show it, run on a synthesised
/// night: if the example stops compiling or answering, this fails.
@Suite struct LibraryExampleTests {
    @Test func theReadmeExampleRunsAndAnswers() throws {
        let dir = TemporaryDirectory()
        let night = synthesisedNight(in: dir)
        let path = night.first { $0.contains("Personne_activite") }!
        let wanted = try #require(try firstKey(of: path))

        // --- the example (README.md, "The library"; GettingStarted.md) ---
        var rows = 0
        _ = try ExtractionReader.read(path) { record in rows += record.key == nil ? 0 : 1 }  // read a file, row by row
        _ = try SnapshotBuilder().ingest(night, into: dir.path + "/annuaire.snapshot")  // build a snapshot
        let snapshot = try Snapshot(path: dir.path + "/annuaire.snapshot")  // map it (opened in O(1))
        let key = try PractitionerKey(lookup: wanted.nationalID)  // RPPS, ADELI or national id
        let practitioner = try #require(try snapshot.practitioner(key))  // look up: the grouped view
        let now = ExtractTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
        let verdict = practitioner.identity.verdict(.standard, now: now)  // judge freshness
        let found = try snapshot.search(SearchQuery([.name: practitioner.identity["nomExercice"]]))  // search
        // --- end of the example ---

        #expect(rows > 0)
        #expect(practitioner.key == wanted)
        #expect(!practitioner.identity["nomExercice"].isEmpty)
        #expect(verdict != nil)
        #expect(found.total >= 1)
        #expect(found.contains(wanted))
    }

    private func firstKey(of path: String) throws -> PractitionerKey? {
        var key: PractitionerKey?
        _ = try ExtractionReader.read(path) { record in if key == nil { key = record.key } }
        return key
    }
}
