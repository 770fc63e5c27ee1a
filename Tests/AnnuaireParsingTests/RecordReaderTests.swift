import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing

@Suite struct RecordReaderTests {
    let dir = TemporaryDirectory()

    @Test func bindsColumnsByNameAndReadsTypedFields() throws {
        let path = "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt"
        var names: [String] = []
        var quoted = ""
        let report = try #require(
            try ExtractionReader.read(path) { record in
                names.append(record.string(PersonneActiviteColumn.nomExercice))
                let complement = record.string(PersonneActiviteColumn.complementDestinataire)
                if !complement.isEmpty { quoted = complement }
            }.first)
        #expect(names == ["DURAND", "DURAND", "LEFÈVRE", "N'DIAYE", "Casanova", "MARTIN"])
        #expect(quoted == "DIT \"LE VIEUX MOULIN\"")  // `"` is data, not quoting
        #expect(report.family == .personneActivite)
        #expect(report.layout == "56 columns (2026 layout)")
        #expect(report.rows == 6)
        #expect(report.practitioners == 5)
        #expect(report.quarantined == 0)
        #expect(report.warnings.isEmpty)
        #expect(report.encoding == .utf8)
        #expect(report.extractTime?.description == "2026-11-22T03:15:00+01:00")
    }

    @Test func detectsEveryFamilyFromItsHeader() throws {
        let expected: [(String, Family, Int)] = [
            ("PS_LibreAcces_SavoirFaire", .savoirFaire, 1), ("PS_LibreAcces_Dipl_AutExerc", .diplomes, 2),
            ("Porteurs_CPS_CPF", .cartes, 2), ("Extraction_Correspondance_MSSante", .mssante, 2),
        ]
        for (prefix, family, rows) in expected {
            let report = try scanOne("\(fixtures)/\(prefix)_\(fixtureStamp).txt")
            #expect(report.family == family)
            #expect(report.rows == rows)
            #expect(report.quarantined == 0)
            #expect(report.warnings.isEmpty, "\(report.warnings)")
        }
        // The family comes from the header, not the name.
        let renamed = dir.write("whatever.txt", try [UInt8](contentsOf: "\(fixtures)/Porteurs_CPS_CPF_\(fixtureStamp).txt"))
        #expect(try scanOne(renamed).family == .cartes)
    }

    @Test func olderLayoutsReadMissingColumnsAsEmptyAndNewColumnsAreIgnored() throws {
        for columns in [48, 52] {
            let header = PersonneActiviteColumn.labels.prefix(columns).joined(separator: "|") + "|"
            let line = personneActiviteLine(["8", rpps(1), "8" + rpps(1), "", "", "M", "Monsieur", "NOM", "Prénom"], columns: columns)
            let path = dir.write("old\(columns).txt", text: header + "\n" + line + "\n")
            var role = "unset"
            let report = try #require(try ExtractionReader.read(path) { role = $0.string(PersonneActiviteColumn.codeRole) }.first)
            #expect(report.layout == "\(columns) columns (\(columns == 48 ? 2018 : 2021) layout)")
            #expect(report.missingColumns.count == 56 - columns)
            #expect(role == "")
            #expect(report.rows == 1)
        }
        let header = personneActiviteHeader + "Nouvelle colonne 2027|"
        let line = personneActiviteLine(["8", rpps(1), "8" + rpps(1)], columns: 56) + "valeur|"
        let report = try scanOne(dir.write("new.txt", text: header + "\n" + line + "\n"))
        #expect(report.unknownColumns == ["Nouvelle colonne 2027"])
        #expect(report.columnCount == 57)
        #expect(report.rows == 1)
        #expect(report.quarantined == 0)
    }

    @Test func reorderedColumnsAreFoundByName() throws {
        let labels = SavoirFaireColumn.labels
        let swapped = [labels[1], labels[0]] + labels.dropFirst(2)
        let values = [
            rpps(3), "8", "8" + rpps(3), "NOM", "Prénom", "10", "Médecin", "C", "Civil", "S", "Spécialité", "SM54", "Médecine générale",
        ]
        let path = dir.write("sf.txt", text: swapped.joined(separator: "|") + "|\n" + values.joined(separator: "|") + "|\n")
        var key: PractitionerKey?
        _ = try ExtractionReader.read(path) { key = $0.key }
        #expect(key == PractitionerKey(type: "8", identifier: rpps(3)))
    }

    @Test func malformedLinesAreQuarantinedWithLineAndOffsetAndTheRestIsRead() throws {
        let good = personneActiviteLine(["8", rpps(1), "8" + rpps(1)])
        let tooFew = "8|\(rpps(2))|8\(rpps(2))|"
        let tooMany = good + "extra|"
        let withNul = personneActiviteLine(["8", rpps(4), "8" + rpps(4), "", "", "M", "Mon\u{0}sieur"])
        let text = [personneActiviteHeader, good, tooFew, tooMany, withNul, good].joined(separator: "\n") + "\n"
        let path = dir.write("bad.txt", text: text)
        var options = ReadOptions()
        var saved: [(Int, String)] = []
        let reports = try ExtractionReader.read(
            path, options: options,
            quarantine: { _, line, bytes in
                saved.append((line.lineNumber, String(decoding: bytes, as: UTF8.self)))
            }
        ) { _ in }
        let report = try #require(reports.first)
        #expect(report.rows == 2)
        #expect(report.quarantined == 3)
        let offset2 = Int64(personneActiviteHeader.utf8.count + 1 + good.utf8.count + 1)
        #expect(
            report.quarantine[0]
                == QuarantinedLine(lineNumber: 3, byteOffset: offset2, reason: .fieldCount(found: 4, expected: 56), excerpt: tooFew))
        #expect(report.quarantine[1].reason == .fieldCount(found: 58, expected: 56))
        #expect(report.quarantine[2].reason == .nulByte(byte: "8|\(rpps(4))|8\(rpps(4))|||M|Mon".utf8.count))
        #expect(saved.map(\.0) == [3, 4, 5])
        #expect(saved[1].1 == tooMany)  // nothing lost: the raw line is handed over
        #expect(String(describing: report.quarantine[0].reason) == "4 fields where the header has 56 columns")

        options.maxLineLength = 2500
        let long = personneActiviteLine(["8", rpps(5), "8" + rpps(5), "", "", "M", String(repeating: "x", count: 3000)])
        let report2 = try scanOne(
            dir.write("long.txt", text: [personneActiviteHeader, long, good].joined(separator: "\n")), options: options)
        #expect(report2.quarantine.first?.reason == .lineTooLong(length: long.utf8.count, limit: 2500))
        #expect(report2.rows == 1)
    }

    @Test func trailingSeparatorIsOptionalButOnlyWhenEmpty() throws {
        let labels = MSSanteColumn.labels
        let row = ["PER", "a@b.mssante.fr", "8", rpps(1), "8" + rpps(1)] + Array(repeating: "", count: 26)
        var withPipe = row
        withPipe[30] = "FRANCE"
        let text = [
            labels.joined(separator: "|"), row.joined(separator: "|") + "|", withPipe.joined(separator: "|"),
            withPipe.joined(separator: "|") + "|x",
        ].joined(separator: "\n")
        let report = try scanOne(dir.write("ms.txt", text: text))
        #expect(report.rows == 2)
        #expect(report.quarantine.map(\.lineNumber) == [4])
    }

    @Test func invalidUTF8FallsBackToWindows1252AndSaysSo() throws {
        // A Latin-1 file: é is E9.
        var bytes = Array((CartesColumn.labels.joined(separator: "|") + "|\n").utf8)
        bytes +=
            Array("8|\(rpps(1))|8\(rpps(1))|LEF".utf8) + [0xC8] + Array("VRE|Jos".utf8) + [0xE9] + Array("|10|M".utf8) + [0xE9]
            + Array("decin|C|Civil|CPS|Carte|123|8\(rpps(1))|01/01/2025|01/01/2028|||\n".utf8)
        var names: [String] = []
        let reports = try ExtractionReader.read(dir.write("latin1.txt", bytes)) {
            names.append($0.string(CartesColumn.nomExercice) + " " + $0.string(CartesColumn.prenomExercice))
        }
        #expect(reports[0].encoding == .windows1252)
        #expect(names == ["LEFÈVRE José"])

        // A UTF-8 file with one bad line: that line only is read as Windows-1252, and counted.
        var mixed = Array((CartesColumn.labels.joined(separator: "|") + "|\n").utf8)
        mixed += Array("8|\(rpps(2))|8\(rpps(2))|DURAND|Élodie|10|Médecin|C|Civil|CPS|Carte|123|8\(rpps(2))||||\n".utf8)
        mixed +=
            Array("8|\(rpps(3))|8\(rpps(3))|MARTIN|Andr".utf8) + [0xE9, 0x80] + Array("|10|M|C|Civil|CPS|Carte|124|8\(rpps(3))||||\n".utf8)
        names = []
        let report = try #require(
            try ExtractionReader.read(dir.write("mixed.txt", mixed)) { names.append($0.string(CartesColumn.prenomExercice)) }.first)
        #expect(report.encoding == .utf8)
        #expect(report.linesReadAsWindows1252 == 1)
        #expect(report.warnings.first { $0.kind == .notUTF8 }?.examples.first?.lineNumber == 3)
        #expect(names == ["Élodie", "André€"])
    }

    @Test func byteOrderMarkAndCRLFAreTolerated() throws {
        let report = try scanOne("\(fixtures)/mssante-crlf-bom.txt")
        #expect(report.hadByteOrderMark)
        #expect(report.family == .mssante)
        #expect(report.rows == 2)
        #expect(report.quarantined == 0)
        #expect(report.practitioners == 1)  // the ORG mailbox has no person
        #expect(report.extractTime == nil)
    }

    @Test func badIdentifiersAreWarningsNotDroppedRows() throws {
        let badKey = String(rpps(9).dropLast()) + String((Int(String(rpps(9).last!))! + 1) % 10)
        let lines = [
            personneActiviteHeader,
            personneActiviteLine(["8", badKey, "8" + badKey]),
            personneActiviteLine(["8", rpps(10), "8" + rpps(11)]),
            personneActiviteLine(["0", "010001948", "0010001948"]),
            personneActiviteLine(["3", "ABC", "3ABC"]),
            personneActiviteLine(["8", "10-2", "810-2"]),
        ]
        let report = try scanOne(dir.write("keys.txt", text: lines.joined(separator: "\n")))
        #expect(report.rows == 5)
        let kinds = Dictionary(uniqueKeysWithValues: report.warnings.map { ($0.kind, $0.count) })
        #expect(kinds == [.badRPPSKey: 1, .nationalIDMismatch: 1, .badADELIKey: 1, .unknownIdentifierType: 1, .malformedIdentifier: 1])
        #expect(
            report.warnings.first { $0.kind == .badRPPSKey }?.examples.first
                == .init(lineNumber: 2, column: "Identifiant PP", value: badKey))
        #expect(report.practitioners == 4)
    }

    @Test func structureIdentifiersAndCardDatesAreChecked() throws {
        var values = Array(repeating: "", count: 56)
        values[0] = "8"
        values[1] = rpps(1)
        values[2] = "8" + rpps(1)
        values[PersonneActiviteColumn.numeroSiretSite.rawValue] = "49940088500021"
        values[PersonneActiviteColumn.numeroFinessSite.rawValue] = "010010289"
        values[PersonneActiviteColumn.numeroSirenSite.rawValue] = "49940088"
        let report = try scanOne(dir.write("s.txt", text: personneActiviteHeader + "\n" + values.joined(separator: "|") + "|\n"))
        #expect(Set(report.warnings.map(\.kind)) == [.badSIRET, .badFINESS, .badSIREN])

        let card = "8|\(rpps(1))|8\(rpps(1))|A|B|10|M|C|Civil|CPS|Carte|1|8\(rpps(1))|31/13/2025|2028-01-01|20270101|hier|"
        let cards = try scanOne(dir.write("c.txt", text: CartesColumn.labels.joined(separator: "|") + "|\n" + card + "\n"))
        #expect(cards.warnings.map(\.kind) == [.invalidDate])
        #expect(cards.warnings[0].count == 2)
    }

    @Test func unreadableHeadersAreClearErrors() throws {
        let empty = dir.write("empty.txt", text: "")
        #expect(extractionError { _ = try scanOne(empty) } == .emptyFile(path: empty))
        let onlyNewline = dir.write("nl.txt", text: "\n")
        #expect(extractionError { _ = try scanOne(onlyNewline) } == .emptyFile(path: onlyNewline))

        let headerOnly = try scanOne(dir.write("h.txt", text: personneActiviteHeader + "\n"))
        #expect(headerOnly.rows == 0)

        let mono = dir.write(
            "ExtractionMonoTable_CAT18_ToutePopulation_202001.csv",
            text: "\"Type d'identifiant PP\";\"Identifiant PP\";\"Nom\"\n\"8\";\"10000000001\";\"X\"\n")
        #expect(extractionError { _ = try scanOne(mono) } == .monoTable(path: mono))
        #expect(String(describing: ExtractionError.monoTable(path: mono)).contains("ExtractionMonoTable"))

        let unknown = dir.write("u.txt", text: "nom|prénom|ville|\nA|B|C|\n")
        #expect(extractionError { _ = try scanOne(unknown) } == .unknownFamily(path: unknown, header: "nom|prénom|ville"))

        let renamed = personneActiviteHeader.replacingOccurrences(of: "|Identifiant PP|", with: "|Identifiant|")
        let renamedPath = dir.write("r.txt", text: renamed + "\n")
        #expect(
            extractionError { _ = try scanOne(renamedPath) }
                == .missingColumn(path: renamedPath, family: .personneActivite, column: "Identifiant PP"))

        var options = ReadOptions()
        options.maxColumns = 100
        let wide = dir.write("wide.txt", text: Array(repeating: "c", count: 500).joined(separator: "|") + "\n")
        #expect(extractionError { _ = try scanOne(wide, options: options) } == .tooManyColumns(path: wide, count: 500, limit: 100))
    }
}
