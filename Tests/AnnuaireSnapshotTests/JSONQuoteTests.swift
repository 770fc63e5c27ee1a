import Foundation
import Testing

@testable import AnnuaireSnapshot

/// `JSONValue.quote(bytes:into:)` steps over eight bytes at a time while none needs escaping: every
/// escape at every place in and around an eight-byte word must still be made, as a JSON decoder
/// reads it back.
@Suite struct JSONQuoteTests {
    @Test func everyEscapeAtEveryPlaceReadsBack() throws {
        let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "|", "~", "\u{7F}"]
        for length in 0..<24 {
            for special in specials {
                for place in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: place))
                    var out: [UInt8] = []
                    var copy = text
                    copy.withUTF8 { JSONValue.quote(bytes: UnsafeRawBufferPointer($0), into: &out) }
                    let back = try JSONDecoder().decode(String.self, from: Data(out))
                    #expect(back == text, "\(length) \(place) \(special.unicodeScalars.map(\.value))")
                }
            }
        }
    }
}
