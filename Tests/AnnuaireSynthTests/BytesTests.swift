import AnnuaireParsing
import Testing

@testable import AnnuaireSynth

@Suite struct BytesTests {
    @Test func luhnKeyAgreesWithTheParsingModule() {
        var random = Random(seed: 1, .identity, 0)
        for width in [8, 10, 13] {
            for _ in 0..<2_000 {
                let payload = random.digits(width)
                let digits = Array(String(withLuhnKey(payload)).utf8)
                #expect(Luhn.isValid(digits))
                let padded = Array(repeating: UInt8(ascii: "0"), count: width - String(payload).count) + Array(String(payload).utf8)
                #expect(Luhn.checkDigit(for: padded) == luhnKey(payload))
            }
        }
    }

    @Test func cursorWritesDigitsWithLeadingZeros() {
        let buffer = ByteBuffer(capacity: 64)
        var c = buffer.cursor(reserving: 64)
        c.digits(42, width: 5)
        c.pipe()
        c.number(0)
        c.pipe()
        c.number(1_234)
        c.pipe()
        c.luhn(1_000_000_001, width: 10)
        buffer.finish(c)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == "00042|0|1234|" + String(withLuhnKey(1_000_000_001)))
        #expect(Luhn.isValid(Array(String(withLuhnKey(1_000_000_001)).utf8)))
    }
}
