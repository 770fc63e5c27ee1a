import Foundation

/// The one normalization of search text, for the index and for the query alike
/// (`spec/search.md`, Normalization): Unicode NFD, combining marks dropped (é → e, ç → c),
/// œ → oe, æ → ae, case-folded; `-`, `'`, `’`, `.`, any space, and any other character that is
/// neither a letter nor a digit separate words. The result is the words joined by one space
/// (`LEBRUN-CARPENTIER` → `lebrun carpentier`, `D'ARC` → `d arc`).
///
/// Works on UTF-8 bytes (a Windows-1252 row is transcoded to UTF-8 first, as the snapshot stores
/// it). ASCII takes a table lookup per byte; a character of Latin-1 or Latin Extended (U+0080 to
/// U+024F) a second table, computed once; anything else goes through Foundation's decomposition,
/// which no real name needs.
package enum TextNormalizer {
    /// Appends the normalized form of the UTF-8 `text` to `out`.
    package static func normalize(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let start = out.count
        var separate = false
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 {
                let folded = asciiFold[Int(b)]
                if folded == 0 {
                    separate = true
                } else {
                    if separate, out.count > start { out.append(0x20) }
                    separate = false
                    out.append(folded)
                }
                i += 1
                continue
            }
            // A multi-byte UTF-8 sequence (an invalid one reads as one separator byte).
            let (scalar, length) = decodeScalar(text, at: i)
            i += length
            let mapped: Fold = scalar < 0x250 ? latinFold[Int(scalar)] : fold(scalar)
            switch mapped {
            case .drop: break
            case .separator: separate = true
            case let .text(bytes):
                if separate, out.count > start { out.append(0x20) }
                separate = false
                out.append(contentsOf: bytes)
            }
        }
    }

    /// The normalized form of `text`.
    package static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        var copy = text
        copy.withUTF8 { normalize(UnsafeRawBufferPointer($0), into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The words of the normalized form of `text`.
    package static func words(_ text: String) -> [String] {
        normalize(text).split(separator: " ").map(String.init)
    }

    /// Calls `body` with each word of the normalized form of `text`, using `scratch` as storage.
    package static func forEachWord(
        _ text: UnsafeRawBufferPointer, scratch: inout [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        scratch.removeAll(keepingCapacity: true)
        normalize(text, into: &scratch)
        try scratch.withUnsafeBytes { all in
            var start = 0
            for i in 0...all.count where i == all.count || all[i] == 0x20 {
                if i > start { try body(UnsafeRawBufferPointer(rebasing: all[start..<i])) }
                start = i + 1
            }
        }
    }

    enum Fold {
        case drop
        case separator
        case text([UInt8])
    }

    /// Per ASCII byte: its lowercase form when it is a letter or digit, else 0 (a separator).
    private static let asciiFold: [UInt8] = (0..<128).map { b -> UInt8 in
        switch UInt8(b) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(b)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt8(b) + 32
        default: return 0
        }
    }

    /// The fold of every scalar below U+0250, computed once.
    private static let latinFold: [Fold] = (0..<0x250).map { value in
        value < 0x80 ? .drop : fold(UInt32(value))
    }

    /// NFD, marks dropped, lowercased; œ, æ and ß spelt out; anything but letters and digits a
    /// separator. The slow path, for scalars outside the tables.
    static func fold(_ value: UInt32) -> Fold {
        guard let scalar = Unicode.Scalar(value) else { return .separator }
        switch value {
        case 0x152, 0x153: return .text(Array("oe".utf8))
        case 0xC6, 0xE6: return .text(Array("ae".utf8))
        case 0xDF, 0x1E9E: return .text(Array("ss".utf8))
        default: break
        }
        if isMark(scalar) { return .drop }
        var bytes: [UInt8] = []
        for s in String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars {
            if isMark(s) { continue }
            guard s.properties.isAlphabetic || s.properties.numericType != nil else { return .separator }
            bytes += Array(s.properties.lowercaseMapping.utf8)
        }
        return bytes.isEmpty ? .drop : .text(bytes)
    }

    private static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The scalar of the UTF-8 sequence at `i` and its length; an invalid sequence is U+FFFD
    /// (a separator) of one byte.
    @inline(__always)
    private static func decodeScalar(_ text: UnsafeRawBufferPointer, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(text[i])
        let n = text.count
        func continuation(_ j: Int) -> UInt32? {
            guard j < n, text[j] & 0xC0 == 0x80 else { return nil }
            return UInt32(text[j] & 0x3F)
        }
        if b0 & 0xE0 == 0xC0, let c1 = continuation(i + 1) {
            return ((b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 & 0xF0 == 0xE0, let c1 = continuation(i + 1), let c2 = continuation(i + 2) {
            return ((b0 & 0x0F) << 12 | c1 << 6 | c2, 3)
        }
        if b0 & 0xF8 == 0xF0, let c1 = continuation(i + 1), let c2 = continuation(i + 2), let c3 = continuation(i + 3) {
            return ((b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
        }
        return (0xFFFD, 1)
    }
}
