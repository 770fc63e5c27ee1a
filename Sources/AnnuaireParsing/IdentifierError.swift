/// Why a text is not a well-formed identifier of the expected kind.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text has `actual` characters where the kind needs `expected`.
    case wrongLength(kind: String, expected: [Int], actual: Int)
    /// The character at `position` (0-based) is not allowed there.
    case invalidCharacter(kind: String, position: Int)
    /// The text is well formed but its key (check digit) is wrong.
    case badCheckDigit(kind: String)

    public var description: String {
        switch self {
        case let .wrongLength(kind, expected, actual):
            let numbers = expected.map(String.init)
            let lengths = numbers.count > 1 ? numbers.dropLast().joined(separator: ", ") + " or " + numbers.last! : numbers.joined()
            return "\(kind) must have \(lengths) characters, not \(actual)"
        case let .invalidCharacter(kind, position):
            return "\(kind) has an invalid character at position \(position + 1)"
        case let .badCheckDigit(kind):
            return "\(kind) has a wrong check digit (Luhn key)"
        }
    }
}

@usableFromInline
func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
