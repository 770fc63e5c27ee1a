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
        let count = identifier.count
        guard (1...2).contains(type.count), (1...11).contains(count) else { return nil }
        // safe: type holds 1 or 2 bytes.
        let t0 = UInt64(type[0] &- 48)
        var code = t0
        if type.count == 2 {
            let t1 = UInt64(type[1] &- 48)
            guard t1 < 10 else { return nil }
            code = t0 &* 10 &+ t1
        }
        guard t0 < 10 else { return nil }
        var packed: UInt64 = 0
        var i = 0
        // safe: identifier holds `count` (1...11) bytes; every index read is below it.
        if count >= 8, let eight = Self.eightDigits(identifier.baseAddress!) {
            // The usual case, an RPPS or ADELI of digits: its first eight characters at once.
            packed = eight
            i = 8
        }
        // Two characters a step (c₀·37 + c₁, computed apart from the running value), which halves
        // the chain of dependent multiplications.
        while i + 1 < count {
            guard let c0 = Self.code(identifier[i]), let c1 = Self.code(identifier[i + 1]) else { return nil }
            packed = packed &* 1369 &+ (c0 &* 37 &+ c1)
            i += 2
        }
        if i < count {
            guard let c = Self.code(identifier[i]) else { return nil }
            packed = packed &* 37 &+ c
        }
        rawValue = code &* Self.typeScale &+ packed
    }

    /// The value of eight ASCII digits at `p` as base-37 digits 1–10 (`Σ cᵢ·37⁷⁻ⁱ`), computed a
    /// word at a time: pairs `c₀·37 + c₁` in 16-bit lanes, then quads in 32-bit lanes; nil when a
    /// byte is not a digit.
    @inlinable @inline(__always)
    static func eightDigits(_ p: UnsafeRawPointer) -> UInt64? {
        // safe: the caller guarantees eight readable bytes at p.
        let w = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        // Digits only: each high nibble is 3, and still 3 after adding 6.
        let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let zeros: UInt64 = 0x3030_3030_3030_3030
        guard w & nibbles == zeros, (w &+ 0x0606_0606_0606_0606) & nibbles == zeros else { return nil }
        // Characters 0…7 in bytes 0…7 (little-endian), each now its code 1–10.
        let c = w &- 0x2F2F_2F2F_2F2F_2F2F
        let pairs = (c & 0x00FF_00FF_00FF_00FF) &* 37 &+ ((c >> 8) & 0x00FF_00FF_00FF_00FF)
        let quads = (pairs & 0x0000_FFFF_0000_FFFF) &* 1369 &+ ((pairs >> 16) & 0x0000_FFFF_0000_FFFF)
        return (quads & 0xFFFF_FFFF) &* 1_874_161 &+ (quads >> 32)  // 37⁴
    }

    /// The digit of an identifier character: 1–10 for `0`–`9`, 11–36 for `A`–`Z` (and `a`–`z`);
    /// nil for any other byte.
    @inlinable @inline(__always)
    static func code(_ b: UInt8) -> UInt64? {
        let digit = b &- 48
        if digit < 10 { return UInt64(digit) &+ 1 }
        // `| 0x20` folds `A`–`Z` onto `a`–`z` and nothing else onto them.
        let letter = (b | 0x20) &- 97
        if letter < 26 { return UInt64(letter) &+ 11 }
        return nil
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
