/// A practitioner's identity as one lossless 64-bit number: the `Type d'identifiant PP` code and the
/// `Identifiant PP` text, so that `8`+RPPS and `0`+ADELI (the two forms of the national identifier)
/// are keys of one space, usable in sets and in the snapshot's index.
///
/// Encoding: `type × 37¹¹ + Σ cᵢ·37ⁱ` where each identifier character is 1–10 for `0`–`9` and 11–36
/// for `A`–`Z`, so leading zeros are kept. It holds a type code 0–99 and identifiers of 1–11
/// characters; anything else has no key (`nil`) and is reported by the reader as a malformed
/// identifier.
public struct PractitionerKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The encoded key (see above); keys sort by type, then identifier.
    public let rawValue: UInt64

    @usableFromInline static let typeScale: UInt64 = 177_917_621_779_460_413  // 37^11

    /// The key whose encoding is `rawValue`.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The key of the columns `Type d'identifiant PP` and `Identifiant PP`.
    @inlinable
    public init?(type: UnsafeRawBufferPointer, identifier: UnsafeRawBufferPointer) {
        guard (1...2).contains(type.count), (1...11).contains(identifier.count) else { return nil }
        var code: UInt64 = 0
        for b in type {
            guard b &- 48 < 10 else { return nil }
            code = code * 10 + UInt64(b &- 48)
        }
        var packed: UInt64 = 0
        for b in identifier {
            let c: UInt8
            switch b {
            case 48...57: c = b - 47
            case 65...90: c = b - 54
            case 97...122: c = b - 86
            default: return nil
            }
            packed = packed * 37 + UInt64(c)
        }
        rawValue = code * Self.typeScale + packed
    }

    /// Convenience for strings (tests, user input).
    public init?(type: String, identifier: String) {
        let t = Array(type.utf8), i = Array(identifier.utf8)
        let key = t.withUnsafeBytes { tb in i.withUnsafeBytes { ib in PractitionerKey(type: tb, identifier: ib) } }
        guard let key else { return nil }
        self = key
    }

    /// The `Type d'identifiant PP` code: 8 RPPS, 0 ADELI.
    public var typeCode: Int { Int(rawValue / Self.typeScale) }

    /// The `Identifiant PP` text.
    public var identifier: String {
        var packed = rawValue % Self.typeScale
        var chars: [UInt8] = []
        while packed > 0 {
            let c = UInt8(packed % 37)
            chars.append(c <= 10 ? c + 47 : c + 54)
            packed /= 37
        }
        return String(decoding: chars.reversed(), as: UTF8.self)
    }

    /// The national identifier (`Identification nationale PP`): type code then identifier.
    public var nationalID: String { "\(typeCode)\(identifier)" }

    public var description: String { nationalID }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Parses what a user types to find a practitioner: an RPPS (11 digits), an ADELI (9
    /// characters), or a national identifier (`8` + RPPS, 12 characters; `0` + ADELI, 10). The key
    /// digit is checked: a wrong one is an error, since such a number cannot be in the directory.
    public init(lookup text: String) throws(IdentifierError) {
        let bytes = Array(text.utf8)
        switch bytes.count {
        case 11:
            let rpps = try RPPS(bytes)
            guard rpps.hasValidKey else { throw .badCheckDigit(kind: "RPPS") }
            self.init(type: "8", identifier: text)!
        case 12 where bytes.first == UInt8(ascii: "8"):
            self = try PractitionerKey(lookup: String(decoding: bytes.dropFirst(), as: UTF8.self))
        case 9:
            let adeli = try ADELI(bytes)
            guard adeli.hasValidKey else { throw .badCheckDigit(kind: "ADELI") }
            self.init(type: "0", identifier: text.uppercased())!
        case 10 where bytes.first == UInt8(ascii: "0"):
            self = try PractitionerKey(lookup: String(decoding: bytes.dropFirst(), as: UTF8.self))
        case 10, 12:
            throw .invalidCharacter(kind: "national identifier", position: 0)
        default:
            throw .wrongLength(kind: "identifier (RPPS, ADELI or national)", expected: [9, 10, 11, 12], actual: bytes.count)
        }
    }
}
