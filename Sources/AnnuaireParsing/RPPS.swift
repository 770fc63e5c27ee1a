/// An RPPS number: 11 digits, Luhn key over all of them.
///
/// Stored as its numeric value; always printed with its 11 digits (leading zeros kept).
public struct RPPS: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    /// Parses 11 ASCII digits. A bad key is not an error here: see `hasValidKey`.
    public init(_ text: some Collection<UInt8>) throws(IdentifierError) {
        guard text.count == 11 else {
            throw .wrongLength(kind: "RPPS", expected: [11], actual: text.count)
        }
        try requireDigits(text, kind: "RPPS")
        value = text.reduce(0) { $0 &* 10 &+ UInt64($1 &- 48) }
        hasValidKey = Luhn.isValid(text)
    }

    public init(_ string: String) throws(IdentifierError) { try self.init(Array(string.utf8)) }

    /// Whether the Luhn key (last digit) is right.
    public let hasValidKey: Bool

    public var description: String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 11 - digits.count)) + digits
    }
}

/// An ADELI number: 9 characters, département (2, `2A`/`2B` possible) + profession (2) + sequence +
/// key; Luhn over the 9 when they are all digits.
public struct ADELI: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ text: some Collection<UInt8>) throws(IdentifierError) {
        guard text.count == 9 else {
            throw .wrongLength(kind: "ADELI", expected: [9], actual: text.count)
        }
        for (i, b) in text.enumerated() {
            let corsica = i == 1 && (b == UInt8(ascii: "A") || b == UInt8(ascii: "B"))
            guard isDigit(b) || corsica else { throw .invalidCharacter(kind: "ADELI", position: i) }
        }
        description = String(decoding: text, as: UTF8.self)
        hasValidKey = text.allSatisfy(isDigit) ? Luhn.isValid(text) : true
    }

    public init(_ string: String) throws(IdentifierError) { try self.init(Array(string.utf8)) }

    /// Whether the Luhn key is right (numbers with Corsica letters are not checked).
    public let hasValidKey: Bool
}
