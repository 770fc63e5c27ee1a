/// A word in the forms the files print it: as listed, upper case, capitalized (`Brandot`), lower
/// case, and as the slug of an e-mail address (`brandot`).
struct Spelled {
    let text: Word
    let upper: Word
    let capitalized: Word
    let lower: Word
    let slug: Word

    init(_ text: String) {
        self.text = Word(text)
        upper = Word(text.uppercased())
        let lowerText = text.lowercased()
        lower = Word(lowerText)
        capitalized = Word(lowerText.prefix(1).uppercased() + lowerText.dropFirst())
        slug = Word(Vocabulary.slug(text))
    }

    @inline(__always)
    func form(_ form: NameForm) -> Word {
        switch form {
        case .upper: upper
        case .capitalized: capitalized
        case .slug: slug
        }
    }
}

/// How a name is written: `BRANDOT` (the registers), `Brandot` (some sources, given names,
/// streets), `brandot` (e-mail addresses).
enum NameForm {
    case upper, capitalized, slug
}

/// The names of the wide set: surnames and given names ranked by frequency, the first ranks the
/// common real names of `Vocabulary`, the others made of syllables (an onset and a vowel, up to
/// twice, then an onset and an ending), so there are a million surnames and sixty-five thousand
/// given names to draw from, each rank one spelling. `surnameLaw` and `givenLaw` give the skew: the
/// most common surname is about one person in four hundred, the most common given name one in
/// sixty, and most names are rare.
///
/// `@unchecked Sendable`: immutable, built once for the process (`shared`).
struct MadeUpNames: @unchecked Sendable {
    static let shared = MadeUpNames()

    /// Ranks of surnames and of given names.
    static let surnameRanks = 1 << 20
    static let givenRanks = 1 << 16

    let surnameLaw: PowerLaw
    let givenLaw: PowerLaw
    let listedSurnames: Table<Surname>
    let listedGivenNames: Table<GivenName>
    let onsets: Table<Spelled>
    let vowels: Table<Spelled>
    let surnameEndings: Table<Spelled>
    let givenEndings: Table<Spelled>
    let particles: Table<Spelled>
    let compounds: Table<Spelled>

    private init() {
        let v = Vocabulary.shared
        listedSurnames = v.surnames
        listedGivenNames = v.givenNames
        surnameLaw = PowerLaw(count: Self.surnameRanks, exponent: 0.9, offset: 20)
        givenLaw = PowerLaw(count: Self.givenRanks, exponent: 1.1, offset: 10)
        onsets = Table(syllableOnsets.map(Spelled.init))
        vowels = Table(syllableVowels.map(Spelled.init))
        surnameEndings = Table(surnameRhymes.map(Spelled.init))
        givenEndings = Table(givenRhymes.map(Spelled.init))
        particles = Table(surnameParticles.map(Spelled.init))
        compounds = Table(compoundGivenPrefixes.map(Spelled.init))
        precondition(givenEndings.count == 32, "sixteen feminine and sixteen masculine given-name endings")
    }

    // MARK: - Ranks

    /// A surname rank drawn with its frequency.
    @inline(__always)
    func drawSurname(_ random: inout Random) -> Int { surnameLaw.draw(&random) }

    /// A given-name rank drawn with its frequency.
    @inline(__always)
    func drawGivenName(_ random: inout Random) -> Int { givenLaw.draw(&random) }

    /// Whether given name `rank` is a woman's.
    func isFemale(givenName rank: Int) -> Bool {
        if rank < listedGivenNames.count { return listedGivenNames[rank].female }
        return syllables(givenTail: rank - listedGivenNames.count).ending < 16
    }

    // MARK: - Writing

    /// Surname `rank` in `form` (`.upper` is the registers' form).
    func writeSurname(_ rank: Int, _ form: NameForm, _ c: inout Cursor) {
        if rank < listedSurnames.count {
            let s = listedSurnames[rank]
            switch form {
            case .upper: c.word(s.text)
            case .capitalized: c.word(s.mixed)
            case .slug: c.word(s.slug)
            }
            return
        }
        let t = rank - listedSurnames.count
        if let particle = particle(t) { c.word(particles[particle].form(form)) }
        write(syllables(surnameTail: t), endings: surnameEndings, form, &c)
    }

    /// Given name `rank` in `form` (`.capitalized` is the registers' form).
    func writeGivenName(_ rank: Int, _ form: NameForm, _ c: inout Cursor) {
        if rank < listedGivenNames.count {
            let g = listedGivenNames[rank]
            switch form {
            case .upper: c.word(g.upper)
            case .capitalized: c.word(g.text)
            case .slug: c.word(g.slug)
            }
            return
        }
        let t = rank - listedGivenNames.count
        let s = syllables(givenTail: t)
        if t % 23 == 17 {
            // A compound name: `Marie-…` or `Anne-…` for a woman, `Jean-…` or `Pierre-…` for a man.
            c.word(compounds[(s.ending < 16 ? 0 : 2) + t % 2].form(form))
        }
        write(s, endings: givenEndings, form, &c)
    }

    /// A made-up word (a place, a brand) of any rank below `surnameRanks`: a surname's spelling
    /// without its particle.
    func writeWord(_ rank: Int, _ form: NameForm, _ c: inout Cursor) {
        write(syllables(surnameTail: rank), endings: surnameEndings, form, &c)
    }

    // MARK: - Spelling

    /// The syllables of a made-up name: `leading` pairs of an onset and a vowel, then an onset and
    /// an ending.
    struct Syllables {
        var leading: Int
        var onset0: Int
        var vowel0: Int
        var onset1: Int
        var vowel1: Int
        var onset: Int
        var ending: Int
    }

    /// `LE `, `DE `, `DU `, `DA ` before a few made-up surnames.
    private func particle(_ t: Int) -> Int? {
        if t % 37 == 11 { return 0 }
        if t % 37 == 23 { return 1 }
        if t % 53 == 5 { return 2 }
        if t % 97 == 13 { return 3 }
        return nil
    }

    /// Made-up surname `t`: the shortest names first (one syllable, then two, then three), each
    /// length's names in a scrambled order (an affine map, one to one).
    func syllables(surnameTail t: Int) -> Syllables {
        let one = onsets.count * surnameEndings.count
        let two = one * onsets.count * vowels.count
        if t < one { return decompose(scramble(t, one), leading: 0, endings: surnameEndings.count) }
        if t < one + two { return decompose(scramble(t - one, two), leading: 1, endings: surnameEndings.count) }
        return decompose(scramble(t - one - two, two * onsets.count * vowels.count), leading: 2, endings: surnameEndings.count)
    }

    /// Made-up given name `t`: one syllable, then two.
    func syllables(givenTail t: Int) -> Syllables {
        let one = onsets.count * givenEndings.count
        if t < one { return decompose(scramble(t, one), leading: 0, endings: givenEndings.count) }
        return decompose(scramble(t - one, one * onsets.count * vowels.count), leading: 1, endings: givenEndings.count)
    }

    /// `t` mapped one to one onto `0..<n` (`t < n`; the multiplier is a prime no `n` here divides).
    @inline(__always)
    private func scramble(_ t: Int, _ n: Int) -> Int { (t % n * 1_000_003 + 12_345) % n }

    private func decompose(_ code: Int, leading: Int, endings: Int) -> Syllables {
        var x = code
        var s = Syllables(leading: leading, onset0: 0, vowel0: 0, onset1: 0, vowel1: 0, onset: 0, ending: 0)
        s.ending = x % endings
        x /= endings
        s.onset = x % onsets.count
        x /= onsets.count
        if leading > 0 {
            s.vowel0 = x % vowels.count
            x /= vowels.count
            s.onset0 = x % onsets.count
            x /= onsets.count
        }
        if leading > 1 {
            s.vowel1 = x % vowels.count
            x /= vowels.count
            s.onset1 = x % onsets.count
        }
        return s
    }

    private func write(_ s: Syllables, endings: Table<Spelled>, _ form: NameForm, _ c: inout Cursor) {
        // Only the first letter of a capitalized name is upper case.
        var first = true
        func piece(_ spelled: Spelled, _ c: inout Cursor) {
            switch form {
            case .capitalized: c.word(first ? spelled.capitalized : spelled.lower)
            case .upper, .slug: c.word(spelled.form(form))
            }
            first = false
        }
        if s.leading > 0 {
            piece(onsets[s.onset0], &c)
            piece(vowels[s.vowel0], &c)
        }
        if s.leading > 1 {
            piece(onsets[s.onset1], &c)
            piece(vowels[s.vowel1], &c)
        }
        piece(onsets[s.onset], &c)
        piece(endings[s.ending], &c)
    }
}
