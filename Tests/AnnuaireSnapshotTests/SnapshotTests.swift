import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

@Suite struct SnapshotTests {
    let dir = TemporaryDirectory()

    @Test func joinsTheFiveFamiliesPerPractitioner() throws {
        let summary = try ingest(fixtureFiles, into: dir.snapshot)
        #expect(summary.provenance.practitioners == 5)
        #expect(summary.provenance.rows == 6 + 1 + 2 + 2 + 1)
        #expect(summary.provenance.organisationMailboxes == 1)
        #expect(summary.provenance.inputs.map(\.family) == [.personneActivite, .savoirFaire, .diplomes, .cartes, .mssante])
        let snapshot = try Snapshot(path: dir.snapshot)
        try snapshot.verify()
        let durand = try #require(try snapshot.practitioner(PractitionerKey(lookup: rpps(1))))
        #expect(durand.identity["nomExercice"] == "DURAND")
        #expect(durand.identity["prenomExercice"] == "Élodie")
        #expect(durand.activities.count == 2)
        #expect(durand.activities[0].structure?["complementDestinataire"] == "DIT \"LE VIEUX MOULIN\"")
        #expect(durand.activities[0].fields["autoriteEnregistrement"] == "CNOM/CNOM/CNOM")
        let hospital = try #require(durand.activities[1].structure)
        #expect(hospital["raisonSocialeSite"] == "CENTRE HOSPITALIER  DE BELLEY")
        #expect(durand.activities[1].organisationMailboxes.map { $0["adresseBAL"] } == ["secretariat@ch-belley.mssante.fr"])
        #expect(durand.savoirFaire.count == 1)
        #expect(durand.diplomas.first?["libelleDiplomeObtenu"] == "Diplôme d'État de docteur en médecine")
        #expect(durand.cards.first?["numeroCarte"] == "0001234567")
        #expect(durand.mailboxes.first?["adresseBAL"] == "elodie.durand@medecin.mssante.fr")

        let corsica = try #require(try snapshot.practitioner(PractitionerKey(lookup: "02A0000014")))
        #expect(corsica.identity["nomExercice"] == "Casanova")
        #expect(try snapshot.practitioner(PractitionerKey(lookup: rpps(99))) == nil)
    }

    /// The issue's acceptance check: the real 2021 rows plus the other families.
    @Test(needsSharedSamples) func everyRealSamplePractitionerIsFoundWithEveryField() throws {
        try ingest([realSample] + fixtureFiles.dropFirst(), into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        var checked = 0
        _ = try ExtractionReader.read(realSample) { record in
            let adeli = record.string(PersonneActiviteColumn.identifiantPP)
            let national = record.string(PersonneActiviteColumn.identificationNationalePP)
            let byADELI = try #require(try snapshot.practitioner(PractitionerKey(lookup: adeli)))
            let byNational = try #require(try snapshot.practitioner(PractitionerKey(lookup: national)))
            #expect(byADELI.key == byNational.key)
            // Every non-empty field of the row is somewhere in the practitioner's answer.
            var shown = byADELI.identity.fields.map(\.value)
            for a in byADELI.activities { shown += a.fields.fields.map(\.value) + (a.structure?.fields.map(\.value) ?? []) }
            shown += [byADELI.key.typeCode.description, byADELI.key.identifier, byADELI.key.nationalID]
            for column in 0..<52 {
                let value = record.string(known: column)
                if !value.isEmpty { #expect(shown.contains(value), "\(adeli): \(PersonneActiviteColumn.labels[column]) = \(value)") }
            }
            checked += 1
        }
        #expect(checked == 21)
    }

    @Test(needsSharedSamples) func repeatedStructuresAreStoredOnce() throws {
        let summary = try ingest([realSample], into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        // The distinct structures of the sample's rows, read by brute force.
        var structures = Set<String>()
        _ = try ExtractionReader.read(realSample) { record in
            let text = RowLayout.structureColumns.map { record.string(known: $0) }.joined(separator: "|")
            if text.contains(where: { $0 != "|" }) { structures.insert(text) }
        }
        #expect(summary.provenance.structures == structures.count)
        // Rows with the same structure share its id: as many ids as structures.
        var ids = Set<Int>()
        try snapshot.forEachPractitioner { record in for row in record.rows { if let id = row.structureID { ids.insert(id) } } }
        #expect(ids.count == structures.count)
    }

    @Test func damagedSnapshotsAreRefusedClearly() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        let good = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        func damaged(_ change: (inout Data) -> Void) -> String {
            var bytes = good
            change(&bytes)
            let path = dir.path + "/damaged-\(UUID().uuidString).annuaire"
            FileManager.default.createFile(atPath: path, contents: bytes)
            return path
        }
        let magic = damaged { $0[0] ^= 0xFF }
        #expect(snapshotError { _ = try Snapshot(path: magic) } == .notASnapshot(path: magic))
        let version = damaged { $0[8] = 99 }
        #expect(snapshotError { _ = try Snapshot(path: version) } == .unsupportedVersion(path: version, version: 99, supported: 3))
        // A snapshot of format 2 says it must be ingested again (it is only read as a base).
        let legacy = fixtures + "/format-2/fixtures.annuaire"
        #expect(snapshotError { _ = try Snapshot(path: legacy) } == .needsReingest(path: legacy, version: 2))
        for offset in [12, 16, 24, 40, 48, 100, 4000] {
            let header = damaged { $0[offset] ^= 0x01 }
            #expect(snapshotError { _ = try Snapshot(path: header) } == .headerChecksum(path: header), "offset \(offset)")
        }
        let truncated = damaged { $0.removeLast(10) }
        #expect(
            snapshotError { _ = try Snapshot(path: truncated) }
                == .truncated(path: truncated, expected: Int64(good.count), actual: Int64(good.count - 10)))
        let short = damaged { $0.removeLast($0.count - 100) }
        #expect(snapshotError { _ = try Snapshot(path: short) } == .truncated(path: short, expected: 4096, actual: 100))
        // A flipped byte in the provenance (parsed on open) is refused on open.
        let provenanceEnd = good.withUnsafeBytes { header in
            let sections = (0..<Int(header.le(32, as: UInt32.self))).map { 40 + 32 * $0 }
            let at = sections.first { header.le($0, as: UInt32.self) == SnapshotFormat.Section.provenance.rawValue }!
            return Int(header.le(at + 8, as: UInt64.self) + header.le(at + 16, as: UInt64.self))
        }
        let provenance = damaged { $0[provenanceEnd - 20] ^= 0x80 }
        guard case .corrupt = snapshotError({ _ = try Snapshot(path: provenance) }) else {
            Issue.record("a damaged provenance was not refused")
            return
        }
        // A flipped byte in the records: opening is O(1) and does not see it; verify does.
        let body = damaged { $0[4096 + 3] ^= 0x01 }
        let opened = try Snapshot(path: body)
        guard case .sectionChecksum = snapshotError({ try opened.verify() }) else {
            Issue.record("verify did not catch a flipped byte")
            return
        }
        #expect(snapshotError { _ = try Snapshot(path: dir.path + "/none") } == .notFound(path: dir.path + "/none"))
    }

    @Test func replacingTheSnapshotLeavesOpenReadersAnsweringAndNoTemporaryFiles() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        let old = try Snapshot(path: dir.snapshot)
        let synthesised = dir.write(
            "synth/PS_LibreAcces_Personne_activite_202611230315.txt", Synthesizer.text(family: .personneActivite, scale: 0.001))
        try ingest([synthesised], into: dir.snapshot)
        let new = try Snapshot(path: dir.snapshot)
        #expect(try old.practitioner(PractitionerKey(lookup: rpps(1)))?.identity["nomExercice"] == "DURAND")
        #expect(try new.practitioner(PractitionerKey(lookup: rpps(1))) == nil)
        #expect(new.count > 100 && new.count != old.count)
        #expect(try new.practitioner(new.key(at: 0)) != nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "current.annuaire" && $0 != "synth" }
        #expect(leftovers.isEmpty)
    }

    @Test func aFailedIngestLeavesThePreviousSnapshotIntact() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        let bad = dir.path + "/truncated.txt.gz"
        let gz = try Data(contentsOf: URL(fileURLWithPath: "\(fixtures)/PS_LibreAcces_Personne_activite_\(stamp).txt.gz"))
        FileManager.default.createFile(atPath: bad, contents: gz.prefix(gz.count / 2))
        #expect(throws: ExtractionError.self) { try ingest([fixtureFiles[1], bad], into: dir.snapshot) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["current.annuaire", "truncated.txt.gz"])
    }

    @Test func forEachPractitionerVisitsAllInKeyOrder() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        var keys: [PractitionerKey] = []
        try snapshot.forEachPractitioner { keys.append($0.key) }
        #expect(keys.count == 5)
        #expect(keys == keys.sorted())
        #expect(try (0..<snapshot.count).map(snapshot.key(at:)) == keys)
    }
}

@Suite struct BadInputIngestTests {
    let dir = TemporaryDirectory()

    func file(_ name: String, _ lines: [String]) -> String {
        let path = dir.path + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(lines.joined(separator: "\n").utf8))
        return path
    }

    func row(_ id: String, _ name: String) -> String {
        var v = Array(repeating: "", count: 13)
        (v[0], v[1], v[2], v[3]) = ("8", id, "8" + id, name)
        return v.joined(separator: "|") + "|"
    }

    @Test func duplicatedRowsAreStoredOnceAndCounted() throws {
        let header = SavoirFaireColumn.labels.joined(separator: "|") + "|"
        let path = file("PS_LibreAcces_SavoirFaire_202611220315.txt", [header, row(rpps(1), "A"), row(rpps(1), "A"), row(rpps(1), "B")])
        let summary = try ingest([path], into: dir.snapshot)
        #expect(summary.provenance.duplicateRows == 1)
        #expect(summary.provenance.rows == 2)
        #expect(try Snapshot(path: dir.snapshot).practitioner(PractitionerKey(lookup: rpps(1)))?.savoirFaire.count == 2)
    }

    @Test func aPractitionerSplitAcrossNonContiguousRowsIsJoined() throws {
        let header = SavoirFaireColumn.labels.joined(separator: "|") + "|"
        let path = file(
            "PS_LibreAcces_SavoirFaire_202611220315.txt",
            [header, row(rpps(2), "X"), row(rpps(1), "A"), row(rpps(3), "Y"), row(rpps(1), "B"), row(rpps(2), "Z")])
        try ingest([path], into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        #expect(snapshot.count == 3)
        let one = try #require(try snapshot.practitioner(PractitionerKey(lookup: rpps(1))))
        #expect(one.savoirFaire.map { $0["nomExercice"] } == ["A", "B"])  // in file order
        #expect(try snapshot.practitioner(PractitionerKey(lookup: rpps(2)))?.savoirFaire.map { $0["nomExercice"] } == ["X", "Z"])
    }

    @Test func binaryGarbageIsRefusedAndTheSnapshotKept() throws {
        try ingest([fixtureFiles[1]], into: dir.snapshot)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        var rng = SystemRandomNumberGenerator()
        let garbage = dir.path + "/garbage_202611220315.txt"
        FileManager.default.createFile(
            atPath: garbage, contents: Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) | 1 }))
        #expect(throws: ExtractionError.self) { try ingest([garbage], into: dir.snapshot) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)) == before)
    }
}
