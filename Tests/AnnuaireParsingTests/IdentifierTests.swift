import AnnuaireSynth
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

    /// Random identifiers of 7 to 17 characters, mostly digits (some with a Luhn key made right),
    /// some with a letter, a space or a high byte anywhere: the word-at-a-time checks must give
    /// what the byte-at-a-time definitions give.
    @Test func identifierChecksAgreeWithTheirDefinitions() {
        var rng = SplitMix64(seed: 3)
        let others: [UInt8] = Array("ABZaz /-".utf8) + [0x00, 0x2F, 0x3A, 0x7F, 0xC3, 0xFF]
        for round in 0..<200_000 {
            let length = 7 + Int(rng.next() % 11)
            var text = (0..<length).map { _ in UInt8(48 + rng.next() % 10) }
            if round % 3 == 0 { text[length - 1] = Luhn.checkDigit(for: text.dropLast()) }
            if round % 5 == 0 { text[Int(rng.next() % UInt64(length))] = others[Int(rng.next() % UInt64(others.count))] }
            if round % 50 == 0 { text.replaceSubrange(0..<min(9, length), with: Array("356000000".utf8).prefix(min(9, length))) }
            text.withUnsafeBytes { b in
                #expect(IdentifierCheck.rpps(b) == referenceDigits(b, length: 11, luhn: true), "RPPS \(text)")
                #expect(IdentifierCheck.adeli(b) == referenceADELI(b), "ADELI \(text)")
                #expect(IdentifierCheck.finess(b) == referenceADELI(b), "FINESS \(text)")
                #expect(IdentifierCheck.siren(b, length: 9) == referenceDigits(b, length: 9, luhn: true), "SIREN \(text)")
                let laPoste = b.count == 14 && b.starts(with: "356000000".utf8)
                let siret = referenceDigits(b, length: 14, luhn: !laPoste)
                #expect(IdentifierCheck.siren(b, length: 14) == siret, "SIRET \(text)")
            }
        }
    }

    /// Random type and identifier bytes: the key must be the definition's, `type × 37¹¹ + Σ cᵢ·37ⁱ`.
    @Test func practitionerKeyAgreesWithItsDefinition() {
        var rng = SplitMix64(seed: 5)
        let alphabet: [UInt8] =
            Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8) + Array(" -/@[`{".utf8) + [0, 0xC3]
        for round in 0..<200_000 {
            let type = (0..<Int(rng.next() % 4)).map { _ in
                round % 7 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(48 + rng.next() % 10)
            }
            let identifier = (0..<Int(rng.next() % 14)).map { _ in
                round % 3 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(48 + rng.next() % 10)
            }
            type.withUnsafeBytes { t in
                identifier.withUnsafeBytes { i in
                    #expect(PractitionerKey(type: t, identifier: i)?.rawValue == referenceKey(type, identifier), "\(type) \(identifier)")
                }
            }
        }
    }

    /// Random dates in the three forms, right and wrong: parsing the bytes in place gives what
    /// parsing a copy gives, and what the calendar says.
    @Test func cardDatesInPlaceAgreeWithTheirDefinition() {
        var rng = SplitMix64(seed: 9)
        for round in 0..<100_000 {
            let (y, m, d) = (1990 + Int(rng.next() % 50), Int(rng.next() % 14), Int(rng.next() % 33))
            func pad(_ n: Int, _ w: Int) -> String {
                let digits = String(n)
                return String(repeating: "0", count: max(0, w - digits.count)) + digits
            }
            var text: [UInt8]
            switch round % 3 {
            case 0: text = Array("\(pad(d, 2))/\(pad(m, 2))/\(pad(y, 4))".utf8)
            case 1: text = Array("\(pad(y, 4))\(pad(m, 2))\(pad(d, 2))".utf8)
            default: text = Array("\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))".utf8)
            }
            if round % 7 == 0 { text[Int(rng.next() % UInt64(text.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            if round % 11 == 0 { text.removeLast() }
            let expected =
                (1...12).contains(m) && (1...ExtractTime.daysIn(month: m, year: y)).contains(d) && round % 7 != 0 && round % 11 != 0
            let date = text.withUnsafeBytes { CardDate(text: $0) }
            #expect(date == CardDate(text), "\(text)")
            if round % 7 != 0, round % 11 != 0 {
                #expect((date != nil) == expected, "\(String(decoding: text, as: UTF8.self))")
                if let date { #expect((date.year, date.month, date.day) == (y, m, d)) }
            }
        }
    }
}

/// `digits` then Luhn, a byte at a time: what `IdentifierCheck` answers for RPPS, SIREN and SIRET.
private func referenceDigits(_ b: UnsafeRawBufferPointer, length: Int, luhn: Bool) -> IdentifierCheck {
    guard b.count == length else { return .wrongLength(b.count) }
    for (i, c) in b.enumerated() where !(48...57).contains(c) { return .invalidCharacter(at: i) }
    return !luhn || referenceLuhn(Array(b)) ? .valid : .badKey
}

/// ADELI and FINESS, a byte at a time.
private func referenceADELI(_ b: UnsafeRawBufferPointer) -> IdentifierCheck {
    guard b.count == 9 else { return .wrongLength(b.count) }
    var corsica = false
    for (i, c) in b.enumerated() where !(48...57).contains(c) {
        guard i == 1, c == UInt8(ascii: "A") || c == UInt8(ascii: "B") else { return .invalidCharacter(at: i) }
        corsica = true
    }
    return corsica || referenceLuhn(Array(b)) ? .valid : .badKey
}

/// Luhn from the right: every second digit doubled, its digits summed.
private func referenceLuhn(_ digits: [UInt8]) -> Bool {
    var sum = 0
    for (i, c) in digits.reversed().enumerated() {
        let d = Int(c) - 48
        sum += i % 2 == 1 ? (2 * d > 9 ? 2 * d - 9 : 2 * d) : d
    }
    return sum % 10 == 0
}

/// The key's definition, a character at a time; nil for what it cannot encode.
private func referenceKey(_ type: [UInt8], _ identifier: [UInt8]) -> UInt64? {
    guard (1...2).contains(type.count), (1...11).contains(identifier.count), type.allSatisfy({ (48...57).contains($0) }) else { return nil }
    var packed: UInt64 = 0
    for b in identifier {
        let c: UInt64
        switch b {
        case 48...57: c = UInt64(b) - 47
        case 65...90: c = UInt64(b) - 54
        case 97...122: c = UInt64(b) - 86
        default: return nil
        }
        packed = packed * 37 + c
    }
    return UInt64(type.reduce(0) { $0 * 10 + Int($1) - 48 }) * 177_917_621_779_460_413 + packed
}
