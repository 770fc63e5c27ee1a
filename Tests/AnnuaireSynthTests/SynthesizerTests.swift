import AnnuaireParsing
import Foundation
import Testing

@testable import AnnuaireSynth

@Suite struct SynthesizerTests {
    @Test(arguments: Family.allCases)
    func sameSeedGivesSameBytesAndAnotherSeedOthers(family: Family) {
        let a = Synthesizer.text(family: family, scale: testScale, seed: 11)
        let b = Synthesizer.text(family: family, scale: testScale, seed: 11)
        let c = Synthesizer.text(family: family, scale: testScale, seed: 12)
        #expect(same(a, b))
        #expect(!same(a, c))
        #expect(a.count > 10_000)
    }

    @Test(arguments: Family.allCases)
    func headerIsTheVerbatimLabels(family: Family) {
        let text = Synthesizer.text(family: family, scale: testScale)
        let firstLine = String(decoding: text.prefix { $0 != 0x0A }, as: UTF8.self)
        let labels = family.columns.joined(separator: "|")
        #expect(firstLine == (family == .mssante ? labels : labels + "|"))
    }

    @Test(arguments: [56, 52, 48])
    func personneActiviteLayoutsAreTheFirstLabels(columns: Int) {
        let text = Synthesizer.text(family: .personneActivite, scale: testScale, personneActiviteColumns: columns)
        let lines = splitLines(text)
        #expect(lines[0].dropLast() == PersonneActiviteColumn.labels.prefix(columns))
        #expect(lines.allSatisfy { $0.count == columns + 1 && $0.last == "" })
        // The last column of each layout is filled on some rows.
        #expect(lines.dropFirst().contains { !$0[columns - 1].isEmpty })
    }

    @Test(arguments: Family.allCases, SynthOptions.Variety.allCases)
    func everyLineHasTheHeadersFieldCount(family: Family, variety: SynthOptions.Variety) {
        let lines = splitLines(Synthesizer.text(family: family, scale: testScale, variety: variety))
        let expected = family.columns.count + (family == .mssante ? 0 : 1)
        #expect(lines.count > 100)
        #expect(lines.allSatisfy { $0.count == expected })
        if family != .mssante { #expect(lines.allSatisfy { $0.last == "" }) }
        #expect(lines.allSatisfy { !$0.joined().contains("\r") })
    }

    @Test(arguments: Family.allCases, SynthOptions.Variety.allCases)
    func identifiersHaveValidKeysAndConsistentNationalForms(family: Family, variety: SynthOptions.Variety) throws {
        let text = Synthesizer.text(family: family, scale: testScale, variety: variety)
        let (type, id, national) =
            family == .mssante
            ? (MSSanteColumn.typeIdentifiantPP.label, MSSanteColumn.identifiantPP.label, MSSanteColumn.identificationNationalePP.label)
            : ("Type d'identifiant PP", "Identifiant PP", "Identification nationale PP")
        var rpps = 0
        var adeli = 0
        for row in rows(text) where !(row[type]!.isEmpty && family == .mssante) {
            let identifier = Array(row[id]!.utf8)
            switch row[type] {
            case "8":
                #expect(try RPPS(identifier).hasValidKey, "\(row[id]!)")
                #expect(identifier.starts(with: Array("10".utf8)))
                rpps += 1
            case "0":
                #expect(try ADELI(identifier).hasValidKey, "\(row[id]!)")
                adeli += 1
            default:
                Issue.record("unexpected type \(row[type]!)")
            }
            #expect(row[national] == row[type]! + row[id]!)
            if family == .cartes {
                #expect(row[CartesColumn.identifiantNationalContenuDansCarte.label] == row[national])
                #expect(row[CartesColumn.numeroCarte.label]!.count <= 10)
            }
        }
        #expect(rpps > 0)
        if family != .savoirFaire { #expect(adeli > 0) }
    }

    @Test(arguments: SynthOptions.Variety.allCases)
    func structureNumbersHaveValidKeys(variety: SynthOptions.Variety) throws {
        let text = Synthesizer.text(family: .personneActivite, scale: testScale, variety: variety)
        var finess = 0
        var sirets = 0
        for row in rows(text) {
            for column in [PersonneActiviteColumn.numeroFinessSite, .numeroFinessEtablissementJuridique] {
                let value = row[column.label]!
                guard !value.isEmpty else { continue }
                #expect(try FINESS(Array(value.utf8)).hasValidKey, "\(value)")
                finess += 1
            }
            let siret = row[PersonneActiviteColumn.numeroSiretSite.label]!
            if !siret.isEmpty {
                #expect(try SIRENOrSIRET(Array(siret.utf8), kind: .siret).hasValidKey, "\(siret)")
                sirets += 1
            }
            let siren = row[PersonneActiviteColumn.numeroSirenSite.label]!
            if !siren.isEmpty {
                #expect(try SIRENOrSIRET(Array(siren.utf8), kind: .siren).hasValidKey, "\(siren)")
                #expect(siret.hasPrefix(siren))
            }
            // Identifiant technique: F + FINESS site, C + SIRET or ADELI cabinet, R + RPPS cabinet;
            // Ancien identifiant: the type digit and the same number.
            let technical = row[PersonneActiviteColumn.identifiantTechniqueStructure.label]!
            let former = row[PersonneActiviteColumn.ancienIdentifiantStructure.label]!
            if let letter = technical.first {
                let digit: Character =
                    switch letter {
                    case "F": "1"
                    case "R": "4"
                    default: technical.count == 15 ? "3" : "0"
                    }
                #expect(former == String(digit) + technical.dropFirst())
                if letter == "F" { #expect(technical.dropFirst() == row[PersonneActiviteColumn.numeroFinessSite.label]!) }
                if technical.count == 15 && letter == "C" { #expect(technical.dropFirst() == siret) }
            } else {
                #expect(former.isEmpty)
            }
        }
        #expect(finess > 100)
        #expect(sirets > 100)
    }

    @Test(arguments: SynthOptions.Variety.allCases)
    func familiesShareOnePopulation(variety: SynthOptions.Variety) {
        func people(_ family: Family, _ type: String, _ id: String, _ surname: String) -> [String: String] {
            var out: [String: String] = [:]
            for row in rows(Synthesizer.text(family: family, scale: testScale, variety: variety)) where !row[id]!.isEmpty {
                out[row[type]! + row[id]!] = row[surname]!
            }
            return out
        }
        let all = people(.personneActivite, "Type d'identifiant PP", "Identifiant PP", "Nom d'exercice")
        #expect(all.count == Synthesizer.practitionerCount(scale: testScale))
        for family in [Family.savoirFaire, .diplomes, .cartes] {
            let some = people(family, "Type d'identifiant PP", "Identifiant PP", "Nom d'exercice")
            #expect(some.count > 100)
            #expect(some.allSatisfy { all[$0.key] == $0.value }, "\(family): unknown practitioner or other name")
        }
        let mailboxes = people(.mssante, "Type Identifiant PP", "Identifiant PP", "Nom d'exercice")
        #expect(mailboxes.count > 100)
        #expect(mailboxes.allSatisfy { all[$0.key] == $0.value })
        // Every practitioner has diplomas.
        #expect(people(.diplomes, "Type d'identifiant PP", "Identifiant PP", "Nom d'exercice").count == all.count)
    }

    @Test func personRowsAreContiguousAndSortedByNationalIdentifier() {
        let ids = rows(Synthesizer.text(family: .personneActivite, scale: testScale)).map { $0["Identification nationale PP"]! }
        #expect(ids == ids.sorted())
        let adeli = ids.filter { $0.hasPrefix("0") }
        #expect(!adeli.isEmpty && adeli.count < ids.count)
    }

    @Test(arguments: SynthOptions.Variety.allCases)
    func theValidQuirksOfRealFilesArePresent(variety: SynthOptions.Variety) {
        let scale = 0.01
        let pa = Synthesizer.text(family: .personneActivite, scale: scale, variety: variety)
        let paRows = rows(pa)
        let text = String(decoding: pa, as: UTF8.self)
        #expect(text.contains("RESIDENCE \"LES TILLEULS\""))
        #expect(paRows.contains { $0["Numéro Voie (coord. structure)"] == "P" })
        #expect(paRows.contains { $0["Libellé Voie (coord. structure)"]!.contains("  ") })
        #expect(paRows.contains { $0["Code pays (coord. structure)"] == "99132" })
        #expect(paRows.contains { $0["Code postal (coord. structure)"]!.hasPrefix("0") })
        #expect(paRows.contains { $0["Identifiant PP"]!.hasPrefix("2A") })
        #expect(paRows.contains { $0["Identifiant PP"]!.hasPrefix("2B") })
        // Casing: given names in capitals and capitalized; a few surnames not in capitals.
        let given = paRows.map { $0["Prénom d'exercice"]! }
        #expect(given.contains { $0 == $0.uppercased() })
        #expect(given.contains { $0 != $0.uppercased() })
        #expect(paRows.contains { $0["Nom d'exercice"]! != $0["Nom d'exercice"]!.uppercased() })
        // A person without activity: one row, activity and structure columns empty.
        let idle = paRows.filter { $0["Code mode exercice"]!.isEmpty }
        #expect(!idle.isEmpty)
        #expect(idle.allSatisfy { $0["Raison sociale site"]!.isEmpty && $0["Code secteur d'activité"]!.isEmpty })
        // Several rows for some people; at most six.
        let perPerson = Dictionary(grouping: paRows, by: { $0["Identification nationale PP"]! }).mapValues(\.count)
        #expect(perPerson.values.contains { $0 > 1 })
        #expect(perPerson.values.allSatisfy { $0 <= 6 })
        // Most address columns are often empty.
        let emptyComplement = paRows.filter { $0["Complément destinataire (coord. structure)"]!.isEmpty }.count
        #expect(emptyComplement > paRows.count * 3 / 4)
        // Authorities seen in the real files.
        let authorities = Set(paRows.map { $0["Autorité d'enregistrement"]! })
        for expected in [
            "CNOM/CNOM/CNOM", "CNOMK/CNOMK/CNOMK", "CNOP/CNOP/CNOP", "ONCD/ONCD/ONCD", "ONI/ONI/ONI",
            "SSA/SSA/SSA", "ARS/CPAM/CPAM", "ARS/ARS/ARS", "ARS/Variable/Variable", "ARS//", "CNOM//", "",
        ] {
            #expect(authorities.contains(expected), "\(expected)")
        }
        // Civilités d'exercice only for RPPS practitioners.
        #expect(paRows.allSatisfy { $0["Type d'identifiant PP"] == "8" || $0["Code civilité d'exercice"]!.isEmpty })
        #expect(paRows.contains { $0["Code civilité d'exercice"] == "PR" })
    }

    @Test(arguments: SynthOptions.Variety.allCases)
    func mailboxesArePeopleAndOrganisationsWithUniqueAddresses(variety: SynthOptions.Variety) {
        let text = Synthesizer.text(family: .mssante, scale: 0.01, variety: variety)
        #expect(text.last == 0x0A)
        let mailboxes = rows(text)
        let organisations = mailboxes.filter { $0["Type de BAL"] == "ORG" }
        let people = mailboxes.filter { $0["Type de BAL"] == "PER" }
        #expect(organisations.count + people.count == mailboxes.count)
        let share = Double(organisations.count) / Double(mailboxes.count)
        #expect(share > 0.10 && share < 0.20)
        #expect(organisations.allSatisfy { $0["Identifiant PP"]!.isEmpty && $0["Nom d'exercice"]!.isEmpty })
        #expect(organisations.allSatisfy { !$0["Identification Structure"]!.isEmpty && !$0["Raison Sociale structure BAL"]!.isEmpty })
        #expect(people.allSatisfy { $0["Adresse BAL"]!.contains(".") && $0["Adresse BAL"]!.hasSuffix(".mssante.fr") })
        let addresses = mailboxes.map { $0["Adresse BAL"]! }
        let repeated = Dictionary(grouping: addresses, by: { $0 }).filter { $0.value.count > 1 }
        #expect(!repeated.isEmpty)
        #expect(repeated.count < addresses.count / 500)
        #expect(people.contains { $0["Civilité d'exercice"] == "Docteur" })
    }

    @Test func cardsHaveDatesAndTypes() {
        let cards = rows(Synthesizer.text(family: .cartes, scale: testScale))
        for card in cards {
            for column in [CartesColumn.dateDebutValidite, .dateFinValidite, .dateMiseAJour] {
                #expect(CardDate(Array(card[column.label]!.utf8)) != nil)
            }
            let opposition = card[CartesColumn.dateOpposition.label]!
            #expect(opposition.isEmpty || CardDate(Array(opposition.utf8)) != nil)
            #expect(["CPS", "CPF"].contains(card[CartesColumn.codeTypeCarte.label]!))
        }
        #expect(cards.contains { !$0[CartesColumn.dateOpposition.label]!.isEmpty })
        #expect(cards.filter { $0[CartesColumn.dateOpposition.label]!.isEmpty }.count > cards.count * 9 / 10)
        #expect(cards.contains { $0[CartesColumn.codeTypeCarte.label] == "CPF" })
    }

    @Test func diplomaRowsHaveADiplomaOrAnAuthorisationOrBoth() {
        var halves = Set<String>()
        for row in rows(Synthesizer.text(family: .diplomes, scale: 0.01)) {
            let diploma = !row[DiplomesColumn.codeDiplomeObtenu.label]!.isEmpty
            let authorisation = !row[DiplomesColumn.codeTypeAutorisation.label]!.isEmpty
            #expect(diploma || authorisation)
            halves.insert("\(diploma)-\(authorisation)")
        }
        #expect(halves == ["true-false", "false-true", "true-true"])
    }

    @Test func scaleScalesEveryCountDownToOnePractitioner() {
        #expect(Synthesizer.practitionerCount(scale: 1) == 1_400_000)
        #expect(Synthesizer.practitionerCount(scale: 1e-9) == 1)
        let one = splitLines(Synthesizer.text(family: .personneActivite, scale: 1e-9))
        #expect(one.count >= 2)
        let small = splitLines(Synthesizer.text(family: .diplomes, scale: 0.001)).count
        let large = splitLines(Synthesizer.text(family: .diplomes, scale: 0.004)).count
        #expect(Double(large) / Double(small) > 3.5 && Double(large) / Double(small) < 4.5)
    }

    @Test func adeliNumbersStayUniqueWhereAreasAreLarge() {
        // At this scale Paris would need more than 10,000 psychologists' sequence numbers.
        let population = Population(scale: 1.5, seed: 3)
        var seen = Set<UInt64>()
        seen.reserveCapacity(population.adeliCount)
        for i in 0..<population.adeliCount {
            let p = population.person(i)
            seen.insert(p.id &+ UInt64(p.corsica) << 40)
        }
        #expect(seen.count == population.adeliCount)
    }

    @Test func invalidOptionsAreRefused() {
        var options = SynthOptions()
        options.personneActiviteColumns = 50
        #expect(throws: SynthError.self) { try options.validate() }
        options = SynthOptions()
        options.scale = 0
        #expect(throws: SynthError.self) { try options.validate() }
        options = SynthOptions()
        options.families = []
        #expect(throws: SynthError.self) { try options.validate() }
        options = SynthOptions()
        options.compressionLevel = 10
        #expect(throws: SynthError.self) { try options.validate() }
        #expect(throws: Never.self) { try SynthOptions().validate() }
    }
}
