import Testing

@testable import AnnuaireSynth

@Suite struct MadeUpNamesTests {
    let names = MadeUpNames.shared

    func spell(_ write: (inout Cursor) -> Void) -> String {
        let buffer = ByteBuffer(capacity: 256)
        var c = buffer.cursor(reserving: 256)
        write(&c)
        buffer.finish(c)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    @Test func theFirstRanksAreTheListedNames() {
        #expect(spell { names.writeSurname(0, .upper, &$0) } == "MARTIN")
        #expect(spell { names.writeSurname(0, .capitalized, &$0) } == "Martin")
        #expect(spell { names.writeGivenName(0, .capitalized, &$0) } == "Marie")
        #expect(names.isFemale(givenName: 0))
    }

    @Test func everyMadeUpSurnameHasItsOwnSpelling() {
        // (A made-up name may spell a listed one: RENARD is R-E-N-ARD.)
        var seen = Set<String>()
        for rank in stride(from: names.listedSurnames.count, to: MadeUpNames.surnameRanks, by: 7) {
            let upper = spell { names.writeSurname(rank, .upper, &$0) }
            #expect(seen.insert(upper).inserted, "rank \(rank): \(upper)")
        }
    }

    @Test func formsAgree() {
        for rank in stride(from: 250, to: MadeUpNames.givenRanks, by: 97) {
            let capitalized = spell { names.writeGivenName(rank, .capitalized, &$0) }
            let upper = spell { names.writeGivenName(rank, .upper, &$0) }
            let slug = spell { names.writeGivenName(rank, .slug, &$0) }
            #expect(capitalized.uppercased() == upper)
            #expect(capitalized.first!.isUppercase && capitalized.dropFirst().first!.isLowercase)
            #expect(slug.allSatisfy { ($0.isASCII && $0.isLowercase) || $0 == "-" }, "\(slug)")
            #expect(slug == Vocabulary.slug(capitalized))
        }
        for rank in stride(from: 250, to: MadeUpNames.surnameRanks, by: 997) {
            let upper = spell { names.writeSurname(rank, .upper, &$0) }
            #expect(spell { names.writeSurname(rank, .capitalized, &$0) }.uppercased() == upper)
            #expect(spell { names.writeSurname(rank, .slug, &$0) } == Vocabulary.slug(upper))
        }
    }

    @Test func givenNamesOfBothSexes() {
        let female = (0..<2_000).filter { names.isFemale(givenName: 200 + $0) }.count
        #expect(female > 600 && female < 1_400)
    }
}
