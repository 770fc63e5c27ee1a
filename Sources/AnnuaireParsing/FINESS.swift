/// A FINESS number: 9 characters `[0-9][0-9AB][0-9]{7}`; Luhn when all digits.
public struct FINESS: Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public let hasValidKey: Bool

    public init(_ text: some Collection<UInt8>) throws(IdentifierError) {
        guard text.count == 9 else {
            throw .wrongLength(kind: "FINESS", expected: [9], actual: text.count)
        }
        for (i, b) in text.enumerated() {
            let corsica = i == 1 && (b == UInt8(ascii: "A") || b == UInt8(ascii: "B"))
            guard isDigit(b) || corsica else { throw .invalidCharacter(kind: "FINESS", position: i) }
        }
        description = String(decoding: text, as: UTF8.self)
        hasValidKey = text.allSatisfy(isDigit) ? Luhn.isValid(text) : true
    }
}

/// A SIREN (9 digits) or SIRET (14 digits: SIREN + establishment number), Luhn-checked;
/// La Poste's SIRETs (SIREN 356000000) are exempt from the check.
public struct SIRENOrSIRET: Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public let hasValidKey: Bool

    public init(_ text: some Collection<UInt8>, kind: Kind) throws(IdentifierError) {
        let name = kind == .siren ? "SIREN" : "SIRET"
        guard text.count == kind.rawValue else {
            throw .wrongLength(kind: name, expected: [kind.rawValue], actual: text.count)
        }
        try requireDigits(text, kind: name)
        description = String(decoding: text, as: UTF8.self)
        let laPoste = kind == .siret && text.starts(with: "356000000".utf8)
        hasValidKey = laPoste || Luhn.isValid(text)
    }

    public enum Kind: Int, Sendable { case siren = 9, siret = 14 }
}
