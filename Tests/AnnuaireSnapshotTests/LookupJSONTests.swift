import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSnapshot

/// The lookup JSON written straight from the stored bytes is the text of the grouped view's
/// `jsonValue`, for every practitioner.
@Suite struct LookupJSONTests {
    let dir = TemporaryDirectory()
    let now = ExtractTime(iso8601: "2026-11-23T20:00:00+01:00")!

    private func expectSameAsTheView(_ snapshot: Snapshot) throws -> Int {
        let freshness = FreshnessJSON(.standard, now: now)
        var checked = 0
        for i in 0..<snapshot.count {
            let key = try snapshot.key(at: i)
            for query in [key.nationalID, key.identifier] {
                var written: [UInt8] = []
                #expect(try snapshot.writeLookupJSON(key, query: query, freshness: freshness, into: &written))
                let view = try #require(try snapshot.practitioner(key))
                #expect(
                    String(decoding: written, as: UTF8.self) == view.jsonValue(query: query, freshness: freshness).serialized(),
                    "practitioner \(key)")
            }
            checked += 1
        }
        return checked
    }

    @Test func fixturesEveryPractitioner() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        #expect(try expectSameAsTheView(Snapshot(path: dir.snapshot)) >= 3)
    }

    @Test func synthesisedEveryPractitioner() throws {
        #expect(try expectSameAsTheView(synthesisedSnapshot.get().1) > 100)
    }

    @Test(needsSharedSamples) func realSampleEveryPractitioner() throws {
        try ingest([realSample] + fixtureFiles.dropFirst(), into: dir.snapshot)
        #expect(try expectSameAsTheView(Snapshot(path: dir.snapshot)) >= 10)
    }

    @Test func absentInvalidAndFoundAnswersAreTheTreesText() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        let freshness = FreshnessJSON(.standard, now: now)
        let present = try snapshot.key(at: 0).nationalID
        for query in [present, rpps(99), "12", "not-an-id"] {
            var written: [UInt8] = []
            let outcome = try LookupAnswer.write(query, in: snapshot, freshness: freshness, into: &written)
            let answer = try LookupAnswer.answer(query, in: snapshot, freshness: freshness)
            #expect(outcome == answer.outcome, "\(query)")
            #expect(String(decoding: written, as: UTF8.self) == answer.json.serialized(), "\(query)")
        }
        var untouched: [UInt8] = [1]
        #expect(try !snapshot.writeLookupJSON(PractitionerKey(lookup: rpps(99)), query: "x", freshness: freshness, into: &untouched))
        #expect(untouched == [1])
    }
}
