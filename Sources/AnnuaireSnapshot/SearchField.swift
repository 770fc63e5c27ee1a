import AnnuaireParsing

/// What a search term is about: its first byte in the index, before the normalized text
/// (`docs/snapshot-format.md`, Search index). Terms of one field sort together.
enum SearchField: UInt8, CaseIterable {
    /// A word of a name (exercise name, first name, the names on every row).
    case name = 0x6E  // n
    /// A word of a first name.
    case firstName = 0x66  // f
    /// A `Code profession`, whole.
    case professionCode = 0x70  // p
    /// A word of a `Libellé profession`.
    case professionWord = 0x71  // q
    /// A `Code savoir-faire`, whole.
    case specialtyCode = 0x73  // s
    /// A word of a `Libellé savoir-faire`.
    case specialtyWord = 0x75  // u
    /// A `Code commune`, whole.
    case communeCode = 0x63  // c
    /// A word of a `Libellé commune`, or of a `Bureau cedex` after its postcode.
    case communeWord = 0x77  // w
    /// A postcode (`Code postal`, or the first word of `Bureau cedex`).
    case postcode = 0x7A  // z
    /// A department: `Code Département (structure)`, else 2 (3 for 97x, 98x) characters of the postcode.
    case department = 0x64  // d
    /// A structure identifier: FINESS site or legal entity, SIRET, SIREN, technical identifier.
    case structureID = 0x69  // i
    /// A word of a structure's `Raison sociale site` or `Enseigne commerciale site`.
    case structureWord = 0x72  // r
    /// An MSSanté address (PER of the practitioner, ORG of the structure of an activity), lowercased.
    case mailbox = 0x6D  // m
    /// A CPS/CPF card number.
    case card = 0x6B  // k
    /// A `Code mode exercice`.
    case mode = 0x6F  // o
}

/// How values become search terms, for the index and the query alike.
enum SearchText {
    /// `field` then `text` normalized whole (codes, identifiers): appended to `out`.
    static func code(_ field: SearchField, _ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(field.rawValue)
        TextNormalizer.normalize(text, into: &out)
        if out.count == 1 { out.removeAll() }
    }

    /// `field` then an MSSanté address with its ASCII letters lowercased and its surrounding
    /// spaces removed (addresses compare exactly, case aside).
    static func mailbox(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var start = 0
        var end = text.count
        while start < end, text[start] == 0x20 { start += 1 }
        while end > start, text[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return }
        out.append(SearchField.mailbox.rawValue)
        for b in text[start..<end] { out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
    }

    /// The department of a normalized postcode: its first 2 characters, 3 for overseas (97x, 98x).
    static func department(ofPostcode postcode: some Collection<UInt8>) -> ArraySlice<UInt8>? {
        let p = Array(postcode)
        let overseas = p.count >= 3 && p[0] == UInt8(ascii: "9") && (p[1] == UInt8(ascii: "7") || p[1] == UInt8(ascii: "8"))
        let n = overseas ? 3 : 2
        guard p.count >= n else { return nil }
        return p[0..<n]
    }

    /// Whether a normalized word is a postcode at the head of a `Bureau cedex` (5 letters or
    /// digits, starting with a digit).
    static func isPostcode(_ word: UnsafeRawBufferPointer) -> Bool {
        word.count == 5 && word[0] >= 0x30 && word[0] <= 0x39
    }

    /// Whether a normalized word of a `Bureau cedex` is not part of a commune's name (`cedex` and
    /// its number).
    static func isCedexWord(_ word: UnsafeRawBufferPointer) -> Bool {
        if word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        return word.elementsEqual("cedex".utf8)
    }
}
