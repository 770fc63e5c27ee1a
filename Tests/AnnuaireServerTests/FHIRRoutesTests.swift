import AnnuaireFHIR
import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import TestSupport
import Testing

@testable import AnnuaireServer

@Suite struct FHIRRoutesTests {
    @Test func readsAreFHIRJSONResources() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let metadata = try await call("\(base)/fhir/metadata")
            #expect(metadata.status == 200)
            #expect(metadata.header("Content-Type") == "application/fhir+json; charset=utf-8")
            #expect(try metadata.object()["resourceType"] as? String == "CapabilityStatement")

            let p = try await call("\(base)/fhir/Practitioner/810000000017")
            #expect(p.status == 200)
            let practitioner = try p.object()
            #expect(practitioner["resourceType"] as? String == "Practitioner")
            #expect(practitioner["id"] as? String == "810000000017")
            #expect(p.header("Cache-Control")?.hasPrefix("public, max-age=") == true)

            let r = try await call("\(base)/fhir/PractitionerRole/810000000017-1")
            #expect(r.status == 200)
            let role = try r.object()
            #expect((role["practitioner"] as? [String: Any])?["reference"] as? String == "Practitioner/810000000017")
            let orgRef = try #require((role["organization"] as? [String: Any])?["reference"] as? String)

            // The structure index is built in the background: retry until it is ready.
            var o = try await call("\(base)/fhir/\(orgRef)")
            for _ in 0..<50 where o.status == 503 {
                try await Task.sleep(for: .milliseconds(100))
                o = try await call("\(base)/fhir/\(orgRef)")
            }
            #expect(o.status == 200)
            #expect(try o.object()["resourceType"] as? String == "Organization")
        }
    }

    @Test func errorsAreOperationOutcomes() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            for (path, status) in [
                ("/fhir/Practitioner/819999999998", 404), ("/fhir/Practitioner/12", 400), ("/fhir/PractitionerRole/810000000017-9", 404),
                ("/fhir/PractitionerRole/810000000017", 400), ("/fhir/Nope/1", 404), ("/fhir/Practitioner?qualification-code=SM26", 501),
                ("/fhir/Practitioner?family=d", 400),
                ("/fhir/Practitioner?bogus=1", 400), ("/fhir/Practitioner", 400), ("/fhir/Practitioner?identifier=12", 400),
                ("/fhir/Practitioner?identifier=810000000017&_count=x", 400), ("/fhir/Organization?name=x", 501),
                ("/fhir/PractitionerRole?role=x", 501),
            ] {
                let answer = try await call(base + path)
                #expect(answer.status == status, "\(path): \(answer.text)")
                #expect(answer.header("Content-Type") == "application/fhir+json; charset=utf-8", "\(path)")
                let o = try answer.object()
                #expect(o["resourceType"] as? String == "OperationOutcome", "\(path)")
                let issue = try #require((o["issue"] as? [[String: Any]])?.first)
                #expect((issue["diagnostics"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func practitionersAreFoundByNameThroughTheSearchIndex() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            for query in ["family=DURAND", "name=elodie%20durand", "family=dur&given=%C3%A9lo", "family=durand&identifier=810000000017"] {
                let answer = try await call("\(base)/fhir/Practitioner?\(query)&_revinclude=PractitionerRole:practitioner")
                #expect(answer.status == 200, "\(query): \(answer.text)")
                let bundle = try answer.object()
                #expect(bundle["total"] as? Int == 1, "\(query)")
                let entries = try #require(bundle["entry"] as? [[String: Any]])
                let resources = entries.compactMap { $0["resource"] as? [String: Any] }
                #expect(resources.first?["id"] as? String == "810000000017", "\(query)")
                #expect(resources.dropFirst().allSatisfy { $0["resourceType"] as? String == "PractitionerRole" }, "\(query)")
                #expect(resources.count > 1, "\(query): the roles are included")
            }
            let none = try await call("\(base)/fhir/Practitioner?family=durand&given=zoe").object()
            #expect(none["total"] as? Int == 0)
        }
    }

    @Test func searchByIdentifierPagesWithNoEntryMissed() async throws {
        let dir = try fixtureSnapshot()
        let snapshot = try Snapshot(path: dir.snapshot)
        let all = try (0..<snapshot.count).map { try snapshot.key(at: $0).nationalID }
        try await withServer(snapshot: dir.snapshot) { base, _ in
            var url: String? = "\(base)/fhir/Practitioner?identifier=\(all.joined(separator: ","))&_count=2"
            var seen: [String] = []
            var pages = 0
            while let next = url {
                let answer = try await call(next)
                #expect(answer.status == 200, "\(answer.text)")
                let bundle = try answer.object()
                #expect(bundle["type"] as? String == "searchset")
                #expect(bundle["total"] as? Int == all.count)
                let entries = bundle["entry"] as? [[String: Any]] ?? []
                #expect(entries.count <= 2)
                seen += entries.compactMap { ($0["resource"] as? [String: Any])?["id"] as? String }
                url = (bundle["link"] as? [[String: Any]])?.first { $0["relation"] as? String == "next" }?["url"] as? String
                pages += 1
                if pages > all.count + 1 { break }
            }
            #expect(seen == all)
            let withSystem = try await call(
                "\(base)/fhir/Practitioner?identifier=https://rpps.esante.gouv.fr%7C10000000017&_revinclude=PractitionerRole:practitioner")
            let bundle = try withSystem.object()
            #expect(bundle["total"] as? Int == 1)
            let modes = (bundle["entry"] as? [[String: Any]] ?? []).compactMap { ($0["search"] as? [String: Any])?["mode"] as? String }
            #expect(modes.first == "match" && modes.dropFirst().allSatisfy { $0 == "include" } && modes.count > 1)
            let roles = try await call(
                "\(base)/fhir/PractitionerRole?practitioner=Practitioner/810000000017&_include=PractitionerRole:practitioner")
            #expect(try roles.object()["total"] as? Int ?? 0 >= 1)
        }
    }
}
