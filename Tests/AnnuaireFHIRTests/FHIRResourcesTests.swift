import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import TestSupport
import Testing

@testable import AnnuaireFHIR

private let fixtureFiles = [
    "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc",
    "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante",
].map { "\(fixtures)/\($0)_\(fixtureStamp).txt" }

/// A resource as Foundation reads its JSON text (what a client sees).
private func parsed(_ value: JSONValue) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(value.serialized().utf8)) as? [String: Any])
}

private func codings(_ concept: Any?) -> [[String: Any]] { (concept as? [String: Any])?["coding"] as? [[String: Any]] ?? [] }

/// Checks a practitioner's three kinds of resources against `spec/fhir.md`.
private func checkStructure(_ p: Practitioner) throws {
    let r = try parsed(FHIRResources.practitioner(p))
    #expect(r["resourceType"] as? String == "Practitioner")
    #expect(r["id"] as? String == p.key.nationalID)
    let meta = try #require(r["meta"] as? [String: Any])
    #expect(meta["profile"] as? [String] == [FHIRSystems.practitionerProfile])
    #expect(meta["source"] as? String == "https://annuaire.sante.fr")
    #expect(r["language"] as? String == "fr")
    // Forbidden by the public profile.
    for forbidden in ["address", "gender", "birthDate"] { #expect(r[forbidden] == nil) }
    // Identifiers: IDNPS always, RPPS for type 8, with the guide's systems and type codes.
    let identifiers = try #require(r["identifier"] as? [[String: Any]])
    let idnps = try #require(identifiers.first { $0["system"] as? String == "urn:oid:1.2.250.1.71.4.2.1" })
    #expect(idnps["value"] as? String == p.key.nationalID)
    #expect(codings(idnps["type"]).first?["code"] as? String == "IDNPS")
    #expect(codings(idnps["type"]).first?["system"] as? String == "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203")
    let rpps = identifiers.first { $0["system"] as? String == "https://rpps.esante.gouv.fr" }
    if p.key.typeCode == 8 {
        #expect(rpps?["value"] as? String == p.key.identifier)
        #expect(codings(rpps?["type"]).first?["code"] as? String == "RPPS")
    } else {
        #expect(rpps == nil)
    }
    // Name.
    let name = try #require((r["name"] as? [[String: Any]])?.first)
    #expect(name["use"] as? String == "usual")
    #expect(name["family"] as? String == (p.identity["nomExercice"].isEmpty ? nil : p.identity["nomExercice"]))
    #expect(name["given"] as? [String] == (p.identity["prenomExercice"].isEmpty ? nil : [p.identity["prenomExercice"]]))
    let prefixes = [p.identity["codeCivilite"], p.identity["codeCiviliteExercice"]].filter { !$0.isEmpty }
    #expect((name["prefix"] as? [String] ?? []) == prefixes)
    // Qualifications: the profession (with its category), each savoir-faire, each diploma.
    let qualifications = r["qualification"] as? [[String: Any]] ?? []
    let allCodings = qualifications.flatMap { codings($0["code"]) }
    if !p.identity["codeProfession"].isEmpty {
        let profession = try #require(allCodings.first { $0["system"] as? String == FHIRSystems.profession })
        #expect(profession["code"] as? String == p.identity["codeProfession"])
        #expect(profession["display"] as? String == p.identity["libelleProfession"])
    }
    if !p.identity["codeCategorieProfessionnelle"].isEmpty {
        #expect(
            allCodings.contains {
                $0["system"] as? String == FHIRSystems.category && $0["code"] as? String == p.identity["codeCategorieProfessionnelle"]
            })
    }
    for sf in [p.identity] + p.savoirFaire where !sf["codeSavoirFaire"].isEmpty {
        #expect(
            allCodings.contains { $0["code"] as? String == sf["codeSavoirFaire"] && $0["display"] as? String == sf["libelleSavoirFaire"] })
    }
    for d in p.diplomas where !d["codeDiplomeObtenu"].isEmpty {
        #expect(allCodings.contains { $0["system"] as? String == FHIRSystems.diploma && $0["code"] as? String == d["codeDiplomeObtenu"] })
    }
    // Every coding has a code, and a display when the file has a label.
    for c in allCodings { #expect((c["code"] as? String)?.isEmpty == false) }
    // Telecom: each PER mailbox, as an email with the MSSanté type.
    let telecom = r["telecom"] as? [[String: Any]] ?? []
    #expect(telecom.compactMap { $0["value"] as? String } == p.mailboxes.map { $0["adresseBAL"] }.filter { !$0.isEmpty })
    for t in telecom {
        #expect(t["system"] as? String == "email")
        let ext = (t["extension"] as? [[String: Any]])?.first
        #expect((ext?["valueCoding"] as? [String: Any])?["code"] as? String == "MSSANTE")
    }
    // Cards: one smartcard extension each.
    let cards = (r["extension"] as? [[String: Any]] ?? []).filter { $0["url"] as? String == FHIRSystems.smartcardExtension }
    #expect(cards.count == p.cards.count)
    // Roles and their references; organizations with their identifiers.
    let roles = try FHIRResources.roles(p).map(parsed)
    #expect(roles.count == p.activities.count)
    let organizations = try FHIRResources.organizations(p).map(parsed)
    let orgIDs = Set(organizations.compactMap { $0["id"] as? String })
    for (i, role) in roles.enumerated() {
        #expect(role["resourceType"] as? String == "PractitionerRole")
        #expect(role["id"] as? String == "\(p.key.nationalID)-\(i + 1)")
        #expect((role["practitioner"] as? [String: Any])?["reference"] as? String == "Practitioner/\(p.key.nationalID)")
        #expect(role["active"] as? Bool == true)
        let a = p.activities[i]
        if let s = a.structure, !s["identifiantTechniqueStructure"].isEmpty {
            let ref = (role["organization"] as? [String: Any])?["reference"] as? String
            #expect(ref == "Organization/\(s["identifiantTechniqueStructure"])")
            #expect(orgIDs.contains(s["identifiantTechniqueStructure"]))
        } else {
            #expect(role["organization"] == nil)
        }
        let roleCodings = (role["code"] as? [Any] ?? []).flatMap(codings)
        if !a.fields["codeModeExercice"].isEmpty {
            #expect(
                roleCodings.contains {
                    $0["system"] as? String == FHIRSystems.modeExercice && $0["code"] as? String == a.fields["codeModeExercice"]
                })
        }
        if !a.fields["codeGenreActivite"].isEmpty {
            #expect(
                roleCodings.contains {
                    $0["system"] as? String == FHIRSystems.genreActivite && $0["code"] as? String == a.fields["codeGenreActivite"]
                })
        }
    }
    for (org, a) in zip(organizations, p.activities.filter { $0.structure.flatMap(FHIRResources.organizationID) != nil }) {
        let s = a.structure!
        #expect(org["resourceType"] as? String == "Organization")
        let ids = org["identifier"] as? [[String: Any]] ?? []
        #expect(
            ids.contains { $0["system"] as? String == FHIRSystems.rppsRang && $0["value"] as? String == s["identifiantTechniqueStructure"] }
        )
        if !s["numeroFinessSite"].isEmpty {
            #expect(ids.contains { $0["system"] as? String == FHIRSystems.finess && $0["value"] as? String == s["numeroFinessSite"] })
        }
        if !s["numeroSiretSite"].isEmpty {
            #expect(ids.contains { $0["system"] as? String == FHIRSystems.siret && $0["value"] as? String == s["numeroSiretSite"] })
        }
        #expect(org["name"] as? String == (s["raisonSocialeSite"].isEmpty ? nil : s["raisonSocialeSite"]))
        if let address = (org["address"] as? [[String: Any]])?.first {
            #expect(address["postalCode"] as? String == (s["codePostal"].isEmpty ? nil : s["codePostal"]))
            #expect(address["city"] as? String == (s["libelleCommune"].isEmpty ? nil : s["libelleCommune"]))
        }
    }
}

@Suite struct FHIRResourcesTests {
    @Test(needsSharedSamples) func everyPractitionerOfTheRealSampleMapsToTheSpecsResources() throws {
        let dir = TemporaryDirectory()
        _ = try SnapshotBuilder().ingest([realSample], into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        #expect(snapshot.count > 0)
        for i in 0..<snapshot.count {
            let p = try #require(try snapshot.practitioner(try snapshot.key(at: i)))
            try checkStructure(p)
        }
    }

    @Test func theFixturesMapToTheSpecsResources() throws {
        let dir = TemporaryDirectory()
        _ = try SnapshotBuilder().ingest(fixtureFiles, into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        for i in 0..<snapshot.count { try checkStructure(try #require(try snapshot.practitioner(try snapshot.key(at: i)))) }
    }

    @Test func aPractitionerWithEverythingHasEachPart() throws {
        let dir = TemporaryDirectory()
        _ = try SnapshotBuilder().ingest(fixtureFiles, into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        let p = try #require(try snapshot.practitioner(try PractitionerKey(lookup: "810000000017")))
        let text = FHIRResources.practitioner(p).serialized()
        #expect(text.contains(#""prefix":["MME","DR"]"#))
        #expect(text.contains("elodie.durand@medecin.mssante.fr"))
        #expect(text.contains(#""code":"SM54","display":"Médecine générale""#))
        let org = try #require(FHIRResources.organizations(p).first).serialized()
        #expect(org.contains(#""line":["DIT \"LE VIEUX MOULIN\"","12 R Rue DE LA RÉPUBLIQUE"]"#) || org.contains("DE LA RÉPUBLIQUE"))
        #expect(org.contains(#""postalCode":"01300""#))
        #expect(org.contains(FHIRSystems.inseeCodeExtension))
    }

    @Test func cardDatesBecomeFHIRDates() {
        #expect(FHIRResources.fhirDate("31/01/2027") == "2027-01-31")
        #expect(FHIRResources.fhirDate("2027-01-31") == nil)
        #expect(FHIRResources.fhirDate("") == nil)
    }
}
