/// The outcome of checking an identifier's text: the single implementation behind the identifier
/// types and the per-row warnings, allocation-free for the hot path.
package enum IdentifierCheck: Sendable, Equatable {
    case valid
    /// Well formed, but the Luhn key is wrong.
    case badKey
    /// Wrong length or a character not allowed at its place (with its 0-based position).
    case wrongLength(Int)
    case invalidCharacter(at: Int)

    /// RPPS: 11 digits, Luhn over all of them.
    package static func rpps(_ b: UnsafeRawBufferPointer) -> Self {
        guard b.count == 11 else { return .wrongLength(b.count) }
        // safe: b holds 11 bytes.
        let digits = DigitWords(b.baseAddress!, count: 11)
        guard digits.allDigits else { return firstNonDigit(b) }
        return digits.luhnValid ? .valid : .badKey
    }

    /// ADELI (and FINESS): 9 characters, digits except `A`/`B` in second place (Corsica);
    /// Luhn when all are digits.
    package static func adeli(_ b: UnsafeRawBufferPointer) -> Self {
        guard b.count == 9 else { return .wrongLength(b.count) }
        // safe: b holds 9 bytes.
        let digits = DigitWords(b.baseAddress!, count: 9)
        if digits.allDigits { return digits.luhnValid ? .valid : .badKey }
        for (i, c) in b.enumerated() where c &- 48 >= 10 {
            guard i == 1, c == UInt8(ascii: "A") || c == UInt8(ascii: "B") else { return .invalidCharacter(at: i) }
        }
        // A Corsica letter, the only character that is not a digit: not Luhn-checked.
        return .valid
    }

    /// FINESS: `[0-9][0-9AB][0-9]{7}`, Luhn when all digits.
    package static func finess(_ b: UnsafeRawBufferPointer) -> Self { adeli(b) }

    /// SIREN (9 digits) or SIRET (14 digits), Luhn; La Poste's SIRETs (SIREN 356000000) are exempt.
    package static func siren(_ b: UnsafeRawBufferPointer, length: Int) -> Self {
        guard b.count == length else { return .wrongLength(b.count) }
        guard length >= 8, length <= 16 else {
            if let problem = digits(b, length: length) { return problem }
            return Luhn.isValid(b) ? .valid : .badKey
        }
        // safe: b holds `length` bytes, 8 to 16.
        let digits = DigitWords(b.baseAddress!, count: length)
        guard digits.allDigits else { return firstNonDigit(b) }
        if length == 14, digits.startsWithLaPoste { return .valid }
        return digits.luhnValid ? .valid : .badKey
    }

    private static func digits(_ b: UnsafeRawBufferPointer, length: Int) -> Self? {
        guard b.count == length else { return .wrongLength(b.count) }
        for (i, c) in b.enumerated() where c &- 48 >= 10 { return .invalidCharacter(at: i) }
        return nil
    }

    /// The position of the first byte of `b` that is not an ASCII digit (there is one).
    private static func firstNonDigit(_ b: UnsafeRawBufferPointer) -> Self {
        for (i, c) in b.enumerated() where c &- 48 >= 10 { return .invalidCharacter(at: i) }
        return .valid
    }

    /// Converts a problem into the error of `kind`, expecting `lengths`.
    func error(kind: String, lengths: [Int]) -> IdentifierError? {
        switch self {
        case .valid, .badKey: nil
        case .wrongLength(let n): .wrongLength(kind: kind, expected: lengths, actual: n)
        case .invalidCharacter(let i): .invalidCharacter(kind: kind, position: i)
        }
    }
}

/// 8 to 16 ASCII characters as two little-endian 64-bit words, to check that they are all digits
/// and compute their Luhn sum a word at a time (SWAR) instead of a byte at a time.
///
/// `low` holds characters 0–7; `high` holds characters 8…count-1 in its low bytes and `0`
/// characters above them, which are digits of value 0 and change neither check.
struct DigitWords {
    let low: UInt64
    let high: UInt64
    let count: Int

    private static let zeros: UInt64 = 0x3030_3030_3030_3030
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Reads the `count` (8 to 16) bytes at `base`.
    @inline(__always)
    init(_ base: UnsafeRawPointer, count: Int) {
        // safe: the caller guarantees `count` (8 to 16) readable bytes at `base`; both loads lie
        // within them.
        let first = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        let last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        let extra = count - 8  // characters of `high`, 0...8
        low = first
        if extra == 0 {
            high = Self.zeros
        } else {
            let shift = UInt64(8 * (8 - extra))
            // The last `extra` bytes moved down, `0`s shifted in above them.
            high = extra == 8 ? last : (last >> shift) | (Self.zeros << UInt64(8 * extra))
        }
        self.count = count
    }

    /// Whether every byte is `0`–`9`: its high nibble is 3, and still 3 after adding 6.
    var allDigits: Bool {
        let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let six: UInt64 = 0x0606_0606_0606_0606
        return (low & nibbles) == Self.zeros && ((low &+ six) & nibbles) == Self.zeros
            && (high & nibbles) == Self.zeros && ((high &+ six) & nibbles) == Self.zeros
    }

    /// Whether the digits (all digits) pass the Luhn check: every second digit from the right
    /// doubled (its digits summed), the total a multiple of 10.
    var luhnValid: Bool {
        // The last digit is not doubled, so the doubled ones are those at an even position
        // when the count is even, at an odd one when it is odd; `high` starts at position 8, so
        // the same bytes of both words are doubled.
        let doubled: UInt64 = count & 1 == 0 ? 0x00FF_00FF_00FF_00FF : 0xFF00_FF00_FF00_FF00
        return (Self.luhnSum(low &- Self.zeros, doubled) + Self.luhnSum(high &- Self.zeros, doubled)) % 10 == 0
    }

    /// The Luhn sum of the eight digit values (0–9) of `d`, the bytes in `doubled` doubled.
    @inline(__always)
    private static func luhnSum(_ d: UInt64, _ doubled: UInt64) -> UInt64 {
        let twice = d & doubled
        // 2d, less 9 when d ≥ 5 (d + 3 then has its bit 3 set): the sum of the digits of 2d.
        let nine = ((twice &+ 0x0303_0303_0303_0303) >> 3) & ones & (doubled & ones)
        let bytes = (d & ~doubled) &+ (twice << 1) &- nine &* 9
        // Each byte ≤ 9: their total (≤ 72) is the top byte of the product.
        return (bytes &* ones) >> 56
    }

    /// Whether the first nine characters are La Poste's SIREN, `356000000`.
    var startsWithLaPoste: Bool {
        // "35600000" little-endian, then the ninth character `0` (the low byte of `high`).
        low == 0x3030_3030_3036_3533 && high & 0xFF == 0x30
    }
}
