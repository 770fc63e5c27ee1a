import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireServer

/// `/v1` on a real socket, called with AsyncHTTPClient.
@Suite struct APIRoutesTests {
    @Test func aPractitionerIsTheLookupJSONObjectByteForByte() async throws {
        let dir = try fixtureSnapshot()
        let snapshot = try Snapshot(path: dir.snapshot)
        try await withServer(snapshot: dir.snapshot) { base, _ in
            for query in ["810000000017", "10000000017"] {
                let answer = try await call("\(base)/v1/practitioners/\(query)")
                #expect(answer.status == 200)
                #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
                let expected = try LookupAnswer.answer(query, in: snapshot, freshness: FreshnessJSON(.standard, now: freshTime)).json
                #expect(answer.text == expected.serialized() + "\n")
                #expect(answer.header("Annuaire-Snapshot") == snapshot.createdAt.description)
                #expect(answer.header("ETag")?.hasPrefix("W/\"\(snapshot.createdAt.secondsSince1970)-810000000017-") == true)
            }
            let pretty = try await call("\(base)/v1/practitioners/810000000017?pretty=true")
            #expect(pretty.text.hasPrefix("{\n  \"query\": \"810000000017\""))
        }
    }

    @Test func absentIs404AndInvalidIs400WithTheReason() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let absent = try await call("\(base)/v1/practitioners/19999999998")
            #expect(absent.status == 404)
            #expect(absent.text == #"{"query":"19999999998","found":false}"# + "\n")
            let invalid = try await call("\(base)/v1/practitioners/19999999999")
            #expect(invalid.status == 400)
            let o = try invalid.object()
            #expect(o["found"] as? Bool == false)
            #expect((o["error"] as? String)?.isEmpty == false)
            let letters = try await call("\(base)/v1/practitioners/abc%22%00")
            #expect(letters.status == 400)
        }
    }

    @Test func etagAndIfNoneMatchGive304AndCacheControlFollowsFreshness() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let first = try await call("\(base)/v1/practitioners/810000000017")
            let etag = try #require(first.header("ETag"))
            let cc = try #require(first.header("Cache-Control"))
            #expect(cc.hasPrefix("public, max-age="))
            let maxAge = Int(cc.dropFirst("public, max-age=".count)) ?? -1
            #expect(maxAge > 0 && maxAge <= 300)
            let again = try await call("\(base)/v1/practitioners/810000000017", headers: [("If-None-Match", etag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            let other = try await call("\(base)/v1/practitioners/810000000017", headers: [("If-None-Match", "W/\"0-x-0\"")])
            #expect(other.status == 200)
        }
        try await withServer(snapshot: dir.snapshot, now: staleTime) { base, _ in
            let stale = try await call("\(base)/v1/practitioners/810000000017")
            #expect(stale.header("Cache-Control") == "public, no-cache")
        }
    }

    @Test func bulkLookupAnswersInOrderFoundOrNot() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let ids = ["810000000017", "19999999998", "bad", "10000000017"]
            let answer = try await call(
                "\(base)/v1/practitioners/lookup", method: .POST, headers: [("Content-Type", "application/json")],
                body: Array(try JSONSerialization.data(withJSONObject: ids)))
            #expect(answer.status == 200)
            let array = try #require(try answer.json() as? [[String: Any]])
            #expect(array.map { $0["query"] as? String } == ids)
            #expect(array.map { $0["found"] as? Bool } == [true, false, false, true])
            #expect(array[2]["error"] != nil)
        }
    }

    @Test func bulkLookupRefusesBadBodiesWithA4xx() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let url = "\(base)/v1/practitioners/lookup"
            let json = [("Content-Type", "application/json")]
            let cases: [(headers: [(String, String)], body: [UInt8], status: Int)] = [
                (json, Array("[\"810000000017\"".utf8), 400),  // malformed JSON
                (json, Array("{\"ids\": []}".utf8), 400),  // not an array
                (json, Array("[1, 2]".utf8), 400),  // not strings
                ([("Content-Type", "text/plain")], Array("[\"810000000017\"]".utf8), 415),  // wrong type
                ([], Array("[]".utf8), 415),  // no type
                (json, Array(try JSONSerialization.data(withJSONObject: Array(repeating: "810000000017", count: 10_001))), 413),
                (json, Array(repeating: UInt8(ascii: " "), count: 2 << 20), 413),  // body over the limit
            ]
            for c in cases {
                let answer = try await call(url, method: .POST, headers: c.headers, body: c.body)
                #expect(answer.status == c.status, "\(answer.text)")
                let o = try answer.object()
                #expect((o["error"] as? String)?.isEmpty == false)
                #expect(o["status"] as? Int == c.status)
            }
            let empty = try await call(url, method: .POST, headers: json, body: Array("[]".utf8))
            #expect(empty.status == 200)
            #expect(try empty.json() as? [Any] != nil)
        }
    }

    @Test func searchPagesThroughEveryMatchByNextLinkAsTheLibraryOrdersThem() async throws {
        let dir = TemporaryDirectory()
        let files = synthesisedNight(in: dir)
        _ = try SnapshotBuilder().ingest(files, into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        // The department with the most practitioners among a few: a result of several pages.
        let (department, expected) = try ["75", "13", "69", "59", "33"].map { d in
            (d, Array(try snapshot.search(SearchQuery([.department: d]))))
        }.max { $0.1.count < $1.1.count }!
        #expect(expected.count > 7)
        try await withServer(snapshot: dir.snapshot) { base, _ in
            var seen: [String] = []
            var link: String? = "/v1/practitioners?department=\(department)&limit=7"
            var pages = 0
            while let next = link {
                let answer = try await call(base + next)
                #expect(answer.status == 200, "\(answer.text)")
                let o = try answer.object()
                #expect(o["total"] as? Int == expected.count)
                let results = try #require(o["results"] as? [[String: Any]])
                #expect(results.count <= 7)
                for r in results {
                    let key = try #require(r["key"] as? [String: Any])
                    seen.append(try #require(key["nationalId"] as? String))
                }
                link = o["nextLink"] as? String
                pages += 1
                guard pages < 100 else { break }
            }
            #expect(seen == expected.map(\.nationalID))
            let byOffset = try await call("\(base)/v1/practitioners?department=\(department)&offset=7&limit=7").object()
            let second = (byOffset["results"] as? [[String: Any]])?.compactMap { ($0["key"] as? [String: Any])?["nationalId"] as? String }
            #expect(second == Array(expected.map(\.nationalID)[7..<min(14, expected.count)]))
        }
    }

    @Test func aSearchWithoutCriterionOrWithABadParameterIs400() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let found = try await call("\(base)/v1/practitioners?name=elodie+dur")
            #expect(found.status == 200)
            #expect(try found.object()["total"] as? Int == 1)
            for query in [
                "", "?limit=5", "?name=d", "?colour=blue", "?name=durand&after=nope", "?name=durand&limit=0",
                "?name=durand&limit=x", "?name=durand&limit=5000", "?name=durand&name=elodie",
                "?name=durand&after=0000000000000001&offset=2",
            ] {
                let answer = try await call("\(base)/v1/practitioners\(query)")
                #expect(answer.status == 400, "\(query): \(answer.text)")
                #expect((try answer.object()["error"] as? String)?.isEmpty == false, "\(query)")
            }
        }
    }

    @Test func statusIsTheStatusJSONObject() async throws {
        let dir = try fixtureSnapshot()
        let snapshot = try Snapshot(path: dir.snapshot)
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let answer = try await call("\(base)/v1/status")
            #expect(answer.status == 200)
            #expect(answer.text == (try StatusReport(snapshot, policy: .standard, now: freshTime).jsonText()) + "\n")
        }
    }

    @Test func unknownRoutesAndMethodsAre4xxWithABody() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            for path in ["/nope", "/v1", "/v1/practitioners/810000000017/extra", "/v2/status"] {
                let answer = try await call(base + path)
                #expect(answer.status == 404, "\(path)")
                #expect(try answer.object()["error"] != nil)
            }
            let delete = try await call("\(base)/v1/practitioners/810000000017", method: .DELETE)
            #expect((400..<500).contains(delete.status))
            let huge = try await call("\(base)/v1/status", headers: [("X-Big", String(repeating: "a", count: 64 << 10))])
            #expect((400..<500).contains(huge.status))
        }
    }

    @Test func withoutASnapshotLookupsAre503AndHealthIs200() async throws {
        let dir = TemporaryDirectory()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            do {
                let answer = try await call("\(base)/healthz")
                #expect(answer.status == 200)
            }
            do {
                let answer = try await call("\(base)/readyz")
                #expect(answer.status == 503)
            }
            do {
                let answer = try await call("\(base)/v1/practitioners/810000000017")
                #expect(answer.status == 503)
            }
            do {
                let answer = try await call("\(base)/fhir/Practitioner/810000000017")
                #expect(answer.status == 503)
            }
            // A 5xx is a failure of the service, counted as an error; a 200 is not. (The registry
            // is the process's: other tests' requests add to these series, never to the 200's
            // errors.)
            let metrics = try await call("\(base)/metrics").text
            func value(_ series: String) -> Double? {
                metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
            }
            let labels = #"http_route="/v1/practitioners/{id}",http_request_method="GET",http_response_status_code="503""#
            #expect((value("hb_request_errors{\(labels)}") ?? 0) >= 1)
            #expect(value(#"hb_request_errors{http_route="/healthz",http_request_method="GET",http_response_status_code="200"}"#) == 0)
        }
    }
}
