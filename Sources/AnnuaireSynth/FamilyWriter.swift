import AnnuaireParsing

/// Writes the rows of one family for a range of practitioners, straight into a byte buffer: every
/// field is a copied pre-encoded word or digits written by hand. A value of plain pointers and
/// numbers, one per worker thread.
struct FamilyWriter {
    let population: Population
    let v: Vocabulary
    let dates: DateTable
    /// 56, 52 or 48: the personne-activite layout.
    let personneActiviteColumns: Int
    /// The wide set's words; nil in the standard set.
    let wide: WideVocabulary?

    init(population: Population, dates: DateTable, personneActiviteColumns: Int) {
        self.population = population
        v = population.vocabulary
        wide = population.variety == .wide ? WideVocabulary.shared : nil
        self.dates = dates
        self.personneActiviteColumns = personneActiviteColumns
    }

    /// The longest row any family can produce is far below this (56 fields of words ≤ 80 bytes).
    static let rowReserve = 8_192

    /// The header line of `family`: the verbatim labels joined by `|`, ending with `|` except for
    /// mssante (which exercises the variant without it).
    static func header(_ family: Family, personneActiviteColumns: Int = 56) -> [UInt8] {
        var labels = family.columns
        if family == .personneActivite { labels = Array(labels.prefix(personneActiviteColumns)) }
        let line = labels.joined(separator: "|") + (family == .mssante ? "" : "|") + "\n"
        return Array(line.utf8)
    }

    /// Appends the rows of `family` for practitioners `range`; returns how many rows.
    func rows(_ family: Family, _ range: Range<Int>, into buffer: ByteBuffer) -> Int {
        switch family {
        case .personneActivite: personneActivite(range, buffer)
        case .savoirFaire: savoirFaire(range, buffer)
        case .diplomes: diplomes(range, buffer)
        case .cartes: cartes(range, buffer)
        case .mssante: mssante(range, buffer)
        }
    }

    // MARK: - Shared columns

    /// `Type d'identifiant PP|Identifiant PP|Identification nationale PP|`
    @inline(__always)
    private func identity(_ p: Person, _ c: inout Cursor) {
        let type: UInt8 = p.rpps ? 56 : 48
        c.byte(type)
        c.pipe()
        let start = c.p
        c.digits(p.id, width: p.idWidth)
        if p.corsica != 0 { start[1] = p.corsica }
        let id = c.since(start)
        c.pipe()
        c.byte(type)
        c.copy(id)
        c.pipe()
    }

    /// `Nom d'exercice|Prénom d'exercice|`
    @inline(__always)
    private func names(_ p: Person, _ c: inout Cursor) {
        if let wide { return wideNames(p, wide, &c) }
        let surname = v.surnames[p.surname]
        c.field(p.mixedSurname ? surname.mixed : surname.text)
        let given = v.givenNames[p.given]
        c.field(p.upperGiven ? given.upper : given.text)
    }

    @inline(__always)
    private func coded(_ x: Coded, _ c: inout Cursor) {
        c.field(x.code)
        c.field(x.label)
    }

    /// `Code profession|Libellé profession|Code catégorie…|Libellé catégorie…|`
    @inline(__always)
    private func professionAndCategory(_ p: Person, _ c: inout Cursor) {
        let profession = v.professions[p.profession]
        c.field(profession.code)
        c.field(profession.label)
        coded(v.categories[p.category], &c)
    }

    // MARK: - personne-activite

    private func personneActivite(_ range: Range<Int>, _ buffer: ByteBuffer) -> Int {
        let columns = personneActiviteColumns
        var rows = 0
        for i in range {
            let p = population.person(i)
            let profession = v.professions[p.profession]
            for k in 0..<max(1, p.activities) {
                var c = buffer.cursor(reserving: Self.rowReserve)
                identity(p, &c)
                if p.practiceCivility >= 0 { coded(v.practiceCivilities[p.practiceCivility], &c) } else { c.pipes(2) }
                coded(v.civilities[p.civility], &c)
                names(p, &c)
                c.field(profession.code)
                c.field(profession.label)
                coded(v.categories[p.category], &c)
                if p.savoirFaireCount > 0 {
                    let sf = population.savoirFaire(p.savoirFaire.0)
                    coded(sf.type, &c)
                    coded(sf.value, &c)
                } else {
                    c.pipes(4)
                }
                if p.activities == 0 {
                    // No practice situation: activity and structure columns empty.
                    c.pipes(30)
                    c.field(i % 41 == 0 ? .empty : profession.authorityIdle)
                    c.pipes(columns - 48)
                } else {
                    let a = population.activity(p, k)
                    coded(v.modes[a.mode], &c)
                    if let s = a.structure { structureColumns(s, p, &c) } else { c.pipes(28) }
                    c.field(a.authority)
                    if columns > 48 {
                        if a.structure != nil { coded(v.kinds[a.kind].sector, &c) } else { c.pipes(2) }
                        if a.section >= 0 { coded(v.sections[a.section], &c) } else { c.pipes(2) }
                    }
                    if columns > 52 {
                        if let role = a.role { coded(role, &c) } else { c.pipes(2) }
                        if a.genre >= 0 { coded(v.genres[a.genre], &c) } else { c.pipes(2) }
                    }
                }
                c.newline()
                buffer.finish(c)
                rows += 1
            }
        }
        return rows
    }

    /// Columns `Numéro SIRET site` … `Ancien identifiant de la structure` (19–46).
    private func structureColumns(_ s: Structure, _ p: Person, _ c: inout Cursor) {
        let commune = v.communes[s.commune]
        let foreign = s.foreign >= 0
        if s.siret != 0 { c.digits(s.siret, width: 14) }
        c.pipe()
        if s.showSiren { c.digits(s.siret / 100_000, width: 9) }
        c.pipe()
        if s.hasFiness {
            finess(s.finessSite, commune.department, &c)
            c.pipe()
            finess(s.finessLegal, s.legalDepartment, &c)
            c.pipe()
        } else {
            c.pipes(2)
        }
        c.byte(s.technical)
        technicalID(s, commune, &c)
        c.pipe()
        structureName(s, commune, &c)
        c.pipe()
        if s.enseigne { sign(s, commune, &c) }
        c.pipe()
        streetColumns(s, commune, &c)
        // Bureau cedex, Code postal, Code commune, Libellé commune, Code pays, Libellé pays
        if foreign {
            let f = v.foreign[s.foreign]
            c.field(f.town)
            c.field(f.postcode)
            c.pipes(2)
            coded(f.country, &c)
        } else {
            c.field(s.cedex ? commune.cedexLine : commune.acheminement)
            c.field(s.cedex ? commune.cedexCode : commune.postcode)
            if s.showCommune && (p.rpps || s.hasFiness) {
                c.field(commune.insee)
                c.field(commune.label)
            } else {
                c.pipes(2)
            }
            if s.showCountry && p.rpps { coded(v.france, &c) } else { c.pipes(2) }
        }
        phone(s.phone, s.mobile, commune, &c)
        phone(s.phone2, false, commune, &c)
        phone(s.fax, false, commune, &c)
        email(s, p, commune, &c)
        c.pipe()
        if s.showDepartment && p.rpps && !foreign {
            coded(Coded(code: v.departments[commune.department].code, label: v.departments[commune.department].label), &c)
        } else {
            c.pipes(2)
        }
        switch s.technical {
        case UInt8(ascii: "F"): c.byte(UInt8(ascii: "1"))
        case UInt8(ascii: "R"): c.byte(UInt8(ascii: "4"))
        default: c.byte(UInt8(ascii: s.siret != 0 ? "3" : "0"))
        }
        technicalID(s, commune, &c)
        c.pipe()
    }

    /// The identifier after the `Identifiant technique` letter (or the `Ancien identifiant` digit).
    @inline(__always)
    private func technicalID(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        switch s.technical {
        case UInt8(ascii: "F"): finess(s.finessSite, commune.department, &c)
        case UInt8(ascii: "R"): c.digits(s.cabinetID, width: s.cabinetWidth)
        default:
            if s.siret != 0 { c.digits(s.siret, width: 14) } else { c.digits(s.cabinetID, width: s.cabinetWidth) }
        }
    }

    @inline(__always)
    private func finess(_ tail: UInt64, _ department: Int, _ c: inout Cursor) {
        let prefix = v.departments[department].prefix
        c.byte(prefix.0)
        c.byte(prefix.1)
        c.digits(tail, width: 7)
    }

    private func structureName(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        let kind = v.kinds[s.kind]
        c.word(kind.prefixes[s.namePrefix])
        if let wide, s.wide.name.pattern != .listed {
            write(s.wide.name, wide, listed: nil, labels: wide.nameArticles, commune, upper: true, &c)
        } else {
            nameSuffix(s, commune, &c)
        }
    }

    /// The sign (`Enseigne commerciale`).
    private func sign(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        if let wide {
            write(s.wide.sign, wide, listed: nil, labels: wide.signSuffixes, commune, upper: true, &c)
        } else {
            nameSuffix(s, commune, &c)
        }
    }

    /// The standard set's second part of a name, or its sign.
    func nameSuffix(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        let part = v.kinds[s.kind].suffixes[s.nameSuffix]
        switch part.kind {
        case .literal: c.word(part.word)
        case .city: c.word(commune.upper)
        case .surname: c.word(v.surnames[s.nameSurname].text)
        }
    }

    /// Complément destinataire … Mention distribution (26–33), each followed by `|`.
    private func streetColumns(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        if s.recipient >= 0 { recipient(s, commune, &c) }
        c.pipe()
        if s.place >= 0 { place(s, commune, &c) }
        c.pipe()
        streetNumber(s, &c)
        c.pipe()
        if s.repetition >= 0 { c.word(v.repetitions[s.repetition]) }
        c.pipe()
        if s.streetType >= 0 { coded(v.streetTypes[s.streetType], &c) } else { c.pipes(2) }
        if s.streetName >= 0 { street(s, commune, &c) }
        c.pipe()
        if s.distribution >= 0 { distribution(s, commune, &c) }
        c.pipe()
    }

    /// `Complément destinataire`.
    @inline(__always)
    private func recipient(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        if let wide {
            write(s.wide.recipient, wide, listed: v.recipientComplements, labels: wide.recipientLabels, commune, &c)
        } else {
            c.word(v.recipientComplements[s.recipient])
        }
    }

    /// `Complément point géographique`.
    @inline(__always)
    private func place(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        if let wide {
            write(s.wide.place, wide, listed: v.placeComplements, labels: wide.placeLabels, commune, &c)
        } else {
            c.word(v.placeComplements[s.place])
        }
    }

    /// `Libellé Voie`.
    @inline(__always)
    private func street(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        if let wide {
            let labels = s.wide.street.pattern == .titled ? wide.streetTitles : wide.streetArticles
            write(s.wide.street, wide, listed: v.streetNames, labels: labels, commune, &c)
        } else {
            c.word(v.streetNames[s.streetName])
        }
    }

    /// `Mention distribution`.
    @inline(__always)
    private func distribution(_ s: Structure, _ commune: Commune, _ c: inout Cursor) {
        if let wide {
            write(s.wide.distribution, wide, listed: v.distributions, labels: wide.distributionLabels, commune, &c)
        } else {
            c.word(v.distributions[s.distribution])
        }
    }

    @inline(__always)
    private func streetNumber(_ s: Structure, _ c: inout Cursor) {
        if s.number > 0 { c.number(s.number) } else if s.number < 0 { c.byte(UInt8(ascii: "P")) }
    }

    /// A telephone field and its `|`: the département's prefix and the remaining digits.
    @inline(__always)
    private func phone(_ digits: UInt64, _ mobile: Bool, _ commune: Commune, _ c: inout Cursor) {
        if digits != 0 {
            if mobile {
                c.byte(48)
                c.byte(digits & 1 == 0 ? 54 : 55)
                c.digits(digits, width: 8)
            } else {
                let d = v.departments[commune.department]
                c.word(d.phonePrefix)
                c.digits(digits % powerOfTen(d.phoneDigits), width: d.phoneDigits)
            }
        }
        c.pipe()
    }

    private func email(_ s: Structure, _ p: Person, _ commune: Commune, _ c: inout Cursor) {
        if let wide { return wideEmail(s, wide, commune, &c) }
        switch s.email {
        case 1:
            c.word(Self.contact)
            let domain = v.kinds[s.kind].domain
            c.word(domain.isEmpty ? Self.health : domain)
            c.byte(UInt8(ascii: "-"))
            c.word(commune.slug)
            c.word(Self.dotFr)
        case 2:
            c.word(v.givenNames[p.given].slug)
            c.byte(UInt8(ascii: "."))
            c.word(v.surnames[p.surname].slug)
            c.byte(UInt8(ascii: "@"))
            c.word(v.mailProviders[s.provider])
        default:
            break
        }
    }

    private static let contact = Word("contact@")
    static let health = Word("sante")
    static let dotFr = Word(".fr")

    // MARK: - savoir-faire, diplomes, cartes

    private func savoirFaire(_ range: Range<Int>, _ buffer: ByteBuffer) -> Int {
        var rows = 0
        for i in range {
            let p = population.person(i)
            for n in 0..<p.savoirFaireCount {
                var c = buffer.cursor(reserving: Self.rowReserve)
                identity(p, &c)
                names(p, &c)
                professionAndCategory(p, &c)
                let sf = population.savoirFaire(p.savoirFaire(n))
                coded(sf.type, &c)
                coded(sf.value, &c)
                c.newline()
                buffer.finish(c)
                rows += 1
            }
        }
        return rows
    }

    private func diplomes(_ range: Range<Int>, _ buffer: ByteBuffer) -> Int {
        var rows = 0
        for i in range {
            let p = population.person(i)
            let profession = v.professions[p.profession]
            var r = Random(seed: population.seed, .diplomes, i)
            for d in 0..<p.diplomas {
                var c = buffer.cursor(reserving: Self.rowReserve)
                identity(p, &c)
                names(p, &c)
                if d == 0 && p.foreignTrained {
                    // Trained abroad: a foreign diploma and an authorisation, or the authorisation alone.
                    if r.chance(500) {
                        coded(v.foreignDiplomaTypes[r.below(v.foreignDiplomaTypes.count)], &c)
                        coded(profession.diploma.value, &c)
                    } else {
                        c.pipes(4)
                    }
                    coded(v.authorisationTypes[v.authorisationWeights.draw(&r)], &c)
                    coded(profession.discipline, &c)
                } else {
                    let diploma: TypedCoded
                    if d == 0 {
                        diploma = profession.diploma
                    } else if profession.habit == .doctor {
                        diploma = v.doctorDiplomas[v.doctorDiplomaWeights.draw(&r)]
                    } else {
                        diploma = v.otherDiplomas[v.otherDiplomaWeights.draw(&r)]
                    }
                    coded(diploma.type, &c)
                    coded(diploma.value, &c)
                    c.pipes(4)
                }
                c.newline()
                buffer.finish(c)
                rows += 1
            }
        }
        return rows
    }

    private func cartes(_ range: Range<Int>, _ buffer: ByteBuffer) -> Int {
        var rows = 0
        for i in range {
            let p = population.person(i)
            var r = Random(seed: population.seed, .cartes, i)
            for n in 0..<p.cards {
                var c = buffer.cursor(reserving: Self.rowReserve)
                identity(p, &c)
                names(p, &c)
                professionAndCategory(p, &c)
                // A second card: the first was the student card (CPF), now expired.
                let student = p.category == 2 || (p.cards == 2 && n == 0)
                coded(v.cardTypes[student ? 1 : 0], &c)
                // ≤ 10 characters; an odd multiplier coprime with 10 keeps numbers distinct.
                c.digits(2_000_000_000 + (UInt64(i &* 2 &+ n) &* 387_420_489) % 1_000_000_000, width: 10)
                c.pipe()
                c.byte(p.rpps ? 56 : 48)
                let start = c.p
                c.digits(p.id, width: p.idWidth)
                if p.corsica != 0 { start[1] = p.corsica }
                c.pipe()
                let expired = p.cards == 2 && n == 0
                let begin = -(expired ? 1_100 + r.below(1_500) : r.below(1_095))
                c.field(dates.date(begin))
                c.field(dates.date(begin + 1_095))
                if r.chance(25) { c.word(dates.date(begin + r.below(-begin + 1))) }
                c.pipe()
                c.field(dates.date(begin + r.below(min(-begin, 400) + 1)))
                c.newline()
                buffer.finish(c)
                rows += 1
            }
        }
        return rows
    }

    // MARK: - mssante

    private static let per = Word("PER")
    private static let org = Word("ORG")
    private static let mssanteSuffix = Word(".mssante.fr")
    private static let dematerialisation = [Word("O"), Word("N")]

    private func mssante(_ range: Range<Int>, _ buffer: ByteBuffer) -> Int {
        var rows = 0
        for i in range {
            let p = population.person(i)
            if p.mailboxes > 0 { rows += personalMailboxes(p, buffer) }
            // Organisation mailboxes are spread evenly among the people, whatever the blocks.
            let from = population.organisationCount * i / population.count
            let to = population.organisationCount * (i + 1) / population.count
            rows += organisations(from..<to, buffer)
        }
        return rows
    }

    /// The PER mailboxes of practitioner `p`.
    private func personalMailboxes(_ p: Person, _ buffer: ByteBuffer) -> Int {
        var r = Random(seed: population.seed, .mssante, p.index)
        // Many personal mailboxes carry no structure.
        let activity = p.activities > 0 && r.chance(520) ? population.activity(p, 0) : nil
        let structure = activity?.structure
        for m in 0..<p.mailboxes {
            var c = buffer.cursor(reserving: Self.rowReserve)
            c.field(Self.per)
            // Address: given.surname[n]@domain, unique by construction (homonyms numbered).
            if let wide {
                wideLocalPart(p.given, p.surname, wide, &c)
            } else {
                c.word(v.givenNames[p.given].slug)
                c.byte(UInt8(ascii: "."))
                c.word(v.surnames[p.surname].slug)
            }
            if p.homonym > 0 { c.number(p.homonym + 1) }
            c.byte(UInt8(ascii: "@"))
            if m == 0 {
                c.word(v.professions[p.profession].mailDomain)
            } else if let s = structure, s.pool >= 0, !v.kinds[s.kind].domain.isEmpty {
                structureDomain(kind: s.kind, pool: s.pool, &c)
            } else {
                c.word(v.communes[p.home].slug)
                c.word(Self.mssanteSuffix)
            }
            c.pipe()
            identity(p, &c)
            if let s = structure {
                mailStructureID(s, p, &c)
                if s.pool >= 0 && r.chance(150) { c.word(v.services[r.below(v.services.count)].label) }
                c.pipe()
            } else {
                c.pipes(3)
            }
            if p.practiceCivility >= 0 { c.word(v.practiceCivilities[p.practiceCivility].label) }
            c.pipe()
            names(p, &c)
            coded(v.categories[p.category], &c)
            let profession = v.professions[p.profession]
            c.field(profession.code)
            c.field(profession.label)
            if p.savoirFaireCount > 0 {
                coded(population.savoirFaire(p.savoirFaire.0).value, &c)
            } else {
                c.pipes(2)
            }
            if r.chance(900) { c.word(Self.dematerialisation[r.chance(850) ? 0 : 1]) }
            c.pipe()
            if let s = structure { mailAddress(s, &c) } else { c.pipes(12) }
            c.newline()
            buffer.finish(c)
        }
        return p.mailboxes
    }

    /// Organisation mailboxes `range`.
    private func organisations(_ range: Range<Int>, _ buffer: ByteBuffer) -> Int {
        var rows = 0
        for j in range {
            let o = population.organisation(j)
            let s = population.pooled(kind: o.kind, index: o.pool)
            // A few addresses are on two lines (one mailbox, two services).
            let copies = j % 499 == 250 ? 2 : 1
            for copy in 0..<copies {
                var c = buffer.cursor(reserving: Self.rowReserve)
                c.field(Self.org)
                let service = v.services[(o.service + copy) % v.services.count]
                c.word(service.local)
                if o.round > 0 { c.number(o.round + 1) }
                c.byte(UInt8(ascii: "@"))
                structureDomain(kind: o.kind, pool: o.pool, &c)
                c.pipe()
                c.pipes(3)
                mailStructureID(s, nil, &c)
                c.field(service.label)
                c.pipes(9)
                c.field(Self.dematerialisation[0])
                mailAddress(s, &c)
                c.newline()
                buffer.finish(c)
                rows += 1
            }
        }
        return rows
    }

    /// `ch-belley.mssante.fr`, `ch-belley-2.mssante.fr`: one per pooled structure.
    private func structureDomain(kind: Int, pool: Int, _ c: inout Cursor) {
        c.word(v.kinds[kind].domain)
        c.byte(UInt8(ascii: "-"))
        c.word(v.communes[population.communeOfPooled(kind: kind, index: pool)].slug)
        let n = pool / v.communes.count
        if n > 0 {
            c.byte(UInt8(ascii: "-"))
            c.number(n + 1)
        }
        c.word(Self.mssanteSuffix)
    }

    /// `Type identifiant structure|Identification Structure|` (the `Ancien identifiant` type digits).
    private func mailStructureID(_ s: Structure, _ p: Person?, _ c: inout Cursor) {
        let commune = v.communes[s.commune]
        switch s.technical {
        case UInt8(ascii: "F"): c.byte(UInt8(ascii: "1"))
        case UInt8(ascii: "R"): c.byte(UInt8(ascii: "4"))
        default: c.byte(UInt8(ascii: s.siret != 0 ? "3" : "0"))
        }
        c.pipe()
        technicalID(s, commune, &c)
        c.pipe()
    }

    /// `Raison Sociale structure BAL` … `Pays structure BAL` (18–30), the last without `|`.
    private func mailAddress(_ s: Structure, _ c: inout Cursor) {
        let commune = v.communes[s.commune]
        structureName(s, commune, &c)
        c.pipe()
        if s.enseigne { sign(s, commune, &c) }
        c.pipe()
        if s.place >= 0 { place(s, commune, &c) }
        c.pipe()
        if s.recipient >= 0 { recipient(s, commune, &c) }
        c.pipe()
        streetNumber(s, &c)
        c.pipe()
        if s.repetition >= 0 { c.word(v.repetitions[s.repetition]) }
        c.pipe()
        if s.streetType >= 0 { c.word(v.streetTypes[s.streetType].code) }
        c.pipe()
        if s.streetName >= 0 { street(s, commune, &c) }
        c.pipe()
        if s.distribution >= 0 { distribution(s, commune, &c) }
        c.pipe()
        if s.foreign >= 0 {
            let f = v.foreign[s.foreign]
            c.field(f.town)
            c.field(f.postcode)
            c.pipe()
            c.word(f.country.label)
        } else {
            c.field(s.cedex ? commune.cedexLine : commune.acheminement)
            c.field(s.cedex ? commune.cedexCode : commune.postcode)
            c.field(v.departments[commune.department].code)
            if s.showCountry { c.word(v.france.label) }
        }
    }
}
