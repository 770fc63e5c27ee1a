/// The wide set's fields (`SynthOptions.Variety.wide`): made-up names and composed values spelled
/// out from their ranks, in the casing of the column they go to.
extension FamilyWriter {
    /// `Nom d'exercice|Prénom d'exercice|` of the wide set, with the standard set's casing quirks.
    func wideNames(_ p: Person, _ wide: WideVocabulary, _ c: inout Cursor) {
        wide.names.writeSurname(p.surname, p.mixedSurname ? .capitalized : .upper, &c)
        c.pipe()
        wide.names.writeGivenName(p.given, p.upperGiven ? .upper : .capitalized, &c)
        c.pipe()
    }

    /// `given.surname` of an e-mail address.
    func wideLocalPart(_ given: Int, _ surname: Int, _ wide: WideVocabulary, _ c: inout Cursor) {
        wide.names.writeGivenName(given, .slug, &c)
        c.byte(UInt8(ascii: "."))
        wide.names.writeSurname(surname, .slug, &c)
    }

    /// `phrase` spelled out: `listed` is the field's standard list, `labels` the labels its
    /// pattern refers to; capitals when `upper` or the phrase says so.
    func write(
        _ phrase: Phrase, _ wide: WideVocabulary, listed: Table<Word>?, labels: Table<Spelled>, _ commune: Commune,
        upper: Bool = false, _ c: inout Cursor
    ) {
        let names = wide.names
        let capitals = upper || phrase.upper
        let form: NameForm = capitals ? .upper : .capitalized
        let a = Int(phrase.a)
        let b = Int(phrase.b)
        func label(_ i: Int, _ c: inout Cursor) { c.word(capitals ? labels[i].upper : labels[i].text) }
        switch phrase.pattern {
        case .none:
            break
        case .listed:
            if let listed { c.word(listed[a]) }
        case .surname:
            names.writeSurname(a, form, &c)
        case .partners:
            names.writeSurname(a, form, &c)
            c.word(capitals ? wide.and.upper : wide.and.text)
            names.writeSurname(b, form, &c)
        case .saint:
            c.word(capitals ? wide.saint.upper : wide.saint.text)
            names.writeGivenName(a, form, &c)
        case .city:
            c.word(commune.upper)
        case .person:
            names.writeGivenName(b, form, &c)
            c.byte(UInt8(ascii: " "))
            names.writeSurname(a, form, &c)
        case .titled:
            label(b, &c)
            names.writeSurname(a, form, &c)
        case .labelled:
            label(b, &c)
            names.writeWord(a, form, &c)
        case .numbered:
            label(b, &c)
            c.number(a)
        case .sign:
            names.writeWord(a, form, &c)
            label(b, &c)
        }
    }

    /// `Adresse e-mail (coord. structure)` of the wide set: a contact address named after the
    /// structure (`accueil@brandot-belley.fr`), or a practice's personal one
    /// (`marie.brandot12@orange.fr`).
    func wideEmail(_ s: Structure, _ wide: WideVocabulary, _ commune: Commune, _ c: inout Cursor) {
        let names = wide.names
        let w = s.wide
        switch s.email {
        case 1:
            c.word(wide.contactLocals[w.contact])
            let a = Int(w.name.a)
            switch w.name.pattern {
            case .surname, .partners: names.writeSurname(a, .slug, &c)
            case .saint:
                c.word(wide.saint.slug)
                names.writeGivenName(a, .slug, &c)
            case .labelled: names.writeWord(a, .slug, &c)
            default:
                let domain = v.kinds[s.kind].domain
                c.word(domain.isEmpty ? Self.health : domain)
            }
            c.byte(UInt8(ascii: "-"))
            c.word(commune.slug)
            if w.mailNumber > 0 { c.number(w.mailNumber) }
            c.word(Self.dotFr)
        case 2:
            wideLocalPart(w.mailGiven, w.mailSurname, wide, &c)
            if w.mailNumber > 0 { c.number(w.mailNumber) }
            c.byte(UInt8(ascii: "@"))
            c.word(v.mailProviders[s.provider])
        default:
            break
        }
    }
}
