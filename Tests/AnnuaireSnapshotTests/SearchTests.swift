import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// The national identifiers matching `values`, all pages.
private func ids(_ snapshot: Snapshot, _ values: [SearchQuery.Criterion: String]) throws -> [String] {
    try snapshot.search(SearchQuery(values)).map(\.nationalID)
}

@Suite struct SearchFixtureTests {
    let dir = TemporaryDirectory()
    let snapshot: Snapshot

    init() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        snapshot = try Snapshot(path: dir.snapshot)
    }

    @Test func everyCriterionFindsItsPractitioner() throws {
        let durand = ["810000000017"]
        let cases: [([SearchQuery.Criterion: String], [String])] = [
            ([.name: "durand"], durand),
            ([.name: "elodie dur"], durand),
            ([.name: "jean francois"], ["810000000025"]),
            ([.name: "n'diaye"], ["810000000033"]),
            ([.firstName: "élo"], durand),
            ([.firstName: "durand"], []),
            ([.profession: "10"], durand),
            ([.profession: "médecin"], durand),
            ([.profession: "masseur kine"], ["810000000033"]),
            ([.specialty: "SM54"], durand),
            ([.specialty: "medecine generale"], durand),
            ([.commune: "01034"], durand),
            ([.commune: "belley"], durand),
            ([.postcode: "01300"], durand),
            ([.postcode: "013"], durand),
            ([.postcode: "GL"], ["810000000033"]),
            ([.department: "01"], durand),
            ([.structure: "750000010"], durand),
            ([.structure: "F750000010"], durand),
            ([.structure: "12345678200010"], durand),
            ([.structure: "123456782"], durand),
            ([.structure: "centre hospitalier"], durand),
            ([.mailbox: "Elodie.Durand@medecin.mssante.fr"], durand),
            ([.mailbox: "secretariat@ch-belley.mssante.fr"], durand),
            ([.card: "0007654321"], ["810000000025"]),
            ([.mode: "L"], ["810000000017", "810000000033"]),
            ([.mode: "S"], durand),
            ([.mode: "B"], []),
            ([.name: "martin", .profession: "26"], ["0750001232"]),
            ([.name: "martin", .profession: "10"], []),
            ([.mode: "L", .postcode: "01"], durand),
        ]
        for (values, expected) in cases {
            #expect(try ids(snapshot, values) == expected, "\(values)")
        }
    }

    @Test func usageErrorsAreTyped() throws {
        #expect(throws: SearchError.noCriterion) { try SearchQuery([:]) }
        #expect(throws: SearchError.tooShort(criterion: .name, value: "a")) { try SearchQuery([.name: "a"]) }
        #expect(throws: SearchError.tooShort(criterion: .name, value: "d'")) { try SearchQuery([.name: "d'"]) }
        #expect(throws: SearchError.empty(criterion: .commune, value: "--")) { try SearchQuery([.commune: "--"]) }
        #expect(throws: SearchError.tooShort(criterion: .postcode, value: "7")) { try SearchQuery([.postcode: "7"]) }
        #expect(throws: SearchError.unknownCriterion("town")) { try SearchQuery(parameters: ["town": "Paris"]) }
        #expect(try SearchQuery(parameters: ["firstName": "luc", "name": "martin"]) == SearchQuery([.firstName: "luc", .name: "martin"]))
        #expect(try SearchQuery([.mode: "L"])[.mode] == "L")
        let results = try snapshot.search(SearchQuery([.mode: "L"]))
        #expect(throws: SearchError.limit(0)) { try results.page(after: nil, limit: 0) }
        #expect(throws: SearchError.limit(1001)) { try results.page(offset: 0, limit: 1001) }
        #expect(throws: SearchError.offset(-1)) { try results.page(offset: -1) }
        let stale = SearchCursor(rank: 0, tag: snapshot.searchTag &+ 1)
        #expect(throws: SearchError.staleCursor(stale.description)) { try results.page(after: stale) }
    }

    @Test func cursorsRoundTripThroughText() throws {
        let results = try snapshot.search(SearchQuery([.mode: "L"]))
        let first = try results.page(after: nil, limit: 1)
        #expect(first.total == 2 && first.keys.map(\.nationalID) == ["810000000017"])
        let cursor = try #require(first.next)
        let parsed = try #require(SearchCursor(cursor.description))
        #expect(parsed == cursor)
        let second = try results.page(after: parsed, limit: 1)
        #expect(second.keys.map(\.nationalID) == ["810000000033"] && second.next == nil && second.offset == 1)
        #expect(SearchCursor("not a cursor") == nil)
        #expect(try results.page(offset: 1, limit: 5).keys == second.keys)
        #expect(try results.page(offset: 7).keys.isEmpty)
    }

    @Test func matchedActivitiesAreThoseOfThePlaceCriteria() throws {
        let durand = try #require(try snapshot.practitioner(PractitionerKey(lookup: "810000000017")))
        #expect(durand.activities.count == 2)
        let hospital = try SearchQuery([.structure: "750000010"]).matchingActivities(of: durand)
        #expect(hospital.count == 1 && hospital[0].structure?["numeroFinessSite"] == "750000010")
        let cabinet = try SearchQuery([.mode: "L"]).matchingActivities(of: durand)
        #expect(cabinet.count == 1 && cabinet[0].structure?["raisonSocialeSite"] == "CABINET DU DR DURAND")
        #expect(try SearchQuery([.name: "durand"]).matchingActivities(of: durand).count == 2)
    }

    @Test func carriedOverFamiliesKeepTheirEntries() throws {
        // Tonight only personne-activite: cards and mailboxes are carried over from the base.
        let next = TemporaryDirectory()
        let pa = next.write(
            "PS_LibreAcces_Personne_activite_202611230315.txt", try Data(contentsOf: URL(fileURLWithPath: fixtureFiles[0])))
        _ = try SnapshotBuilder().ingest([pa], into: next.snapshot, base: snapshot)
        let updated = try Snapshot(path: next.snapshot)
        #expect(try ids(updated, [.card: "0007654321"]) == ["810000000025"])
        #expect(try ids(updated, [.mailbox: "secretariat@ch-belley.mssante.fr"]) == ["810000000017"])
        try updated.verify()
    }

    @Test func aDamagedIndexIsReportedBySearchOnly() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)))
        let ranks = bytes.withUnsafeBytes { header in
            (0..<Int(header.le(32, as: UInt32.self))).map { 40 + 32 * $0 }
                .first { header.le($0, as: UInt32.self) == SnapshotFormat.Section.searchRanks.rawValue }
                .map { Int(header.le($0 + 8, as: UInt64.self)) }
        }
        bytes[try #require(ranks)] ^= 0x01
        let damaged = TemporaryDirectory()
        FileManager.default.createFile(atPath: damaged.snapshot, contents: Data(bytes))
        let opened = try Snapshot(path: damaged.snapshot)
        #expect(try opened.lookup(PractitionerKey(lookup: "810000000017")) != nil)
        #expect(snapshotError { _ = try opened.search(SearchQuery([.name: "durand"])) } != nil)
        #expect(throws: SnapshotError.self) { try opened.verify() }
    }

    @Test func aSnapshotWithoutIndexSaysToIngestAgain() throws {
        let stripped = TemporaryDirectory()
        try stripSearchSections(dir.snapshot, to: stripped.snapshot)
        let old = try Snapshot(path: stripped.snapshot)
        #expect(old.hasSearchIndex == false)
        #expect(try old.lookup(PractitionerKey(lookup: "810000000017")) != nil)
        #expect(throws: SearchError.noIndex(path: stripped.snapshot)) { try old.search(SearchQuery([.name: "durand"])) }
    }
}

/// Copies a snapshot with its search sections left out of the header (as an older annuaire wrote it).
private func stripSearchSections(_ path: String, to destination: String) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let count = bytes.withUnsafeBytes { Int($0.le(32, as: UInt32.self)) }
    var kept: [[UInt8]] = []
    for i in 0..<count {
        let entry = Array(bytes[(40 + 32 * i)..<(40 + 32 * (i + 1))])
        let kind = entry.withUnsafeBytes { $0.le(0, as: UInt32.self) }
        if kind < SnapshotFormat.Section.searchTerms.rawValue { kept.append(entry) }
    }
    for i in 40..<4092 { bytes[i] = 0 }
    for (i, entry) in kept.enumerated() { bytes.replaceSubrange((40 + 32 * i)..<(40 + 32 * (i + 1)), with: entry) }
    withUnsafeBytes(of: UInt32(kept.count).littleEndian) { bytes.replaceSubrange(32..<36, with: $0) }
    let crc = bytes.withUnsafeBytes { crc32(0, UnsafeRawBufferPointer(rebasing: $0[0..<4092])) }
    withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange(4092..<4096, with: $0) }
    FileManager.default.createFile(atPath: destination, contents: Data(bytes))
}

@Suite(needsSharedSamples) struct SearchRealSampleTests {
    let dir = TemporaryDirectory()
    let snapshot: Snapshot

    init() throws {
        try ingest([realSample], into: dir.snapshot)
        snapshot = try Snapshot(path: dir.snapshot)
    }

    @Test func findsRealPractitionersWithoutAccents() throws {
        #expect(try ids(snapshot, [.name: "celine bouillot"]) == ["0010004851"])
        #expect(try ids(snapshot, [.commune: "01004"]) == ["0018602292", "0019602432"])
        #expect(try ids(snapshot, [.commune: "ambérieu-en-bugey"]) == ["0018602292", "0019602432"])
        #expect(try ids(snapshot, [.commune: "amberieu"]) == ["0018602292", "0019602432"])
        #expect(try ids(snapshot, [.name: "lebrun carpentier"]) == ["0019402379"])
        #expect(try ids(snapshot, [.name: "anais"]) == ["0019402379"])
        #expect(try ids(snapshot, [.postcode: "01012"]) == ["0019600048"])
        #expect(try ids(snapshot, [.commune: "belley"]).contains("0012800751"))  // only in its Bureau cedex
        #expect(try ids(snapshot, [.department: "62"]) == ["0022802631"])
        #expect(try ids(snapshot, [.profession: "ergothérapeute", .commune: "bourg"]) == ["0019402379"])
    }
}

/// Every search's answer equals a scan of every practitioner with the spec's rules, written
/// apart from the index (strings, not bytes; rows, not terms).
@Suite struct SearchOracleTests {
    let dir = TemporaryDirectory()
    let snapshot: Snapshot
    let everyone: [(key: PractitionerKey, record: PractitionerRecord, view: Practitioner)]
    private let facts: [Facts]
    /// Every practitioner's index in `everyone`, by normalized exercise name, first name, national identifier.
    private let answerOrder: [Int]

    init() throws {
        let files = synthesisedNight(in: dir)
        try ingest(files, into: dir.snapshot)
        let opened = try Snapshot(path: dir.snapshot)
        var all: [(PractitionerKey, PractitionerRecord, Practitioner)] = []
        try opened.forEachPractitioner { record in
            guard let view = try opened.practitioner(record.key) else { throw SnapshotError.corrupt("no view of \(record.key)") }
            all.append((record.key, record, view))
        }
        snapshot = opened
        everyone = all
        facts = all.map { Facts($0.1, $0.2) }
        let sortKeys = all.map { p in
            (
                Array(TextNormalizer.normalize(p.2.identity["nomExercice"]).utf8),
                Array(TextNormalizer.normalize(p.2.identity["prenomExercice"]).utf8), p.0.nationalID
            )
        }
        answerOrder = all.indices.sorted { i, j in
            let a = sortKeys[i], b = sortKeys[j]
            if a.0 != b.0 { return a.0.lexicographicallyPrecedes(b.0) }
            if a.1 != b.1 { return a.1.lexicographicallyPrecedes(b.1) }
            return a.2 < b.2
        }
    }

    private func oracle(_ values: [SearchQuery.Criterion: String]) -> [String] {
        answerOrder.filter { i in values.allSatisfy { facts[i].matches($0.key, $0.value) } }.map { everyone[$0].key.nationalID }
    }

    /// Queries made from the practitioners' own values: every criterion, alone and in pairs.
    private func queries() -> [[SearchQuery.Criterion: String]] {
        var result: [[SearchQuery.Criterion: String]] = []
        let step = max(1, everyone.count / 25)
        for (n, p) in everyone.enumerated() where n % step == 0 {
            let rows = p.record.rows
            let identity = p.view.identity
            var singles: [[SearchQuery.Criterion: String]] = []
            if let word = TextNormalizer.words(identity["nomExercice"]).first(where: { $0.count >= 2 }) {
                singles.append([.name: String(word.prefix(3))])
                singles.append([.name: word])
            }
            if let first = TextNormalizer.words(identity["prenomExercice"]).first(where: { $0.count >= 2 }) {
                singles.append([.firstName: String(first.prefix(2))])
            }
            if !identity["codeProfession"].isEmpty { singles.append([.profession: identity["codeProfession"]]) }
            if let word = TextNormalizer.words(identity["libelleProfession"]).first(where: { $0.count >= 2 }) {
                singles.append([.profession: word])
            }
            if let sf = rows.first(where: { $0.family == .savoirFaire }) {
                singles.append([.specialty: sf[SavoirFaireColumn.codeSavoirFaire]])
                singles.append([.specialty: sf[SavoirFaireColumn.libelleSavoirFaire]])
            }
            if let pa = rows.first(where: { $0.family == .personneActivite && $0.structureID != nil }) {
                for (c, column) in [
                    (SearchQuery.Criterion.commune, PersonneActiviteColumn.codeCommune), (.commune, .libelleCommune),
                    (.postcode, .codePostal), (.department, .codeDepartementStructure), (.structure, .numeroFinessSite),
                    (.structure, .numeroSiretSite), (.structure, .identifiantTechniqueStructure), (.structure, .raisonSocialeSite),
                    (.mode, .codeModeExercice),
                ] where !pa[column].isEmpty {
                    singles.append([c: pa[column]])
                }
                if pa[PersonneActiviteColumn.codePostal].count >= 2 {
                    singles.append([.postcode: String(pa[PersonneActiviteColumn.codePostal].prefix(2))])
                    singles.append([.department: String(pa[PersonneActiviteColumn.codePostal].prefix(2))])
                }
            }
            if let card = rows.first(where: { $0.family == .cartes }) { singles.append([.card: card[CartesColumn.numeroCarte]]) }
            if let bal = rows.first(where: { $0.family == .mssante }) {
                singles.append([.mailbox: bal[MSSanteColumn.adresseBAL].uppercased()])
            }
            if let org = p.view.activities.flatMap(\.organisationMailboxes).first { singles.append([.mailbox: org["adresseBAL"]]) }
            result += singles
            // Pairs: each single with the next one.
            for (a, b) in zip(singles, singles.dropFirst()) { result.append(a.merging(b) { x, _ in x }) }
        }
        return result.filter { (try? SearchQuery($0)) != nil }
    }

    @Test func everySearchEqualsABruteForceScan() throws {
        let queries = queries()
        #expect(queries.count > 200)
        var criteria = Set<SearchQuery.Criterion>()
        var nonEmpty = 0
        for values in queries {
            let expected = oracle(values)
            let results = try snapshot.search(SearchQuery(values))
            let got = results.map(\.nationalID)
            #expect(got == expected, "\(values)")
            #expect(results.total == expected.count)
            criteria.formUnion(values.keys)
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(criteria == Set(SearchQuery.Criterion.allCases))
        #expect(nonEmpty == queries.count)  // each query comes from a practitioner, who must be found
    }

    @Test func pagingVisitsEveryMatchOnce() throws {
        let results = try snapshot.search(SearchQuery([.mode: "S"]))
        #expect(results.total > 100)
        let all = Array(results)
        #expect(all.count == results.total)
        for limit in [1, 7, 20, 1000] {
            var seen: [PractitionerKey] = []
            var cursor: SearchCursor?
            var pages = 0
            repeat {
                let page = try results.page(after: cursor, limit: limit)
                #expect(page.total == results.total)
                #expect(page.offset == seen.count)
                seen += page.keys
                cursor = page.next
                pages += 1
            } while cursor != nil && pages < 100_000
            #expect(seen == all, "limit \(limit)")
            #expect(Set(seen).count == seen.count)
            var byOffset: [PractitionerKey] = []
            while byOffset.count < results.total { byOffset += try results.page(offset: byOffset.count, limit: limit).keys }
            #expect(byOffset == all)
        }
    }
}

/// What the spec's rules compare a practitioner's query against, from its decoded rows (strings),
/// computed once per practitioner for the brute-force scan.
private struct Facts {
    var names: [String] = [], firstNames: [String] = []
    var professionCodes: Set<String> = [], professionWords: [String] = []
    var specialtyCodes: Set<String> = [], specialtyWords: [String] = []
    var communeCodes: Set<String> = [], communeWords: [String] = []
    var postcodes: [String] = [], departments: Set<String> = []
    var structureIDs: Set<String> = [], structureWords: [String] = []
    var mailboxes: Set<String> = [], cards: Set<String> = [], modes: Set<String> = []

    init(_ record: PractitionerRecord, _ view: Practitioner) {
        func column(_ row: StoredRow, _ label: String) -> String {
            row.family.columns.firstIndex(of: label).map { row.value(known: $0) } ?? ""
        }
        func words(_ text: String) -> [String] { TextNormalizer.words(text) }
        func code(_ text: String) -> String? { text.isEmpty ? nil : TextNormalizer.normalize(text) }
        for row in record.rows {
            names += words(column(row, "Nom d'exercice")) + words(column(row, "Prénom d'exercice"))
            firstNames += words(column(row, "Prénom d'exercice"))
            if row.family != .diplomes {
                for label in ["Code profession", "Code Profession"] { code(column(row, label)).map { _ = professionCodes.insert($0) } }
                for label in ["Libellé profession", "Libellé Profession"] { professionWords += words(column(row, label)) }
            }
            if row.family == .personneActivite || row.family == .savoirFaire {
                code(column(row, "Code savoir-faire")).map { _ = specialtyCodes.insert($0) }
                specialtyWords += words(column(row, "Libellé savoir-faire"))
            }
            switch row.family {
            case .cartes: code(row[CartesColumn.numeroCarte]).map { _ = cards.insert($0) }
            case .mssante: mailboxes.insert(row[MSSanteColumn.adresseBAL].trimmingCharacters(in: .whitespaces).lowercased())
            case .personneActivite:
                code(row[PersonneActiviteColumn.codeModeExercice]).map { _ = modes.insert($0) }
                guard row.structureID != nil else { break }
                code(row[PersonneActiviteColumn.codeCommune]).map { _ = communeCodes.insert($0) }
                communeWords += words(row[PersonneActiviteColumn.libelleCommune])
                let cedex = words(row[PersonneActiviteColumn.bureauCedex])
                communeWords += cedex.dropFirst().filter { $0 != "cedex" && !$0.allSatisfy(\.isNumber) }
                if let head = cedex.first, head.count == 5, head.first!.isNumber { postcodes.append(head) }
                let postcode = TextNormalizer.normalize(row[PersonneActiviteColumn.codePostal])
                if !postcode.isEmpty { postcodes.append(postcode) }
                if let own = code(row[PersonneActiviteColumn.codeDepartementStructure]) {
                    departments.insert(own)
                } else {
                    let n = postcode.hasPrefix("97") || postcode.hasPrefix("98") ? 3 : 2
                    if postcode.count >= n { departments.insert(String(postcode.prefix(n))) }
                }
                for c in [
                    PersonneActiviteColumn.numeroFinessSite, .numeroFinessEtablissementJuridique, .numeroSiretSite, .numeroSirenSite,
                    .identifiantTechniqueStructure,
                ] {
                    code(row[c]).map { _ = structureIDs.insert($0) }
                }
                structureWords +=
                    words(row[PersonneActiviteColumn.raisonSocialeSite]) + words(row[PersonneActiviteColumn.enseigneCommercialeSite])
            default: break
            }
        }
        for org in view.activities.flatMap(\.organisationMailboxes) {
            mailboxes.insert(org["adresseBAL"].trimmingCharacters(in: .whitespaces).lowercased())
        }
    }

    func matches(_ criterion: SearchQuery.Criterion, _ value: String) -> Bool {
        let q = TextNormalizer.normalize(value)
        let qWords = q.split(separator: " ").map(String.init)
        func prefixes(_ words: [String]) -> Bool { qWords.allSatisfy { w in words.contains { $0.hasPrefix(w) } } }
        switch criterion {
        case .name: return prefixes(names)
        case .firstName: return prefixes(firstNames)
        case .profession: return professionCodes.contains(q) || prefixes(professionWords)
        case .specialty: return specialtyCodes.contains(q) || prefixes(specialtyWords)
        case .commune: return communeCodes.contains(q) || prefixes(communeWords)
        case .postcode:
            let compact = q.filter { $0 != " " }
            return postcodes.contains { $0.hasPrefix(compact) }
        case .department: return departments.contains(q)
        case .structure: return structureIDs.contains(q) || prefixes(structureWords)
        case .mailbox: return mailboxes.contains(value.trimmingCharacters(in: .whitespaces).lowercased())
        case .card: return cards.contains(q)
        case .mode: return modes.contains(q)
        }
    }
}
