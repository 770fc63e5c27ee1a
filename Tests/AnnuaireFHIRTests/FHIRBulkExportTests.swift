import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireFHIR

/// The resources of one NDJSON file, each line parsed by Foundation (what a bulk client reads).
private func resources(_ path: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.isEmpty || text.hasSuffix("\n"))
    return try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line.prefix(120))")
    }
}

private func reference(_ value: Any?) -> String? { (value as? [String: Any])?["reference"] as? String }

@Suite struct FHIRBulkExportTests {
    /// One synthesised snapshot (scale 0.002, every family) for the whole suite: built once, read only.
    nonisolated(unsafe) private static let built = Result { () throws -> (TemporaryDirectory, Snapshot) in
        let dir = TemporaryDirectory()
        let files = synthesisedNight(in: dir)
        _ = try SnapshotBuilder().ingest(files, into: dir.snapshot)
        return (dir, try Snapshot(path: dir.snapshot))
    }
    /// Where each test writes its export.
    let dir = TemporaryDirectory()
    let snapshot: Snapshot

    init() throws { snapshot = try Self.built.get().1 }

    @Test func everyLineIsAResourceAndEveryReferenceResolves() throws {
        let out = dir.path + "/fhir"
        let counts = try FHIRBulkExport.write(snapshot, into: out)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == FHIRBulkExport.fileNames.sorted())
        let practitioners = try resources(out + "/Practitioner.ndjson")
        let roles = try resources(out + "/PractitionerRole.ndjson")
        let organizations = try resources(out + "/Organization.ndjson")
        #expect(practitioners.count == snapshot.count)
        #expect(counts == .init(practitioners: practitioners.count, roles: roles.count, organizations: organizations.count))
        #expect(roles.count >= practitioners.count / 2 && organizations.count > 10)
        for (type, list) in [("Practitioner", practitioners), ("PractitionerRole", roles), ("Organization", organizations)] {
            #expect(list.allSatisfy { $0["resourceType"] as? String == type }, "\(type)")
            let ids = list.compactMap { $0["id"] as? String }
            #expect(ids.count == list.count && Set(ids).count == ids.count, "\(type) ids are present and unique")
        }
        // Identifier systems: IDNPS on every Practitioner, the guide's systems on Organizations.
        for p in practitioners {
            let systems = (p["identifier"] as? [[String: Any]] ?? []).compactMap { $0["system"] as? String }
            #expect(systems.contains(FHIRSystems.idnps))
        }
        let known = Set([FHIRSystems.idnst, FHIRSystems.finess, FHIRSystems.rppsRang, FHIRSystems.siret])
        for o in organizations {
            let systems = (o["identifier"] as? [[String: Any]] ?? []).compactMap { $0["system"] as? String }
            #expect(!systems.isEmpty && systems.allSatisfy(known.contains))
        }
        // References: a role's practitioner and organization are in the export; every Organization is used.
        let practitionerIDs = Set(practitioners.compactMap { $0["id"] as? String })
        let organizationIDs = Set(organizations.compactMap { $0["id"] as? String })
        var used = Set<String>()
        for role in roles {
            let who = try #require(reference(role["practitioner"]))
            #expect(who.hasPrefix("Practitioner/") && practitionerIDs.contains(String(who.dropFirst("Practitioner/".count))))
            if let org = reference(role["organization"]) {
                #expect(org.hasPrefix("Organization/"))
                let id = String(org.dropFirst("Organization/".count))
                #expect(organizationIDs.contains(id), "\(role["id"] ?? "") points at \(org), absent from the export")
                used.insert(id)
            }
        }
        #expect(used == organizationIDs)
    }

    @Test func linesAreTheServersResources() throws {
        let out = dir.path + "/same"
        try FHIRBulkExport.write(snapshot, into: out)
        var expected: [String] = []
        var roles: [String] = []
        try snapshot.forEachPractitioner { record in
            let p = try #require(try snapshot.practitioner(record.key))
            expected.append(FHIRResources.practitioner(p).serialized())
            roles += FHIRResources.roles(p).map { $0.serialized() }
        }
        let text = { (name: String) in try String(contentsOfFile: out + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        #expect(try text("Practitioner.ndjson") == expected)
        #expect(try text("PractitionerRole.ndjson") == roles)
    }

    @Test func familyNarrowsTheOrganizationsToo() throws {
        let out = dir.path + "/mss"
        let all = try FHIRBulkExport.write(snapshot, into: dir.path + "/all")
        let some = try FHIRBulkExport.write(snapshot, into: out, family: .mssante)
        #expect(some.practitioners > 0 && some.practitioners < all.practitioners)
        #expect(some.organizations <= all.organizations)
        let organizationIDs = Set(try resources(out + "/Organization.ndjson").compactMap { $0["id"] as? String })
        for role in try resources(out + "/PractitionerRole.ndjson") {
            if let org = reference(role["organization"]) { #expect(organizationIDs.contains(String(org.dropFirst("Organization/".count)))) }
        }
    }
}
