/// A composed value of the wide set (a structure's name or sign, a street, a complement, a postal
/// mention): a pattern and its ranks, kept in the structure and spelled out as a row is written,
/// so every family that prints the structure prints the same text.
struct Phrase {
    /// How the ranks become text.
    enum Pattern: UInt8 {
        /// Nothing (the standard set, or a field left empty).
        case none
        /// Entry `a` of the field's own list in `Vocabulary` (street names, complements…).
        case listed
        /// Surname `a`.
        case surname
        /// Surnames `a` and `b`: `BRANDOT ET QUILLARD`.
        case partners
        /// `SAINT-` and given name `a`.
        case saint
        /// The structure's commune, upper case.
        case city
        /// Given name `b` and surname `a`: a street named after a person, `Marine Brandot`.
        case person
        /// Label `b` and surname `a`: `du Docteur Brandot`, `Cabinet du Dr Brandot`.
        case titled
        /// Label `b` and made-up word `a`: `des Brandot`, `Résidence Quillard`, `ZA TRIBOIS`.
        case labelled
        /// Label `b` and number `a`: `Bâtiment 3`, `BP 108`, `CS 40321`.
        case numbered
        /// Made-up word `a` and suffix `b`: a sign, `BRANDOT VISION`.
        case sign
    }

    var pattern: Pattern
    var a: Int32
    var b: Int32
    /// Written in capitals (the registers' other casing); otherwise names are capitalized.
    var upper: Bool

    init(_ pattern: Pattern, _ a: Int = 0, _ b: Int = 0, upper: Bool = false) {
        self.pattern = pattern
        self.a = Int32(truncatingIfNeeded: a)
        self.b = Int32(truncatingIfNeeded: b)
        self.upper = upper
    }

    static let none = Phrase(.none)
}
