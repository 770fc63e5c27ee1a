import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import TestSupport
import Testing

@testable import AnnuaireFHIR

@Suite struct FHIRSearchTests {
    let dir = TemporaryDirectory()
    let snapshot: Snapshot
    let search: FHIRSearch

    init() throws {
        let files = [
            "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc", "Porteurs_CPS_CPF",
            "Extraction_Correspondance_MSSante",
        ].map { "\(fixtures)/\($0)_\(fixtureStamp).txt" }
        _ = try SnapshotBuilder().ingest(files, into: dir.snapshot)
        snapshot = try Snapshot(path: dir.snapshot)
        search = FHIRSearch(snapshot: snapshot, structures: try StructureIndex(snapshot))
    }

    @Test func identifiersWithOrWithoutASystem() throws {
        for value in ["810000000017", "10000000017", "urn:oid:1.2.250.1.71.4.2.1|810000000017", "https://rpps.esante.gouv.fr|10000000017"] {
            let bundle = try search.practitioners([("identifier", value)])
            #expect(bundle.total == 1, "\(value)")
            #expect(bundle.entries.first?.path == "Practitioner/810000000017")
        }
        #expect(try search.practitioners([("identifier", "http://other|810000000017")]).total == 0)
        #expect(try search.practitioners([("identifier", "19999999998")]).total == 0)
        #expect(throws: FHIRSearch.Failure.self) { try search.practitioners([("identifier", "19999999999")]) }
        #expect(throws: FHIRSearch.Failure.self) { try search.practitioners([("identifier", "https://rpps.esante.gouv.fr|810000000017")]) }
    }

    @Test func rolesAtAnOrganizationPageWithNoEntryMissed() throws {
        // Every structure of the fixtures: the roles found by organization are exactly the
        // activities there, over pages of one.
        var expected: [String: [String]] = [:]
        try snapshot.forEachPractitioner { record in
            let p = try #require(try snapshot.practitioner(record.key))
            for (i, a) in p.activities.enumerated() {
                if let s = a.structure, let id = FHIRResources.organizationID(s) {
                    expected[id, default: []].append(FHIRResources.roleID(p.key, rank: i + 1))
                }
            }
        }
        #expect(!expected.isEmpty)
        for (org, roles) in expected {
            var seen: [String] = []
            var offset = 0
            while true {
                let bundle = try search.roles([
                    ("organization", "Organization/" + org), ("_count", "1"), ("_getpagesoffset", String(offset)),
                ])
                #expect(bundle.total == roles.count)
                seen += bundle.entries.filter { !$0.included }.map { String($0.path.dropFirst("PractitionerRole/".count)) }
                guard let next = bundle.nextOffset else { break }
                offset = next
            }
            #expect(seen.sorted() == roles.sorted(), "\(org)")
            let (activity, _) = try search.organization(org, withRoles: false)
            #expect(activity != nil)
            let orgs = try search.organizations([("identifier", org), ("_revinclude", "PractitionerRole:organization")])
            #expect(orgs.total == 1)
            #expect(orgs.entries.filter(\.included).count == roles.count)
        }
    }

    @Test func withoutTheStructureIndexOrganizationSearchesAreUnavailable() {
        let bare = FHIRSearch(snapshot: snapshot, structures: nil)
        #expect(throws: FHIRSearch.Failure.self) { try bare.roles([("organization", "x")]) }
        #expect(throws: FHIRSearch.Failure.self) { try bare.organization("x", withRoles: false) }
    }
}
