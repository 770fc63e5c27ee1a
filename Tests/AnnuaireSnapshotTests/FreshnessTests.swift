import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

@Suite struct FreshnessTests {
    let dir = TemporaryDirectory()
    let policy = FreshnessPolicy.standard
    let e = ExtractTime(parisYear: 2026, month: 11, day: 22, hour: 3, minute: 15)!
    let hour: Int64 = 3600

    /// A personne-activite file for the night `stamp`, one row per (identifier type, identifier,
    /// authority, FINESS site).
    func night(_ stamp: String, _ rows: [(String, String, String, String)], name: String? = nil) -> String {
        let header = PersonneActiviteColumn.labels.joined(separator: "|") + "|"
        let lines = rows.map { type, id, authority, finess in
            var v = Array(repeating: "", count: 56)
            v[0] = type
            v[1] = id
            v[2] = type + id
            v[7] = "NOM"
            v[PersonneActiviteColumn.autoriteEnregistrement.rawValue] = authority
            v[PersonneActiviteColumn.numeroFinessSite.rawValue] = finess
            if !finess.isEmpty { v[PersonneActiviteColumn.raisonSocialeSite.rawValue] = "HÔPITAL" }
            return v.joined(separator: "|") + "|"
        }
        let path = dir.path + "/" + (name ?? "PS_LibreAcces_Personne_activite_\(stamp).txt")
        FileManager.default.createFile(atPath: path, contents: Data(([header] + lines).joined(separator: "\n").utf8))
        return path
    }

    func practitioner(_ snapshot: Snapshot, _ id: String) throws -> Practitioner {
        try #require(try snapshot.practitioner(PractitionerKey(lookup: id)))
    }

    @Test func anRPPSPhysicianIsFreshForADayAndAnADELIProfessionalForAWeek() throws {
        try ingest([night("202611220315", [("8", rpps(1), "CNOM/CNOM/CNOM", ""), ("0", "010001949", "ARS//", "")])], into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        let physician = try practitioner(snapshot, rpps(1))
        #expect(physician.identity.source == .ordres)
        #expect(physician.activities[0].fields.source == .ordres)
        #expect(physician.identity.verdict(policy, now: e + 20 * hour)?.isFresh == true)
        #expect(physician.identity.verdict(policy, now: e + 48 * hour) == .stale(expired: e + 36 * hour, overdueSeconds: 12 * hour))
        let adeli = try practitioner(snapshot, "010001949")
        #expect(adeli.identity.source == .ars)
        #expect(adeli.identity.verdict(policy, now: e + 5 * 24 * hour)?.isFresh == true)
        #expect(adeli.identity.verdict(policy, now: e + 8 * 24 * hour)?.isFresh == false)
    }

    @Test func attributionFollowsTheTableAndFINESSWins() {
        let finess = Attribution.personneActivite(
            authority: "ARS/ARS/ARS", registerType: "0", finessSite: "010010288", technicalIdentifier: "F010010288", hasStructure: true)
        #expect(finess.structure == .finess)
        #expect(finess.identity == .ars)
        for authority in ["ARS/CPAM/CPAM", "ARS/Variable/Variable"] {
            let parts = Attribution.personneActivite(
                authority: authority, registerType: "0", finessSite: "", technicalIdentifier: "C123", hasStructure: true)
            #expect(parts.activity == .cpx)
            #expect(parts.structure == .cpx)
        }
        #expect(
            Attribution.personneActivite(authority: "", registerType: "8", finessSite: "", technicalIdentifier: "", hasStructure: false)
                .identity == .ordres)
        #expect(
            Attribution.personneActivite(
                authority: "SSA/SSA/SSA", registerType: "8", finessSite: "", technicalIdentifier: "", hasStructure: false
            ).activity == .ssa)
        #expect(
            Attribution.personneActivite(
                authority: "ARS-IDF//", registerType: "0", finessSite: "", technicalIdentifier: "", hasStructure: false
            ).identity == .ars)
        #expect(
            Attribution.personneActivite(
                authority: "CNOXYZ/CNOM/", registerType: "8", finessSite: "", technicalIdentifier: "", hasStructure: false
            ).identity == .unknown)
    }

    @Test func aStructureWithAFINESSNumberIsAttributedToFINESSInTheSnapshot() throws {
        try ingest([night("202611220315", [("0", "010001949", "ARS/ARS/ARS", "010010288")])], into: dir.snapshot)
        let p = try practitioner(try Snapshot(path: dir.snapshot), "010001949")
        #expect(p.activities[0].structure?.source == .finess)
        #expect(p.activities[0].fields.source == .ars)
    }

    @Test func absentFamiliesAreCarriedOverAndTurnStaleOnTheirOwnClock() throws {
        // Night 1: every family. Night 2: only personne-activite.
        try ingest(fixtureFiles, into: dir.snapshot)
        let first = try Snapshot(path: dir.snapshot)
        let next = dir.path + "/PS_LibreAcces_Personne_activite_202611230315.txt"
        try FileManager.default.copyItem(atPath: fixtureFiles[0], toPath: next)
        let summary = try SnapshotBuilder().ingest([next], into: dir.snapshot, base: first)
        #expect(Set(summary.provenance.inputs.filter(\.carriedOver).map(\.family)) == [.savoirFaire, .diplomes, .cartes, .mssante])
        let snapshot = try Snapshot(path: dir.snapshot)
        #expect(snapshot.extractTimes[.personneActivite] == e + 24 * hour)
        #expect(snapshot.extractTimes[.cartes] == e)
        let durand = try practitioner(snapshot, rpps(1))
        #expect(durand.cards.count == 1)
        #expect(durand.mailboxes.count == 1)
        #expect(durand.activities[1].organisationMailboxes.count == 1)
        #expect(durand.diplomas.count == 1)
        // On the second day, 20 h after the new personne-activite file: that is fresh, the cards
        // and mailboxes (one day + grace after their own extract time) are not.
        let now = e + 44 * hour
        #expect(durand.identity.verdict(policy, now: now)?.isFresh == true)
        #expect(durand.cards[0].verdict(policy, now: now)?.isFresh == false)
        #expect(durand.mailboxes[0].verdict(policy, now: now)?.isFresh == false)
        let usage = snapshot.provenance.usage
        #expect(usage.contains { $0.source == .mssante && $0.family == .mssante && $0.rows == 2 })
        #expect(usage.contains { $0.source == .cpx && $0.family == .cartes && $0.practitioners == 2 })
    }

    @Test func olderFilesAreRefusedUnlessForcedAndTheSameFileTwiceIsANoOp() throws {
        let newer = night("202611230315", [("8", rpps(1), "CNOM/CNOM/CNOM", "")])
        try ingest([newer], into: dir.snapshot)
        let older = night("202611220315", [("8", rpps(1), "CNOM/CNOM/CNOM", "")])
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        #expect(throws: IngestError.olderThanBase(path: older, family: .personneActivite, extractTime: e, base: e + 24 * hour)) {
            try SnapshotBuilder().ingest([older], into: dir.snapshot, base: try Snapshot(path: dir.snapshot))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)) == before)
        _ = try SnapshotBuilder().ingest([older], into: dir.snapshot, base: try Snapshot(path: dir.snapshot), force: true)
        #expect(try Snapshot(path: dir.snapshot).extractTimes[.personneActivite] == e)

        let again = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        #expect(throws: IngestError.unchanged(inputs: ["PS_LibreAcces_Personne_activite_202611220315.txt"])) {
            try SnapshotBuilder().ingest([older], into: dir.snapshot, base: try Snapshot(path: dir.snapshot))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)) == again)
    }

    @Test func aNameWithoutATimestampNeedsAsOf() throws {
        let plain = night("", [("8", rpps(1), "CNOM/CNOM/CNOM", "")], name: "ps-libreacces-personne-activite.txt")
        #expect(throws: IngestError.noExtractTime(path: plain)) { try ingest([plain], into: dir.snapshot) }
        #expect(!FileManager.default.fileExists(atPath: dir.snapshot))
        var options = ReadOptions()
        options.asOf = e
        try ingest([plain], into: dir.snapshot, options: options)
        let input = try #require(try Snapshot(path: dir.snapshot).provenance.inputs.first)
        #expect(input.extractTime == e)
        #expect(input.extractTimeSource == "--as-of")
    }

    @Test func unknownAuthorityTokensAreCountedNotFatal() throws {
        try ingest(
            [night("202611220315", [("8", rpps(1), "CNOXYZ/CNOXYZ/", ""), ("8", rpps(2), "CNOXYZ//", ""), ("8", rpps(3), "CNOM//", "")])],
            into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        #expect(snapshot.provenance.unknownTokens == ["CNOXYZ": 3])
        #expect(snapshot.provenance.usage.contains { $0.source == .unknown && $0.rows == 2 && $0.practitioners == 2 })
        #expect(try practitioner(snapshot, rpps(1)).identity.source == .unknown)
    }

    @Test func thePolicyIsDataAndCanBeOverridden() throws {
        var p = FreshnessPolicy.standard
        #expect(p.cadence(.ars) == 7 * 86_400)
        try p.apply(json: #"{"grace": "2h", "cadence": {"ars": "3d", "cpx": "36h"}}"#)
        try p.apply(cadence: "ordres=2d")
        #expect(p.graceSeconds == 7200)
        #expect(p.cadence(.ars) == 3 * 86_400)
        #expect(p.cadence(.cpx) == 36 * 3600)
        #expect(p.cadence(.ordres) == 2 * 86_400)
        #expect(throws: PolicyError.self) { try p.apply(cadence: "nobody=1d") }
        #expect(throws: PolicyError.self) { try p.apply(json: #"{"cadence": {"ars": "soon"}}"#) }
    }

    /// The ingest attributes personne-activite rows from bytes with authorities parsed once; it
    /// must agree with the table-driven attribution on every row of the fixtures, the real
    /// sample and a synthesised file (every authority, register and structure kind).
    @Test func theIngestsFastAttributionAgreesWithTheTable() throws {
        let dir = TemporaryDirectory()
        let synthesised = dir.path + "/PS_LibreAcces_Personne_activite_202611220315.txt"
        FileManager.default.createFile(atPath: synthesised, contents: Data(Synthesizer.text(family: .personneActivite, scale: 0.002)))
        #expect(try attributionRowsAgree([fixtureFiles[0], synthesised]) > 1000)
    }

    @Test(needsSharedSamples) func theIngestsFastAttributionAgreesWithTheTableOnTheRealSample() throws {
        #expect(try attributionRowsAgree([realSample]) == 21)
    }

    /// Compares the two attributions on every row of `paths`; returns the number of rows.
    private func attributionRowsAgree(_ paths: [String]) throws -> Int {
        var rows = 0
        for path in paths {
            _ = try ExtractionReader.read(path) { record in
                let slow = RowSources(.personneActivite) { record.string(known: $0) }
                let fast = RowSources(
                    personneActivite: record, authority: ParsedAuthority(record.string(PersonneActiviteColumn.autoriteEnregistrement)))
                #expect(fast == slow, "\(path): \(record.string(PersonneActiviteColumn.autoriteEnregistrement))")
                rows += 1
            }
        }
        return rows
    }
}
