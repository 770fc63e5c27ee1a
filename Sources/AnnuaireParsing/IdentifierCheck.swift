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
        digits(b, length: 11) ?? (Luhn.isValid(b) ? .valid : .badKey)
    }

    /// ADELI (and FINESS): 9 characters, digits except `A`/`B` in second place (Corsica);
    /// Luhn when all are digits.
    package static func adeli(_ b: UnsafeRawBufferPointer) -> Self {
        guard b.count == 9 else { return .wrongLength(b.count) }
        var corsica = false
        for (i, c) in b.enumerated() where c &- 48 >= 10 {
            guard i == 1, c == UInt8(ascii: "A") || c == UInt8(ascii: "B") else { return .invalidCharacter(at: i) }
            corsica = true
        }
        return corsica || Luhn.isValid(b) ? .valid : .badKey
    }

    /// FINESS: `[0-9][0-9AB][0-9]{7}`, Luhn when all digits.
    package static func finess(_ b: UnsafeRawBufferPointer) -> Self { adeli(b) }

    /// SIREN (9 digits) or SIRET (14 digits), Luhn; La Poste's SIRETs (SIREN 356000000) are exempt.
    package static func siren(_ b: UnsafeRawBufferPointer, length: Int) -> Self {
        if let problem = digits(b, length: length) { return problem }
        if length == 14, b.starts(with: "356000000".utf8) { return .valid }
        return Luhn.isValid(b) ? .valid : .badKey
    }

    private static func digits(_ b: UnsafeRawBufferPointer, length: Int) -> Self? {
        guard b.count == length else { return .wrongLength(b.count) }
        for (i, c) in b.enumerated() where c &- 48 >= 10 { return .invalidCharacter(at: i) }
        return nil
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
