/// An RPPS number: 11 digits, Luhn key over all of them.
///
/// Stored as its numeric value; always printed with its 11 digits (leading zeros kept).
public struct RPPS: Hashable, Sendable, CustomStringConvertible {
    /// The number's value (print it with `description` to keep its leading zeros).
    public let value: UInt64
    /// Whether the Luhn key (last digit) is right.
    public let hasValidKey: Bool

    /// Parses 11 ASCII digits. A bad key is not an error here: see `hasValidKey`.
    public init(_ text: some Collection<UInt8>) throws(IdentifierError) {
        let bytes = Array(text)
        let check = bytes.withUnsafeBytes(IdentifierCheck.rpps)
        if let error = check.error(kind: "RPPS", lengths: [11]) { throw error }
        value = bytes.reduce(0) { $0 &* 10 &+ UInt64($1 &- 48) }
        hasValidKey = check == .valid
    }

    /// Parses the 11 digits of `string`, as `init(_:)` does bytes.
    public init(_ string: String) throws(IdentifierError) { try self.init(Array(string.utf8)) }

    public var description: String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 11 - digits.count)) + digits
    }
}

/// An ADELI number: 9 characters, département (2, `2A`/`2B` possible) + profession (2) + sequence +
/// key; Luhn over the 9 when they are all digits.
public struct ADELI: Hashable, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether the Luhn key is right (numbers with Corsica letters are not checked).
    public let hasValidKey: Bool

    /// Parses 9 ASCII characters. A bad key is not an error here: see `hasValidKey`.
    public init(_ text: some Collection<UInt8>) throws(IdentifierError) {
        let bytes = Array(text)
        let check = bytes.withUnsafeBytes(IdentifierCheck.adeli)
        if let error = check.error(kind: "ADELI", lengths: [9]) { throw error }
        description = String(decoding: bytes, as: UTF8.self)
        hasValidKey = check == .valid
    }

    /// Parses the 9 characters of `string`, as `init(_:)` does bytes.
    public init(_ string: String) throws(IdentifierError) { try self.init(Array(string.utf8)) }
}
