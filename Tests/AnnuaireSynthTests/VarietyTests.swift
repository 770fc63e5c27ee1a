import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSynth

/// The standard set's bytes are fixed: digests of the output at a small scale, taken before the
/// wide set existed (`annuaire synth --scale 0.002` with seed 2026, FNV-1a of each file).
@Suite struct StandardSetTests {
    static let textDigests: [Family: UInt64] = [
        .personneActivite: 0x3C18_12C5_3E38_6A4E, .savoirFaire: 0x8145_6967_86CC_0CAE, .diplomes: 0xC8BE_F90D_39E6_58FC,
        .cartes: 0xBCA4_736E_4C59_3E85, .mssante: 0x04D1_AF73_F9A4_B09D,
    ]

    @Test(arguments: Family.allCases)
    func theTextIsUnchanged(family: Family) {
        let text = Synthesizer.text(family: family, scale: testScale, seed: 2026)
        #expect(fnv1a(text) == Self.textDigests[family], "\(family): the standard set's bytes changed")
        #expect(same(Synthesizer.text(family: family, scale: testScale, seed: 2026, variety: .standard), text))
    }

    @Test func theStoredZipFilesAreUnchanged() throws {
        let dir = TemporaryDirectory()
        var options = SynthOptions(scale: testScale, seed: 2026, format: .zip, directory: dir.path + "/zip")
        options.zipMethod = .stored
        let digests = try Synthesizer.write(options).map { ($0.name, fnv1a(contents($0.path))) }
        #expect(
            digests.map(\.0) == [
                "PS_LibreAcces_202601150851.zip", "Porteurs_CPS_CPF_202601150851.zip",
                "Extraction_Correspondance_MSSante_202601150851.zip",
            ])
        #expect(digests.map(\.1) == [0x358C_4390_268C_E2CE, 0x2492_804A_A1D3_7B10, 0x92EA_DE1F_AE29_B3B1])
    }
}

/// The wide set: the same seed gives the same bytes, its values are far more varied than the
/// standard set's, its private practices are shared as in the real files, and it scans clean.
@Suite struct WideSetTests {
    static let scale = 0.01

    @Test(arguments: Family.allCases)
    func sameSeedGivesSameBytesAndAnotherSeedOthers(family: Family) {
        let a = Synthesizer.text(family: family, scale: testScale, seed: 11, variety: .wide)
        let b = Synthesizer.text(family: family, scale: testScale, seed: 11, variety: .wide)
        let c = Synthesizer.text(family: family, scale: testScale, seed: 12, variety: .wide)
        #expect(same(a, b))
        #expect(!same(a, c))
        #expect(!same(a, Synthesizer.text(family: family, scale: testScale, seed: 11)))
    }

    @Test func filesWrittenOnSeveralThreadsAreTheTextAndScanClean() throws {
        let dir = TemporaryDirectory()
        var options = SynthOptions(scale: testScale, seed: 7, format: .zip, directory: dir.path + "/wide", variety: .wide)
        options.threads = 2
        options.blockSize = 97
        let files = try Synthesizer.write(options)
        #expect(files.count == 3)
        for file in files {
            let reports = try expectCleanScan(file.path)
            for report in reports {
                let text = Synthesizer.text(family: report.family, scale: testScale, seed: 7, variety: .wide)
                #expect(report.rows == splitLines(text).count - 1, "\(report.family)")
            }
        }
        var txt = options
        txt.format = .txt
        txt.directory = dir.path + "/txt"
        for file in try Synthesizer.write(txt) {
            let family = file.families[0]
            #expect(same(contents(file.path), Synthesizer.text(family: family, scale: testScale, seed: 7, variety: .wide)))
        }
    }

    /// Distinct values of a column in the standard and the wide personne-activite text.
    static let standard = Synthesizer.text(family: .personneActivite, scale: scale)
    static let wide = Synthesizer.text(family: .personneActivite, scale: scale, variety: .wide)

    /// The share of distinct values of a structure's column among the structures that fill it
    /// (each structure counted once, with the value of its first row).
    static func distinctShare(_ text: [UInt8], _ label: String) -> Double {
        var values: [String: String] = [:]
        for (structure, value) in zip(column(text, "Identifiant technique de la structure"), column(text, label))
        where !structure.isEmpty && !value.isEmpty && values[structure] == nil {
            values[structure] = value
        }
        return Double(Set(values.values).count) / Double(max(values.count, 1))
    }

    @Test(arguments: [
        ("Raison sociale site", 3.0, 0.8), ("Enseigne commerciale site", 1.5, 0.9), ("Libellé Voie (coord. structure)", 20, 0.7),
        ("Complément destinataire (coord. structure)", 10, 0.4), ("Complément point géographique (coord. structure)", 10, 0.6),
        ("Mention distribution (coord. structure)", 10, 0.5),
    ])
    func structuresHaveFarMoreDistinctValues(label: String, factor: Double, least: Double) {
        let standard = Self.distinctShare(Self.standard, label)
        let wide = Self.distinctShare(Self.wide, label)
        #expect(wide >= factor * standard && wide >= least, "\(label): \(wide) distinct per structure against \(standard)")
    }

    @Test(arguments: ["Nom d'exercice", "Prénom d'exercice"])
    func peopleHaveFarMoreDistinctNames(label: String) {
        let standard = Set(column(Self.standard, label).map { $0.uppercased() }).count
        let wide = Set(column(Self.wide, label).map { $0.uppercased() }).count
        #expect(wide > 20 * standard, "\(label): \(wide) distinct names against \(standard)")
    }

    @Test func namesHaveALongTailAndAFewCommonOnes() {
        let people = Dictionary(
            zip(column(Self.wide, "Identification nationale PP"), column(Self.wide, "Nom d'exercice")), uniquingKeysWith: { a, _ in a })
        let counts = Dictionary(grouping: people.values.map { $0.uppercased() }, by: { $0 }).mapValues(\.count)
        let words = Set(people.values.flatMap { $0.split(separator: " ") }).count
        let standardWords = Set(column(Self.standard, "Nom d'exercice").flatMap { $0.split(separator: " ") }).count
        #expect(words > 20 * standardWords)
        // 14,000 people: most surnames are borne by one of them, the most common by dozens.
        #expect(counts.count > people.count / 2)
        #expect(counts.values.filter { $0 == 1 }.count > counts.count / 2)
        #expect(counts.values.max()! > 15)
    }

    @Test func practicesAreSharedAsInTheRealFiles() {
        let structures = column(Self.wide, "Identifiant technique de la structure")
        let sectors = column(Self.wide, "Code secteur d'activité")
        let people = column(Self.wide, "Identification nationale PP")
        var members: [String: Set<String>] = [:]
        var sectorOf: [String: String] = [:]
        for (i, s) in structures.enumerated() where !s.isEmpty {
            members[s, default: []].insert(people[i])
            sectorOf[s] = sectors[i]
        }
        // Rows per distinct structure, as in the real files (about 4.4).
        let ratio = Double(structures.count) / Double(members.count)
        #expect(ratio > 3 && ratio < 6, "\(ratio) rows per structure")
        func sizes(_ sector: String) -> [Int] { members.filter { sectorOf[$0.key] == sector }.map(\.value.count) }
        // Hospitals have hundreds of practitioners at national scale (here, a hundredth of them).
        #expect(sizes("SA01").max()! > 50)
        for sector in ["SA07", "SA08", "SA09"] {
            let practices = sizes(sector)
            let small = practices.filter { $0 <= 3 }.count
            #expect(small * 10 > practices.count * 8, "\(sector): \(small) of \(practices.count) practices have one to three people")
            #expect(practices.contains { $0 >= 2 }, "\(sector)")
        }
        // In the standard set every private practice has one practitioner.
        let standard = column(Self.standard, "Identifiant technique de la structure")
        #expect(Set(standard.filter { !$0.isEmpty }).count > members.count)
    }

    @Test func rowCountsIdentifiersAndCodesAreTheStandardSets() {
        for family in Family.allCases {
            let standard = splitLines(Synthesizer.text(family: family, scale: testScale))
            let wide = splitLines(Synthesizer.text(family: family, scale: testScale, variety: .wide))
            #expect(standard.count == wide.count, "\(family)")
            let id = family == .mssante ? 4 : 2
            if family != .mssante { #expect(standard.map { $0[id] } == wide.map { $0[id] }, "\(family)") }
        }
    }
}
