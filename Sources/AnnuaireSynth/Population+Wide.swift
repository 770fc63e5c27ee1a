/// The values a structure has in the wide set only: composed names, sign, street and complements,
/// and whose names its e-mail address carries. Drawn from the structure's own wide stream, after
/// its standard values, which stay as they are.
struct WideStructure {
    var name: Phrase
    var sign: Phrase
    var street: Phrase
    var recipient: Phrase
    var place: Phrase
    var distribution: Phrase
    /// Index into `WideVocabulary.contactLocals` of a contact address (`accueil@…`).
    var contact: Int
    /// The names of a practice's personal address (`given.surname@provider`), and a number after
    /// them (0: none).
    var mailGiven: Int
    var mailSurname: Int
    var mailNumber: Int

    static let standard = WideStructure(
        name: .none, sign: .none, street: .none, recipient: .none, place: .none, distribution: .none, contact: 0,
        mailGiven: 0, mailSurname: 0, mailNumber: 0)
}

extension Population {
    /// Bits of the index in a homonym sort key (up to 8.4 M practitioners: scale 3 is 4.2 M).
    private static let indexBits: UInt64 = 23

    /// The names of practitioners `0..<count` in the wide set, each packed as
    /// `surname << 44 | given << 28 | homonym`. Names are drawn from their skewed laws, so many
    /// people share a name; `homonym` numbers, in identifier order, the people whose personal
    /// mailbox would otherwise have the same address (`marie.brandot`, `marie.brandot2`…): the
    /// addresses stay unique, as in the real file.
    static func wideNames(count: Int, seed: UInt64) -> Table<UInt64> {
        precondition(UInt64(count) < 1 << indexBits, "too many practitioners for the homonym keys")
        let names = MadeUpNames.shared
        var packed = [UInt64](repeating: 0, count: count)
        var keys = [UInt64](repeating: 0, count: count)
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
        defer { scratch.deallocate() }
        for i in 0..<count {
            var r = Random(seed: seed, .wideNames, i)
            let surname = names.drawSurname(&r)
            let given = names.drawGivenName(&r)
            packed[i] = UInt64(surname) << 44 | UInt64(given) << 28
            // The address's local part, hashed (FNV-1a): equal parts, equal hashes.
            var c = Cursor(scratch)
            names.writeGivenName(given, .slug, &c)
            c.byte(UInt8(ascii: "."))
            names.writeSurname(surname, .slug, &c)
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in UnsafeBufferPointer(start: scratch, count: c.p - scratch) {
                hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            }
            keys[i] = (hash >> indexBits) << indexBits | UInt64(i)
        }
        // Sorted by (hash, index): each run of equal hashes is one address, its people in order.
        keys.sort()
        var run: UInt64 = 0
        for j in keys.indices {
            run = j > 0 && keys[j] >> indexBits == keys[j - 1] >> indexBits ? run + 1 : 0
            packed[Int(keys[j] & (1 << indexBits - 1))] |= run
        }
        return Table(packed)
    }

    /// The surname and given name of practitioner `i` in the wide set.
    @inline(__always)
    func wideName(_ i: Int) -> (surname: Int, given: Int, homonym: Int) {
        let packed = wideNames[i]
        return (Int(packed >> 44), Int(packed >> 28 & 0xFFFF), Int(packed & 0xFFF_FFFF))
    }

    /// Gives practitioner `p` its wide-set name, and the civility that goes with it.
    func widenName(_ p: inout Person) {
        let name = wideName(p.index)
        p.surname = name.surname
        p.given = name.given
        p.homonym = name.homonym
        var r = Random(seed: seed, .wideIdentity, p.index)
        let female = MadeUpNames.shared.isFemale(givenName: name.given)
        p.civility = female ? (!p.rpps && r.chance(15) ? 2 : 1) : 0
    }

    /// Gives structure `s` (the one whose standard stream is `key`) its wide-set values.
    func widen(_ s: inout Structure, key: Int) {
        let names = MadeUpNames.shared
        let words = WideVocabulary.shared
        var r = Random(seed: seed, .wideStructure, key)
        var w = WideStructure.standard
        let kind = ActivityKind(rawValue: s.kind)!
        let practice = kind == .cabinetIndividuel || kind == .cabinetGroupe || kind == .societe
        // A practice is named after one of the people who founded it.
        let founder = wideName(Int(UInt64(max(s.pool, 0)) &* 2_654_435_761 % UInt64(count)))
        switch kind {
        case .cabinetIndividuel:
            w.name = Phrase(.surname, founder.surname)
        case .societe:
            w.name = r.chance(450) ? Phrase(.partners, founder.surname, names.drawSurname(&r)) : Phrase(.surname, founder.surname)
        default:
            let x = r.below(100)
            if x < 15 {
                w.name = Phrase(.city)
            } else if x < 45 {
                w.name = Phrase(.surname, names.drawSurname(&r))
            } else if x < 55 {
                w.name = Phrase(.saint, names.drawGivenName(&r))
            } else if x < 80 {
                w.name = Phrase(.labelled, r.below(MadeUpNames.surnameRanks), r.below(words.nameArticles.count))
            } else if x < 88 {
                w.name = Phrase(.partners, names.drawSurname(&r), names.drawSurname(&r))
            } else {
                w.name = Phrase(.listed)
            }
        }
        if s.enseigne { w.sign = Phrase(.sign, r.below(MadeUpNames.surnameRanks), r.below(words.signSuffixes.count)) }
        if s.streetName >= 0 {
            let x = r.below(100)
            if x < 15 {
                w.street = Phrase(.listed, s.streetName)
            } else {
                let upper = r.chance(200)
                if x < 45 {
                    w.street = Phrase(.person, names.drawSurname(&r), names.drawGivenName(&r), upper: upper)
                } else if x < 60 {
                    w.street = Phrase(.titled, names.drawSurname(&r), r.below(words.streetTitles.count), upper: upper)
                } else if x < 95 {
                    w.street = Phrase(
                        .labelled, r.below(MadeUpNames.surnameRanks), r.below(words.streetArticles.count), upper: upper)
                } else {
                    w.street = Phrase(.saint, names.drawGivenName(&r), upper: upper)
                }
            }
        }
        if s.number > 0 { s.number = 1 + r.below(1 + r.below(1 + r.below(999))) }
        if s.recipient >= 0 {
            if r.chance(300) {
                w.recipient = Phrase(.listed, s.recipient)
            } else {
                // Bâtiment, Escalier, Appartement, Porte, Résidence, Cabinet du Dr, Chez, Villa, BAT, ENTREE.
                let label = r.below(words.recipientLabels.count)
                switch label {
                case 4, 7: w.recipient = Phrase(.labelled, r.below(MadeUpNames.surnameRanks), label)
                case 5, 6: w.recipient = Phrase(.titled, names.drawSurname(&r), label)
                default: w.recipient = Phrase(.numbered, 1 + r.below(label == 2 ? 400 : 20), label, upper: label >= 8)
                }
            }
        }
        if s.place >= 0 {
            if r.chance(200) {
                w.place = Phrase(.listed, s.place)
            } else {
                // ZA, ZI and LES JARDINS DE are written in capitals.
                let label = r.below(words.placeLabels.count)
                w.place = Phrase(
                    .labelled, r.below(MadeUpNames.surnameRanks), label, upper: label == 1 || label == 7 || label == 9)
            }
        }
        if s.distribution >= 0 {
            if r.chance(200) {
                w.distribution = Phrase(.listed, s.distribution)
            } else {
                // BP, CS, TSA, CEDEX.
                let label = r.below(words.distributionLabels.count)
                let number = label == 0 ? 1 + r.below(9_999) : label == 3 ? 1 + r.below(30) : 10_000 + r.below(90_000)
                w.distribution = Phrase(.numbered, number, label, upper: true)
            }
        }
        w.contact = r.below(words.contactLocals.count)
        w.mailNumber = r.chance(300) ? 1 + r.below(99) : 0
        if practice {
            // A practice's address is a person's; its telephone, sometimes a mobile.
            w.mailGiven = founder.given
            w.mailSurname = founder.surname
            s.email = r.chance(160) ? 2 : 0
            s.provider = r.below(vocabulary.mailProviders.count)
            s.mobile = r.chance(150)
        }
        if kind == .cabinetIndividuel && r.chance(550) {
            // An RPPS cabinet number rather than a SIRET, above every standard cabinet's.
            s.technical = UInt8(ascii: "R")
            s.cabinetID = 10_000_100_000_000 + UInt64(s.pool)
            s.cabinetWidth = 14
            if r.chance(500) {
                s.siret = 0
                s.showSiren = false
            }
        }
        s.wide = w
    }
}
