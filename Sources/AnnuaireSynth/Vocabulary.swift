/// A code and its label, pre-encoded.
struct Coded {
    let code: Word
    let label: Word

    init(_ code: String, _ label: String) {
        self.code = Word(code)
        self.label = Word(label)
    }

    init(code: Word, label: Word) {
        self.code = code
        self.label = label
    }
}

/// A savoir-faire or diploma: a type (code, label) and a value (code, label).
struct TypedCoded {
    let type: Coded
    let value: Coded
}

struct Department {
    let code: Word
    let label: Word
    /// The two characters that open ADELI and FINESS numbers of this département (`2A`, `97`…).
    let prefix: (UInt8, UInt8)
    /// Telephone prefix (`01`…`05`, `0590`…) and how many digits follow it.
    let phonePrefix: Word
    let phoneDigits: Int
    let communes: Table<Int32>
}

struct Commune {
    let insee: Word
    let postcode: Word
    let label: Word
    /// `Bureau cedex` as the registers print it: `01000 BOURG EN BRESSE`.
    let acheminement: Word
    let cedexCode: Word
    /// `01009 BOURG EN BRESSE CEDEX`.
    let cedexLine: Word
    /// `BOURG EN BRESSE`.
    let upper: Word
    /// `bourg-en-bresse` (unique among communes).
    let slug: Word
    let department: Int
}

struct Surname {
    let text: Word
    /// `Martin`: the casing some sources use.
    let mixed: Word
    let slug: Word
}

struct GivenName {
    let text: Word
    let upper: Word
    let slug: Word
    let female: Bool
}

struct Profession {
    let code: Word
    let label: Word
    let number: UInt64
    let rpps: Bool
    let mailDomain: Word
    let kinds: Table<Int8>
    let kindWeights: Weights
    let studentPerMille: Int
    let militaryPerMille: Int
    let habit: ProfessionSpec.Habit
    let diploma: TypedCoded
    let discipline: Coded
    let mailboxPerMille: Int
    /// `CNOM/CNOM/CNOM`, `CNOM/CNOM/ARS`, `CNOM//` (RPPS); empty for ADELI.
    let authority: Word
    let authorityARS: Word
    let authorityIdle: Word
}

/// One part of a structure's name.
struct NamePart {
    enum Kind: UInt8 { case literal, city, surname }
    let word: Word
    let kind: Kind
}

struct Kind {
    let sector: Coded
    let pool: Int
    let finess: Bool
    let prefixes: Table<Word>
    let suffixes: Table<NamePart>
    let domain: Word
}

/// Every word the synthesizer writes, encoded once as UTF-8 and kept for the life of the process.
/// Built from the lists of `Vocabulary+*.swift`; a value of raw pointers, copied freely.
struct Vocabulary: @unchecked Sendable {
    let departments: Table<Department>
    let communes: Table<Commune>
    let communeWeights: Weights
    let streetTypes: Table<Coded>
    let streetTypeWeights: Weights
    let streetNames: Table<Word>
    let recipientComplements: Table<Word>
    let placeComplements: Table<Word>
    let distributions: Table<Word>
    let repetitions: Table<Word>
    let foreign: Table<(country: Coded, postcode: Word, town: Word)>
    let mailProviders: Table<Word>
    let surnames: Table<Surname>
    let givenNames: Table<GivenName>
    let professions: Table<Profession>
    /// Indices into `professions` of each register, and their weights.
    let rppsProfessions: Table<Int32>
    let rppsWeights: Weights
    let adeliProfessions: Table<Int32>
    let adeliWeights: [Int]
    let kinds: Table<Kind>
    let doctorSpecialties: Table<Coded>
    let doctorSpecialtyWeights: Weights
    let doctorExtras: Table<TypedCoded>
    let doctorExtraWeights: Weights
    let dentistSpecialties: Table<Coded>
    let dentistSpecialtyWeights: Weights
    let pharmacistSpecialties: Table<Coded>
    let pharmacistSpecialtyWeights: Weights
    let qualificationType: Coded
    let doctorDiplomas: Table<TypedCoded>
    let doctorDiplomaWeights: Weights
    let otherDiplomas: Table<TypedCoded>
    let otherDiplomaWeights: Weights
    let foreignDiplomaTypes: Table<Coded>
    let authorisationTypes: Table<Coded>
    let authorisationWeights: Weights
    let civilities: Table<Coded>
    let practiceCivilities: Table<Coded>
    let categories: Table<Coded>
    let modes: Table<Coded>
    let privateRoles: Table<Coded>
    let privateRoleWeights: Weights
    let salariedRoles: Table<Coded>
    let salariedRoleWeights: Weights
    let staffRoles: Table<Coded>
    let staffRoleWeights: Weights
    let studentRoles: Table<Coded>
    let studentRoleWeights: Weights
    let pharmacyRoles: Table<Coded>
    let genres: Table<Coded>
    let genreWeights: Weights
    let sections: Table<Coded>
    let cardTypes: Table<Coded>
    let services: Table<(label: Word, local: Word)>
    let france: Coded
    let authorityMilitary: Word
    let authorityADELI: Table<Word>
    /// Index of Paris in `departments` (seat of many legal entities).
    let paris: Int

    static let shared = Vocabulary()

    private init() {
        var departments: [Department] = []
        var communesByDepartment = [[Int32]](repeating: [], count: departmentList.count)
        var communes: [Commune] = []
        var slugs = Set<String>()
        for (i, c) in communeList.enumerated() {
            let department = departmentList.firstIndex { code, _ in c.0.hasPrefix(code) }!
            communesByDepartment[department].append(Int32(i))
            var slug = Self.slug(c.2)
            if slugs.contains(slug) { slug += "-" + c.1 }
            slugs.insert(slug)
            // Arrondissements are delivered under the city's name: `75012 PARIS`.
            let city = c.2.hasSuffix(" Arrondissement") ? String(c.2.prefix { $0 != " " }) : c.2
            let upper = Self.acheminement(city)
            let cedex = String(c.1.prefix(3)) + "0" + String(1 + i % 9)
            communes.append(
                Commune(
                    insee: Word(c.0), postcode: Word(c.1), label: Word(c.2), acheminement: Word(c.1 + " " + upper),
                    cedexCode: Word(cedex), cedexLine: Word(cedex + " " + upper + " CEDEX"), upper: Word(upper),
                    slug: Word(slug), department: department))
        }
        for (i, (code, label)) in departmentList.enumerated() {
            let bytes = Array(code.utf8)
            let phone: (String, Int) =
                switch code {
                case "971": ("0590", 6)
                case "972": ("0596", 6)
                case "973": ("0594", 6)
                case "974": ("0262", 6)
                case "976": ("0269", 6)
                default: (Self.phoneZone(code), 8)
                }
            departments.append(
                Department(
                    code: Word(code), label: Word(label), prefix: (bytes[0], bytes[1]), phonePrefix: Word(phone.0),
                    phoneDigits: phone.1, communes: Table(communesByDepartment[i])))
            precondition(!communesByDepartment[i].isEmpty, "no commune in département \(code)")
        }
        self.departments = Table(departments)
        self.communes = Table(communes)
        communeWeights = Weights(communeList.map(\.3))
        streetTypes = Table(streetTypeList.map { Coded($0.0, $0.1) })
        streetTypeWeights = Weights(streetTypeList.map(\.2))
        streetNames = Table(streetNameList.map(Word.init))
        recipientComplements = Table(recipientComplementList.map(Word.init))
        placeComplements = Table(placeComplementList.map(Word.init))
        distributions = Table(distributionList.map(Word.init))
        repetitions = Table(repetitionList.map(Word.init))
        foreign = Table(foreignList.map { (Coded($0.0, $0.1), Word($0.2), Word($0.3)) })
        mailProviders = Table(mailProviderList.map(Word.init))

        var surnameSlugs = Set<String>()
        surnames = Table(
            surnameList.map { name in
                let slug = Self.slug(name)
                precondition(surnameSlugs.insert(slug).inserted, "two surnames give the address part \(slug)")
                return Surname(text: Word(name), mixed: Word(Self.capitalized(name)), slug: Word(slug))
            })
        var givenSlugs = Set<String>()
        givenNames = Table(
            givenNameList.map { name, female in
                let slug = Self.slug(name)
                precondition(givenSlugs.insert(slug).inserted, "two given names give the address part \(slug)")
                return GivenName(text: Word(name), upper: Word(name.uppercased()), slug: Word(slug), female: female)
            })

        kinds = Table(
            activityKindSpecs.enumerated().map { i, spec in
                precondition(spec.kind.rawValue == i, "activityKindSpecs out of order")
                return Kind(
                    sector: Coded(spec.sector.0, spec.sector.1), pool: spec.pool, finess: spec.finess,
                    prefixes: Table(spec.namePrefixes.map(Word.init)),
                    suffixes: Table(
                        spec.nameSuffixes.map { s in
                            switch s {
                            case "city": NamePart(word: .empty, kind: .city)
                            case "surname": NamePart(word: .empty, kind: .surname)
                            default: NamePart(word: Word(s), kind: .literal)
                            }
                        }),
                    domain: Word(spec.domain))
            })
        professions = Table(
            professionSpecs.map { p in
                Profession(
                    code: Word(p.code), label: Word(p.label), number: UInt64(p.code)!, rpps: p.rpps,
                    mailDomain: Word(p.mailDomain), kinds: Table(p.activities.map { Int8($0.0.rawValue) }),
                    kindWeights: Weights(p.activities.map(\.1)), studentPerMille: p.studentPerMille,
                    militaryPerMille: p.militaryPerMille, habit: p.habit,
                    diploma: TypedCoded(
                        type: Coded(p.diploma.0, Self.diplomaTypeLabel(p.diploma.0)), value: Coded(p.diploma.1, p.diploma.2)),
                    discipline: Coded(p.discipline.0, p.discipline.1), mailboxPerMille: p.mailboxPerMille,
                    authority: Word(p.rpps ? "\(p.ordre)/\(p.ordre)/\(p.ordre)" : ""),
                    authorityARS: Word(p.rpps ? "\(p.ordre)/\(p.ordre)/ARS" : ""),
                    authorityIdle: Word(p.rpps ? "\(p.ordre)//" : "ARS//"))
            })
        let rpps = professionSpecs.indices.filter { professionSpecs[$0].rpps }
        let adeli = professionSpecs.indices.filter { !professionSpecs[$0].rpps }
        rppsProfessions = Table(rpps.map { Int32($0) })
        rppsWeights = Weights(rpps.map { professionSpecs[$0].weight })
        adeliProfessions = Table(adeli.map { Int32($0) })
        adeliWeights = adeli.map { professionSpecs[$0].weight }

        doctorSpecialties = Table(AnnuaireSynth.doctorSpecialties.map { Coded($0.0, $0.1) })
        doctorSpecialtyWeights = Weights(AnnuaireSynth.doctorSpecialties.map(\.2))
        doctorExtras = Table(
            AnnuaireSynth.doctorExtras.map { TypedCoded(type: Coded($0.0, $0.1), value: Coded($0.2, $0.3)) })
        doctorExtraWeights = Weights(AnnuaireSynth.doctorExtras.map(\.4))
        dentistSpecialties = Table(AnnuaireSynth.dentistSpecialties.map { Coded($0.0, $0.1) })
        dentistSpecialtyWeights = Weights(AnnuaireSynth.dentistSpecialties.map(\.2))
        pharmacistSpecialties = Table(AnnuaireSynth.pharmacistSpecialties.map { Coded($0.0, $0.1) })
        pharmacistSpecialtyWeights = Weights(AnnuaireSynth.pharmacistSpecialties.map(\.2))
        qualificationType = Coded("S", "Spécialité ordinale")
        doctorDiplomas = Table(
            AnnuaireSynth.doctorDiplomas.map { TypedCoded(type: Coded($0.0, $0.1), value: Coded($0.2, $0.3)) })
        doctorDiplomaWeights = Weights(AnnuaireSynth.doctorDiplomas.map(\.4))
        otherDiplomas = Table(
            AnnuaireSynth.otherDiplomas.map { TypedCoded(type: Coded($0.0, $0.1), value: Coded($0.2, $0.3)) })
        otherDiplomaWeights = Weights(AnnuaireSynth.otherDiplomas.map(\.4))
        foreignDiplomaTypes = Table(AnnuaireSynth.foreignDiplomaTypes.map { Coded($0.0, $0.1) })
        authorisationTypes = Table(AnnuaireSynth.authorisationTypes.map { Coded($0.0, $0.1) })
        authorisationWeights = Weights(AnnuaireSynth.authorisationTypes.map(\.2))
        civilities = Table(AnnuaireSynth.civilities.map { Coded($0.0, $0.1) })
        practiceCivilities = Table(AnnuaireSynth.practiceCivilities.map { Coded($0.0, $0.1) })
        categories = Table(AnnuaireSynth.categories.map { Coded($0.0, $0.1) })
        modes = Table(practiceModes.map { Coded($0.0, $0.1) })
        privateRoles = Table(AnnuaireSynth.privateRoles.map { Coded($0.0, $0.1) })
        privateRoleWeights = Weights(AnnuaireSynth.privateRoles.map(\.2))
        salariedRoles = Table(AnnuaireSynth.salariedRoles.map { Coded($0.0, $0.1) })
        salariedRoleWeights = Weights(AnnuaireSynth.salariedRoles.map(\.2))
        staffRoles = Table(AnnuaireSynth.staffRoles.map { Coded($0.0, $0.1) })
        staffRoleWeights = Weights(AnnuaireSynth.staffRoles.map(\.2))
        studentRoles = Table(AnnuaireSynth.studentRoles.map { Coded($0.0, $0.1) })
        studentRoleWeights = Weights(AnnuaireSynth.studentRoles.map(\.2))
        pharmacyRoles = Table(AnnuaireSynth.pharmacyRoles.map { Coded($0.0, $0.1) })
        genres = Table(activityGenres.map { Coded($0.0, $0.1) })
        genreWeights = Weights(activityGenres.map(\.2))
        sections = Table(pharmacySections.map { Coded($0.0, $0.1) })
        cardTypes = Table(AnnuaireSynth.cardTypes.map { Coded($0.0, $0.1) })
        services = Table(mailServices.map { (Word($0.0), Word($0.1)) })
        france = Coded("99000", "France")
        authorityMilitary = Word("SSA/SSA/SSA")
        paris = departmentList.firstIndex { $0.0 == "75" }!
        authorityADELI = Table(["ARS/CPAM/CPAM", "ARS/ARS/ARS", "ARS/Variable/Variable", "ARS/ARS/"].map(Word.init))
    }

    private static func diplomaTypeLabel(_ code: String) -> String {
        switch code {
        case "DE": "Diplôme d'Etat français"
        case "BTS": "Brevet de technicien supérieur"
        case "TP": "Titre professionnel"
        case "DO": "Diplôme d'ostéopathe"
        case "DU": "Diplôme universitaire"
        case "CC": "Certificat de capacité"
        case "M": "Master"
        default: "Diplôme"
        }
    }

    /// The telephone zone of a metropolitan département: 01 Île-de-France, 02 north-west, 03
    /// north-east, 04 south-east, 05 south-west.
    private static func phoneZone(_ code: String) -> String {
        let n = Int(code) ?? 20
        switch n {
        case 75, 77, 78, 91, 92, 93, 94, 95: return "01"
        case 14, 18, 22, 27, 28, 29, 35, 36, 37, 41, 44, 45, 49, 50, 53, 56, 61, 72, 76, 85: return "02"
        case 2, 8, 10, 21, 25, 39, 51, 52, 54, 55, 57, 58, 59, 60, 62, 67, 68, 70, 71, 80, 88, 89, 90: return "03"
        case 1, 3, 4, 5, 6, 7, 11, 13, 15, 20, 26, 30, 34, 38, 42, 43, 48, 63, 66, 69, 73, 74, 83, 84: return "04"
        default: return "05"
        }
    }

    /// Lower case ASCII, words joined by `-`: the local part or domain form of a name.
    static func slug(_ text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            switch ch {
            case " ", "-": if !out.hasSuffix("-") { out.append("-") }
            case "'", "’": break
            default: out += plain(ch)
            }
        }
        return out
    }

    /// Upper case ASCII with spaces for hyphens and apostrophes: the `ligne d'acheminement` form.
    static func acheminement(_ text: String) -> String {
        var out = ""
        for ch in text.uppercased() {
            switch ch {
            case "-", "'", "’": out.append(" ")
            default: out += plain(Character(ch.lowercased())).uppercased()
            }
        }
        return out
    }

    static func capitalized(_ text: String) -> String {
        var out = ""
        var start = true
        for ch in text {
            out += start ? String(ch).uppercased() : String(ch).lowercased()
            start = ch == " " || ch == "-" || ch == "'"
        }
        return out
    }

    private static func plain(_ ch: Character) -> String {
        switch ch {
        case "é", "è", "ê", "ë": "e"
        case "à", "â", "ä": "a"
        case "î", "ï": "i"
        case "ô", "ö": "o"
        case "ù", "û", "ü": "u"
        case "ç": "c"
        case "œ": "oe"
        case "æ": "ae"
        case "ÿ": "y"
        default: String(ch)
        }
    }
}
