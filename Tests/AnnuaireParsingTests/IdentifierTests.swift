import Testing

@testable import AnnuaireParsing

@Suite struct IdentifierTests {
    @Test func luhnAcceptsRealNumbersAndRejectsOneDigitOff() {
        for valid in ["010001949", "012600631", "49940088500020", "010010288"] {
            #expect(Luhn.isValid(Array(valid.utf8)), "\(valid)")
        }
        #expect(!Luhn.isValid(Array("010001948".utf8)))
        #expect(!Luhn.isValid(Array("01000194A".utf8)))
        #expect(Luhn.checkDigit(for: Array("01000194".utf8)) == UInt8(ascii: "9"))
    }

    @Test func rppsKeepsLeadingZerosAndChecksItsKey() throws {
        let good = try RPPS(rpps(42))
        #expect(good.hasValidKey)
        #expect(good.description == rpps(42))
        let bad = try RPPS(String(rpps(42).dropLast()) + String((Int(String(rpps(42).last!))! + 1) % 10))
        #expect(!bad.hasValidKey)
        #expect(throws: IdentifierError.wrongLength(kind: "RPPS", expected: [11], actual: 10)) { try RPPS("1000000000") }
        #expect(throws: IdentifierError.invalidCharacter(kind: "RPPS", position: 3)) { try RPPS("100X0000000") }
    }

    @Test func adeliAcceptsCorsicaAndChecksDigitsOnlyNumbers() throws {
        #expect(try ADELI("010001949").hasValidKey)
        #expect(try !ADELI("010001948").hasValidKey)
        #expect(try ADELI("2A0000014").hasValidKey)  // letters: not Luhn-checked
        #expect(throws: IdentifierError.invalidCharacter(kind: "ADELI", position: 2)) { try ADELI("01A001949") }
    }

    @Test func finessAndSiret() throws {
        #expect(try FINESS(Array("010010288".utf8)).hasValidKey)
        #expect(try !FINESS(Array("010010289".utf8)).hasValidKey)
        #expect(try FINESS(Array("2A0000000".utf8)).hasValidKey)
        #expect(try SIRENOrSIRET(Array("49940088500020".utf8), kind: .siret).hasValidKey)
        #expect(try !SIRENOrSIRET(Array("49940088500021".utf8), kind: .siret).hasValidKey)
        #expect(try SIRENOrSIRET(Array("35600000000048".utf8), kind: .siret).hasValidKey)  // La Poste: exempt
        #expect(try SIRENOrSIRET(Array("499400885".utf8), kind: .siren).hasValidKey)
    }

    @Test func practitionerKeyIsLosslessAndOrdersTypes() throws {
        let a = try #require(PractitionerKey(type: "8", identifier: rpps(7)))
        #expect(a.typeCode == 8)
        #expect(a.identifier == rpps(7))
        #expect(a.nationalID == "8" + rpps(7))
        let b = try #require(PractitionerKey(type: "0", identifier: "012600631"))
        let c = try #require(PractitionerKey(type: "0", identifier: "12600631"))
        #expect(b != c)  // leading zeros matter
        #expect(b.identifier == "012600631")
        #expect(try #require(PractitionerKey(type: "0", identifier: "2A0000014")).identifier == "2A0000014")
        #expect(try #require(PractitionerKey(type: "30", identifier: "ZZZZZZZZZZZ")).typeCode == 30)
        #expect(PractitionerKey(type: "8", identifier: "123456789012") == nil)
        #expect(PractitionerKey(type: "8", identifier: "1234-678") == nil)
        #expect(PractitionerKey(type: "", identifier: "1") == nil)
    }

    @Test func lookupAcceptsEveryFormAndRejectsBadKeys() throws {
        let key = try PractitionerKey(lookup: rpps(5))
        #expect(try PractitionerKey(lookup: "8" + rpps(5)) == key)
        let adeli = try PractitionerKey(lookup: "010001949")
        #expect(try PractitionerKey(lookup: "0010001949") == adeli)
        #expect(adeli.typeCode == 0)
        #expect(throws: IdentifierError.badCheckDigit(kind: "RPPS")) { try PractitionerKey(lookup: "10000000000") }
        #expect(throws: IdentifierError.badCheckDigit(kind: "ADELI")) { try PractitionerKey(lookup: "010001948") }
        #expect(throws: IdentifierError.self) { try PractitionerKey(lookup: "12345") }
        #expect(throws: IdentifierError.self) { try PractitionerKey(lookup: "9" + rpps(5)) }
    }
}
