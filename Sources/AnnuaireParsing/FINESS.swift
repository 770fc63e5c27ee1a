/// A FINESS number: 9 characters `[0-9][0-9AB][0-9]{7}`; Luhn when all digits.
public struct FINESS: Hashable, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether the Luhn key is right (numbers with Corsica letters are not checked).
    public let hasValidKey: Bool

    /// Parses 9 ASCII characters. A bad key is not an error here: see `hasValidKey`.
    public init(_ text: some Collection<UInt8>) throws(IdentifierError) {
        let bytes = Array(text)
        let check = bytes.withUnsafeBytes(IdentifierCheck.finess)
        if let error = check.error(kind: "FINESS", lengths: [9]) { throw error }
        description = String(decoding: bytes, as: UTF8.self)
        hasValidKey = check == .valid
    }
}

/// A SIREN (9 digits) or SIRET (14 digits: SIREN + establishment number), Luhn-checked;
/// La Poste's SIRETs (SIREN 356000000) are exempt from the check.
public struct SIRENOrSIRET: Hashable, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether the Luhn key is right (La Poste's SIRETs are exempt from the check).
    public let hasValidKey: Bool

    /// Parses 9 (SIREN) or 14 (SIRET) ASCII digits. A bad key is not an error here: see `hasValidKey`.
    public init(_ text: some Collection<UInt8>, kind: Kind) throws(IdentifierError) {
        let bytes = Array(text)
        let check = bytes.withUnsafeBytes { IdentifierCheck.siren($0, length: kind.rawValue) }
        if let error = check.error(kind: kind == .siren ? "SIREN" : "SIRET", lengths: [kind.rawValue]) { throw error }
        description = String(decoding: bytes, as: UTF8.self)
        hasValidKey = check == .valid
    }

    /// Which of the two, by its length.
    public enum Kind: Int, Sendable {
        /// A company's 9 digits.
        case siren = 9
        /// An establishment's 14 digits.
        case siret = 14
    }
}
