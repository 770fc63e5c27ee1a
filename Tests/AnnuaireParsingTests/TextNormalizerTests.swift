import Testing

@testable import AnnuaireParsing

@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("LEBRUN-CARPENTIER", "lebrun carpentier"),
        ("D'ARC", "d arc"),
        ("Élodie", "elodie"),
        ("François", "francois"),
        ("Œuvre ŒDIPE", "oeuvre oedipe"),
        ("Lætitia ÆLIS", "laetitia aelis"),
        ("L’Hôpital", "l hopital"),
        ("ST.JEAN  DE   LUZ", "st jean de luz"),
        ("  -Ambérieu-en-Bugey- ", "amberieu en bugey"),
        ("e\u{301}cole", "ecole"),
        ("N'DIAYE", "n diaye"),
        ("Straße", "strasse"),
        ("MÜLLER Ñúñez", "muller nunez"),
        ("CH\u{A0}DE BELLEY", "ch de belley"),
        ("SM54", "sm54"),
        ("2A", "2a"),
        ("", ""),
        ("- ' .", ""),
    ])
    func normalizesAsTheSpecSays(_ input: String, _ expected: String) {
        #expect(TextNormalizer.normalize(input) == expected)
        // Normalizing twice changes nothing.
        #expect(TextNormalizer.normalize(expected) == expected)
    }

    @Test func wordsSplitOnSeparators() {
        #expect(TextNormalizer.words("JEAN-FRANÇOIS d'Arc") == ["jean", "francois", "d", "arc"])
    }

    @Test func windows1252RowsNormalizeAfterTheirTranscoding() {
        // "ÉLOÏSE", "CŒUR" (0x8C is Œ), "L’ARC" (0x92 is ’), "Lætitia" (0xE6 is æ) in Windows-1252.
        let cases: [([UInt8], String)] = [
            ([0xC9, 0x4C, 0x4F, 0xCF, 0x53, 0x45], "eloise"),
            ([0x43, 0x8C, 0x55, 0x52], "coeur"),
            ([0x4C, 0x92, 0x41, 0x52, 0x43], "l arc"),
            ([0x4C, 0xE6, 0x74, 0x69, 0x74, 0x69, 0x61], "laetitia"),
        ]
        for (bytes, expected) in cases {
            let text = bytes.withUnsafeBytes { TextEncoding.windows1252.decode($0) }
            #expect(TextNormalizer.normalize(text) == expected)
        }
    }

    @Test func theByteFormEqualsTheStringForm() {
        for text in ["Anaïs LEBRUN-CARPENTIER", "CENTRE HOSPITALIER  DE BELLEY", "Ærø Øster", "ǅemal", "日本 語"] {
            var out: [UInt8] = []
            Array(text.utf8).withUnsafeBytes { TextNormalizer.normalize($0, into: &out) }
            #expect(String(decoding: out, as: UTF8.self) == TextNormalizer.normalize(text))
        }
        // Invalid UTF-8 separates words rather than failing.
        var out: [UInt8] = []
        [0x61, 0xFF, 0x62].withUnsafeBytes { TextNormalizer.normalize($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "a b")
    }
}
