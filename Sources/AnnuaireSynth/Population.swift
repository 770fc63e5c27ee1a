/// National-scale sizes (`scale` 1.0), calibrated so the files have the row counts of the 2026
/// extracts (`spec/formats.md` §1).
enum NationalScale {
    /// Practitioners (RPPS and ADELI): ≈ 2.3 M personne-activite rows.
    static let practitioners = 1_400_000
    /// Share (‰) of practitioners in the ADELI register.
    static let adeliPerMille = 220
    /// Organisation (ORG) mailboxes of the mssante file.
    static let organisationMailboxes = 80_000
    /// Individual practices (`Cabinet individuel`) of the wide set, about one per activity of
    /// that kind, so most have one practitioner and some two or three (collaborators); the
    /// standard set gives every such activity a cabinet of its own.
    static let individualPractices = 510_000
    /// Group practices (`Cabinet de groupe`) of the wide set: two or three practitioners each on
    /// average.
    static let groupPractices = 140_000
    /// Practices in partnership (`Exercice en société`) of the wide set: one or two each.
    static let partnerships = 40_000
}

/// One practitioner: everything every family agrees on. Derived from its index alone, so each
/// family re-derives it for itself and the families join by identifier.
struct Person {
    var index: Int
    var rpps: Bool
    /// The identifier as a number: 11 digits (RPPS) or 9 (ADELI, leading zeros kept by width).
    var id: UInt64
    /// `A` or `B` replacing the second character of a Corsican ADELI number, else 0.
    var corsica: UInt8
    /// ADELI index among ADELI practitioners (for cabinet ids); RPPS index among RPPS ones.
    var registerIndex: Int
    var profession: Int
    var category: Int
    var civility: Int
    var practiceCivility: Int
    var surname: Int
    var given: Int
    /// Disambiguates homonyms in mailbox addresses (`marie.martin3@…`).
    var homonym: Int
    var upperGiven: Bool
    var mixedSurname: Bool
    var home: Int
    var activities: Int
    /// Savoir-faire: up to three, as `table << 8 | index` (see `SavoirFaireTable`), -1 for none.
    var savoirFaire: (Int, Int, Int)
    var savoirFaireCount: Int
    var mailboxes: Int
    var cards: Int
    var diplomas: Int
    var foreignTrained: Bool

    var idWidth: Int { rpps ? 11 : 9 }

    func savoirFaire(_ n: Int) -> Int {
        switch n {
        case 0: savoirFaire.0
        case 1: savoirFaire.1
        default: savoirFaire.2
        }
    }
}

/// Tables a savoir-faire index points into.
enum SavoirFaireTable: Int {
    case doctorSpecialty, doctorExtra, dentist, pharmacist
}

/// One practice situation of a practitioner.
struct Activity {
    var kind: Int
    var mode: Int
    var role: Coded?
    var genre: Int
    var section: Int
    var authority: Word
    var structure: Structure?
}

/// A place of practice: a shared establishment of a pool, or a practitioner's own cabinet.
struct Structure {
    var kind: Int
    var commune: Int
    /// Index in its kind's pool, or -1 for a cabinet.
    var pool: Int
    /// Index into `Vocabulary.foreign`, or -1 for a French address.
    var foreign: Int
    /// 14-digit SIRET, 0 when none.
    var siret: UInt64
    var showSiren: Bool
    var hasFiness: Bool
    /// 7 digits (6 and a key) after the département prefix.
    var finessSite: UInt64
    var finessLegal: UInt64
    var legalDepartment: Int
    /// `F` (FINESS), `R` (RPPS cabinet), `C` (SIRET or ADELI cabinet).
    var technical: UInt8
    var cabinetID: UInt64
    var cabinetWidth: Int
    var namePrefix: Int
    var nameSuffix: Int
    var nameSurname: Int
    var enseigne: Bool
    var recipient: Int
    var place: Int
    /// Street number; 0 none; -1 the letter `P`.
    var number: Int
    var repetition: Int
    var streetType: Int
    var streetName: Int
    var distribution: Int
    var cedex: Bool
    var showCommune: Bool
    var showCountry: Bool
    var showDepartment: Bool
    var phone: UInt64
    var phone2: UInt64
    var fax: UInt64
    var mobile: Bool
    /// 0 none, 1 `contact@<structure>.fr`, 2 `<given>.<surname>@<provider>`.
    var email: Int
    var provider: Int
    /// The values of the wide set; `WideStructure.standard` in the standard set.
    var wide: WideStructure
}

/// An ADELI allotment area: a département prefix (the overseas départements share `97`).
struct AdeliArea {
    let prefix: (UInt8, UInt8)
    let communes: Table<Int32>
}

/// The population of one run: how many practitioners, how they are numbered, the pools of shared
/// structures. Immutable; every value is derived from `(seed, index)`.
///
/// `@unchecked Sendable`: immutable after `init`; its tables are freed in `deinit`, after every
/// worker holding it has finished.
final class Population: @unchecked Sendable {
    let seed: UInt64
    let scale: Double
    let count: Int
    let adeliCount: Int
    let rppsStride: Int
    let areas: Table<AdeliArea>
    /// `areaStarts[a]`: the first ADELI index of area `a`; `areas.count + 1` entries.
    let areaStarts: Table<Int>
    let adeliCumulative: Table<Int>
    let adeliTotal: Int
    let names: Permutation
    let nameCombinations: Int
    let poolSizes: Table<Int>
    let organisationCount: Int
    /// Kinds whose structures have organisation mailboxes, and the sum of their pools.
    let organisationKinds: Table<Int>
    let organisationStructures: Int
    let vocabulary: Vocabulary
    /// `communeOfPooled`'s multiplier and its inverse modulo the number of communes.
    let communeMultiplier: Int
    let communeInverse: Int
    /// Standard or wide values.
    let variety: SynthOptions.Variety
    /// The wide set's names, one per practitioner (`Population.wideNames`); empty in the standard set.
    let wideNames: Table<UInt64>

    init(scale: Double, seed: UInt64, variety: SynthOptions.Variety = .standard) {
        let v = Vocabulary.shared
        vocabulary = v
        self.seed = seed
        self.scale = scale
        self.variety = variety
        count = max(1, Int((Double(NationalScale.practitioners) * scale).rounded()))
        adeliCount = count * NationalScale.adeliPerMille / 1000
        rppsStride = max(1, min(60, 99_000_000 / max(1, count - adeliCount)))

        // ADELI areas, in the byte order of their prefixes so numbers come out sorted.
        var byPrefix: [[UInt8]: (communes: [Int32], weight: Int)] = [:]
        let communeWeights = communeList.map(\.3)
        for d in v.departments.indices {
            let dep = v.departments[d]
            let key = [dep.prefix.0, dep.prefix.1]
            var entry = byPrefix[key] ?? ([], 0)
            for c in 0..<dep.communes.count {
                entry.communes.append(dep.communes[c])
                entry.weight += communeWeights[Int(dep.communes[c])]
            }
            byPrefix[key] = entry
        }
        let sorted = byPrefix.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        areas = Table(sorted.map { AdeliArea(prefix: ($0.key[0], $0.key[1]), communes: Table($0.value.communes)) })
        // Sizes by weight, but no area so large that a profession would need more than the 10,000
        // sequence numbers of an ADELI number: the excess goes to the other areas.
        let largestShare = v.adeliWeights.max()!
        let areaLimit = 10_000 * v.adeliWeights.reduce(0, +) / largestShare - 1
        var sizes = [Int](repeating: 0, count: sorted.count)
        var open = Array(sorted.indices)
        var left = adeliCount
        while !open.isEmpty {
            let weight = open.reduce(0) { $0 + sorted[$1].value.weight }
            let over = open.filter { left * sorted[$0].value.weight / weight > areaLimit }
            if over.isEmpty {
                var running = 0
                var given = 0
                for a in open {
                    running += sorted[a].value.weight
                    let upTo = left * running / weight
                    sizes[a] = upTo - given
                    given = upTo
                }
                break
            }
            for a in over { sizes[a] = areaLimit }
            left -= over.count * areaLimit
            open.removeAll { over.contains($0) }
        }
        var starts = [0]
        for size in sizes { starts.append(starts.last! + size) }
        areaStarts = Table(starts)
        var cumulative: [Int] = []
        var sum = 0
        for w in v.adeliWeights {
            sum += w
            cumulative.append(sum)
        }
        adeliCumulative = Table(cumulative)
        adeliTotal = sum

        nameCombinations = v.surnames.count * v.givenNames.count
        names = Permutation(count: max(count, nameCombinations), seed: seed)
        var pools = activityKindSpecs.map { $0.pool == 0 ? 0 : max(1, Int((Double($0.pool) * scale).rounded())) }
        if variety == .wide {
            pools[ActivityKind.cabinetIndividuel.rawValue] = max(
                1, Int((Double(NationalScale.individualPractices) * scale).rounded()))
            pools[ActivityKind.cabinetGroupe.rawValue] = max(1, Int((Double(NationalScale.groupPractices) * scale).rounded()))
            pools[ActivityKind.societe.rawValue] = max(1, Int((Double(NationalScale.partnerships) * scale).rounded()))
        }
        poolSizes = Table(pools)
        organisationCount = Int((Double(NationalScale.organisationMailboxes) * scale).rounded())
        let orgKinds = activityKindSpecs.filter { !$0.domain.isEmpty }.map(\.kind.rawValue)
        organisationKinds = Table(orgKinds)
        organisationStructures = orgKinds.reduce(0) { $0 + pools[$1] }
        let n = v.communes.count
        var multiplier = 33
        while (1..<n).first(where: { multiplier * $0 % n == 1 }) == nil { multiplier += 1 }
        communeMultiplier = multiplier
        communeInverse = (1..<n).first { multiplier * $0 % n == 1 }!
        wideNames = variety == .wide ? Self.wideNames(count: count, seed: seed) : Table([])
    }

    deinit {
        for a in areas.indices { areas[a].communes.free() }
        areas.free()
        areaStarts.free()
        adeliCumulative.free()
        poolSizes.free()
        organisationKinds.free()
        wideNames.free()
    }

    // MARK: - People

    /// Practitioner `i` (0 ≤ i < count): ADELI ones first, then RPPS, each in identifier order.
    func person(_ i: Int) -> Person {
        let v = vocabulary
        var r = Random(seed: seed, .identity, i)
        var p = Person(
            index: i, rpps: i >= adeliCount, id: 0, corsica: 0, registerIndex: 0, profession: 0, category: 0,
            civility: 0, practiceCivility: -1, surname: 0, given: 0, homonym: 0, upperGiven: false,
            mixedSurname: false, home: 0, activities: 0, savoirFaire: (-1, -1, -1), savoirFaireCount: 0, mailboxes: 0,
            cards: 0, diplomas: 1, foreignTrained: false)
        if p.rpps {
            let n = i - adeliCount
            p.registerIndex = n
            let sequence = UInt64(n * rppsStride + r.below(rppsStride))
            p.id = withLuhnKey(1_000_000_000 + sequence)
            p.profession = Int(v.rppsProfessions[v.rppsWeights.draw(&r)])
            p.home = v.communeWeights.draw(&r)
        } else {
            adeli(i, into: &p, &r)
        }
        let profession = v.professions[p.profession]

        let code = Int(truncatingIfNeeded: names(i))
        let combination = code % nameCombinations
        p.homonym = code / nameCombinations
        p.surname = combination % v.surnames.count
        p.given = combination / v.surnames.count
        let female = v.givenNames[p.given].female
        p.civility = female ? (!p.rpps && r.chance(15) ? 2 : 1) : 0
        p.upperGiven = r.chance(p.rpps ? 15 : 400)
        p.mixedSurname = r.chance(4)

        if p.rpps {
            if r.chance(profession.studentPerMille) {
                p.category = 2
            } else if r.chance(profession.militaryPerMille) {
                p.category = 1
            }
        }
        switch (profession.habit, p.category) {
        case (.doctor, 0): p.practiceCivility = r.chance(900) ? (r.chance(50) ? 1 : 0) : -1
        case (.doctor, 1): p.practiceCivility = r.chance(600) ? 2 : (r.chance(100) ? 3 : 0)
        case (.pharmacist, 0): p.practiceCivility = r.chance(300) ? 0 : -1
        case (.pharmacist, 1): p.practiceCivility = r.chance(800) ? 4 : 5
        case (.dentist, 0): p.practiceCivility = r.chance(800) ? 0 : -1
        default: break
        }
        drawSavoirFaire(&p, profession, &r)

        if r.chance(p.category == 2 ? 300 : (p.rpps ? 70 : 150)) {
            p.activities = 0
        } else {
            let x = r.below(1000)
            p.activities = x < 600 ? 1 : x < 830 ? 2 : x < 920 ? 3 : x < 965 ? 4 : x < 985 ? 5 : 6
        }
        if r.chance((p.category == 2 ? profession.mailboxPerMille / 3 : profession.mailboxPerMille) * 102 / 100) {
            p.mailboxes = r.chance(60) ? 2 : 1
        }
        if p.rpps {
            p.cards = r.chance(730) ? (r.chance(100) ? 2 : 1) : 0
        } else {
            p.cards = r.chance(330) ? 1 : 0
        }
        let furtherPerMille = profession.habit == .doctor ? 650 : 330
        p.diplomas =
            1 + (r.chance(furtherPerMille) ? 1 : 0) + (r.chance(furtherPerMille / 3) ? 1 : 0)
            + (r.chance(furtherPerMille / 10) ? 1 : 0)
        p.foreignTrained = r.chance(50)
        if variety == .wide { widenName(&p) }
        return p
    }

    /// ADELI practitioner `i`: its area (département prefix), profession and sequence follow from
    /// its index, so numbers are unique (up to 10,000 per area and profession) and sorted.
    private func adeli(_ i: Int, into p: inout Person, _ r: inout Random) {
        var lo = 0
        var hi = areas.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if areaStarts[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        let area = areas[lo]
        let size = areaStarts[lo + 1] - areaStarts[lo]
        let position = i - areaStarts[lo]
        var k = 0
        var blockStart = 0
        while k < adeliCumulative.count - 1 && position >= size * adeliCumulative[k] / adeliTotal {
            blockStart = size * adeliCumulative[k] / adeliTotal
            k += 1
        }
        let sequence = UInt64((position - blockStart) % 10_000)
        p.profession = Int(vocabulary.adeliProfessions[k])
        p.registerIndex = i
        let letter = area.prefix.1 &- 48 > 9
        let prefix = UInt64(area.prefix.0 - 48) * 10 + (letter ? 0 : UInt64(area.prefix.1 - 48))
        p.corsica = letter ? area.prefix.1 : 0
        p.id = withLuhnKey(prefix * 1_000_000 + vocabulary.professions[p.profession].number * 10_000 + sequence)
        p.home = Int(area.communes[r.below(area.communes.count)])
    }

    private func drawSavoirFaire(_ p: inout Person, _ profession: Profession, _ r: inout Random) {
        let v = vocabulary
        var first = -1
        var second = -1
        var third = -1
        switch profession.habit {
        case .doctor where p.category != 2 && r.chance(950):
            first = SavoirFaireTable.doctorSpecialty.rawValue << 8 | v.doctorSpecialtyWeights.draw(&r)
            if r.chance(380) { second = SavoirFaireTable.doctorExtra.rawValue << 8 | v.doctorExtraWeights.draw(&r) }
            if r.chance(80) {
                let extra = SavoirFaireTable.doctorExtra.rawValue << 8 | v.doctorExtraWeights.draw(&r)
                if second < 0 { second = extra } else if extra != second { third = extra }
            }
        case .dentist where r.chance(120):
            first = SavoirFaireTable.dentist.rawValue << 8 | v.dentistSpecialtyWeights.draw(&r)
        case .pharmacist where r.chance(60):
            first = SavoirFaireTable.pharmacist.rawValue << 8 | v.pharmacistSpecialtyWeights.draw(&r)
        default:
            break
        }
        p.savoirFaire = (first, second, third)
        p.savoirFaireCount = first < 0 ? 0 : second < 0 ? 1 : third < 0 ? 2 : 3
    }

    /// The savoir-faire `code` of `savoirFaire(n)`: type (code, label) and value (code, label).
    func savoirFaire(_ code: Int) -> TypedCoded {
        let v = vocabulary
        let index = code & 0xFF
        switch SavoirFaireTable(rawValue: code >> 8)! {
        case .doctorSpecialty: return TypedCoded(type: v.qualificationType, value: v.doctorSpecialties[index])
        case .doctorExtra: return v.doctorExtras[index]
        case .dentist: return TypedCoded(type: v.qualificationType, value: v.dentistSpecialties[index])
        case .pharmacist: return TypedCoded(type: v.qualificationType, value: v.pharmacistSpecialties[index])
        }
    }

    // MARK: - Activities and structures

    /// Activity `k` of practitioner `p` (0 ≤ k < p.activities).
    func activity(_ p: Person, _ k: Int) -> Activity {
        let v = vocabulary
        let profession = v.professions[p.profession]
        var r = Random(seed: seed, .activity, p.index &* 8 &+ k)
        var kind = Int(profession.kinds[profession.kindWeights.draw(&r)])
        if p.category == 1 && r.chance(700) { kind = ActivityKind.hia.rawValue }
        let activityKind = ActivityKind(rawValue: kind)!
        var mode: Int
        switch activityKind {
        case .cabinetIndividuel, .cabinetGroupe, .societe: mode = 0
        case .officine: mode = r.chance(400) ? 0 : 1
        case .commerce: mode = r.chance(200) ? 0 : 1
        default: mode = 1
        }
        if r.chance(4) { mode = 2 } else if r.chance(2) { mode = 3 }

        var role: Coded? = nil
        if r.chance(680) {
            if activityKind == .officine {
                role = v.pharmacyRoles[mode == 0 ? 0 : 1]
            } else if p.category == 2 {
                role = v.studentRoles[v.studentRoleWeights.draw(&r)]
            } else if mode == 0 {
                role = v.privateRoles[v.privateRoleWeights.draw(&r)]
            } else if profession.habit == .none {
                role = v.staffRoles[v.staffRoleWeights.draw(&r)]
            } else {
                role = v.salariedRoles[v.salariedRoleWeights.draw(&r)]
            }
        }
        let genre = r.chance(760) ? v.genreWeights.draw(&r) : -1
        var section = -1
        if profession.habit == .pharmacist {
            switch activityKind {
            case .officine: section = mode == 0 ? 0 : 3
            case .industrie: section = 1
            case .laboratoire: section = 5
            default: section = 6
            }
        }
        let authority: Word
        if p.rpps {
            authority = p.category == 1 ? v.authorityMilitary : (r.chance(50) ? profession.authorityARS : profession.authority)
        } else if r.chance(10) {
            authority = .empty
        } else {
            switch activityKind {
            case .commerce: authority = v.authorityADELI[2]
            case .sansStructure: authority = v.authorityADELI[3]
            case .cabinetIndividuel, .cabinetGroupe, .societe: authority = v.authorityADELI[mode == 0 ? 0 : 1]
            default: authority = v.authorityADELI[1]
            }
        }
        var activity = Activity(kind: kind, mode: mode, role: role, genre: genre, section: section, authority: authority)
        switch activityKind {
        case .sansStructure: break
        case .cabinetIndividuel where variety == .wide, .cabinetGroupe where variety == .wide,
            .societe where variety == .wide:
            // A practice shared with a few others, mostly near home.
            let local = r.chance(k == 0 ? 850 : 600) ? pooledIndex(kind: kind, commune: p.home, &r) : nil
            activity.structure = pooled(kind: kind, index: local ?? r.below(poolSizes[kind]))
        case .cabinetIndividuel, .cabinetGroupe, .societe:
            activity.structure = cabinet(p, k, kind: kind)
        default:
            // Mostly near home, when the pool has a structure of this kind there.
            let local = r.chance(k == 0 ? 750 : 500) ? pooledIndex(kind: kind, commune: p.home, &r) : nil
            activity.structure = pooled(kind: kind, index: local ?? r.below(poolSizes[kind]))
        }
        return activity
    }

    /// The commune of structure `index` of the pool of `kind`: a bijection of `index % communes`
    /// (an affine map with a multiplier prime to the number of communes), so `(kind, index)` and
    /// `(kind, commune, index / communes)` match one to one and the MSSanté domain built from the
    /// latter is unique.
    func communeOfPooled(kind: Int, index: Int) -> Int {
        let n = vocabulary.communes.count
        return (index % n * communeMultiplier + kind * 7) % n
    }

    /// A structure of the pool of `kind` in `commune`, when the pool has one there.
    private func pooledIndex(kind: Int, commune: Int, _ r: inout Random) -> Int? {
        let n = vocabulary.communes.count
        let residue = ((commune - kind * 7 % n + n) % n) * communeInverse % n
        let size = poolSizes[kind]
        guard residue < size else { return nil }
        return residue + n * r.below((size - 1 - residue) / n + 1)
    }

    /// Structure `index` of the pool of `kind`: the same in every row that names it.
    func pooled(kind: Int, index: Int) -> Structure {
        let v = vocabulary
        let spec = v.kinds[kind]
        var r = Random(seed: seed, .structure, kind << 40 | index)
        let commune = communeOfPooled(kind: kind, index: index)
        var s = blankStructure(kind: kind, commune: commune, pool: index, &r)
        s.namePrefix = r.below(spec.prefixes.count)
        s.nameSuffix = r.below(spec.suffixes.count)
        s.nameSurname = r.below(v.surnames.count)
        s.enseigne = kind == ActivityKind.commerce.rawValue ? r.chance(400) : r.chance(30)
        if spec.finess {
            s.hasFiness = true
            s.technical = UInt8(ascii: "F")
            let payload = UInt64((kind * 61_000 + index) % 1_000_000)
            s.finessSite = finessTail(payload, department: v.communes[commune].department)
            let legalGroup = kind == ActivityKind.hopitalPublic.rawValue ? index / 3 : index
            let legalPayload = UInt64((kind * 61_000 + legalGroup + 500_000) % 1_000_000)
            s.legalDepartment = r.chance(800) ? v.communes[commune].department : v.paris
            s.finessLegal = finessTail(legalPayload, department: s.legalDepartment)
            if r.chance(700) { s.siret = siret(&r) }
        } else {
            s.technical = UInt8(ascii: "C")
            s.siret = siret(&r)
        }
        s.showSiren = s.siret != 0 && r.chance(500)
        address(&s, full: spec.finess, &r)
        s.email = r.chance(spec.finess ? 180 : 120) ? 1 : 0
        if variety == .wide { widen(&s, key: kind << 40 | index) }
        return s
    }

    /// The cabinet of activity `k` of practitioner `p`.
    func cabinet(_ p: Person, _ k: Int, kind: Int) -> Structure {
        let v = vocabulary
        var r = Random(seed: seed, .structure, 1 << 62 | p.index &* 8 &+ k)
        let commune = k == 0 || r.chance(600) ? p.home : v.communeWeights.draw(&r)
        var s = blankStructure(kind: kind, commune: commune, pool: -1, &r)
        let spec = v.kinds[kind]
        s.namePrefix = r.below(spec.prefixes.count)
        s.nameSuffix = r.below(spec.suffixes.count)
        s.nameSurname = p.surname
        if kind == ActivityKind.societe.rawValue || r.chance(p.rpps ? 450 : 600) { s.siret = siret(&r) }
        s.showSiren = s.siret != 0 && r.chance(500)
        if p.rpps {
            s.technical = UInt8(ascii: "R")
            s.cabinetID = 10_000_000_000_000 + UInt64(p.index &* 8 &+ k)
            s.cabinetWidth = 14
        } else {
            s.technical = UInt8(ascii: "C")
            if s.siret == 0 {
                s.cabinetID =
                    numericPrefix(v.communes[commune].department) * 1_000_000_000 + v.professions[p.profession].number * 10_000_000
                    + UInt64((p.registerIndex &* 8 &+ k) % 10_000_000)
                s.cabinetWidth = 11
            }
        }
        address(&s, full: false, &r)
        s.mobile = r.chance(150)
        s.email = r.chance(160) ? 2 : 0
        s.provider = r.below(v.mailProviders.count)
        return s
    }

    private func blankStructure(kind: Int, commune: Int, pool: Int, _ r: inout Random) -> Structure {
        Structure(
            kind: kind, commune: commune, pool: pool, foreign: r.chance(2) ? r.below(vocabulary.foreign.count) : -1,
            siret: 0, showSiren: false, hasFiness: false, finessSite: 0, finessLegal: 0, legalDepartment: 0,
            technical: 0, cabinetID: 0, cabinetWidth: 0, namePrefix: 0, nameSuffix: 0, nameSurname: 0,
            enseigne: false, recipient: -1, place: -1, number: 0, repetition: -1, streetType: -1, streetName: -1,
            distribution: -1, cedex: false, showCommune: false, showCountry: false, showDepartment: false,
            phone: 0, phone2: 0, fax: 0, mobile: false, email: 0, provider: 0, wide: .standard)
    }

    private func address(_ s: inout Structure, full: Bool, _ r: inout Random) {
        let v = vocabulary
        if r.chance(full ? 100 : 70) { s.recipient = r.below(v.recipientComplements.count) }
        if r.chance(full ? 120 : 70) { s.place = r.below(v.placeComplements.count) }
        if r.chance(full ? 820 : 780) { s.number = r.chance(2) ? -1 : 1 + r.below(r.chance(800) ? 60 : 400) }
        if s.number > 0 && r.chance(50) { s.repetition = r.below(v.repetitions.count) }
        if r.chance(930) { s.streetType = v.streetTypeWeights.draw(&r) }
        if s.streetType >= 0 || r.chance(500) { s.streetName = r.below(v.streetNames.count) }
        if r.chance(full ? 80 : 20) { s.distribution = r.below(v.distributions.count) }
        s.cedex = r.chance(full ? 150 : 10)
        s.showCommune = r.chance(full ? 950 : 880)
        s.showCountry = r.chance(700)
        s.showDepartment = r.chance(850)
        s.phone = r.chance(full ? 900 : 720) ? r.digits(8) : 0
        s.phone2 = r.chance(full ? 80 : 40) ? r.digits(8) : 0
        s.fax = r.chance(full ? 300 : 80) ? r.digits(8) : 0
    }

    /// A 14-digit SIRET whose SIREN (first 9) and whole number are both Luhn-valid.
    private func siret(_ r: inout Random) -> UInt64 {
        let siren = withLuhnKey(10_000_000 + r.digits(8) % 89_999_999)
        let establishment = UInt64(1 + r.below(r.chance(800) ? 40 : 9_000))
        return withLuhnKey(siren * 10_000 + establishment)
    }

    /// The 7 digits after a FINESS's département prefix; Luhn-valid over all 9 when the prefix is
    /// numeric (Corsican prefixes carry a letter and no check).
    private func finessTail(_ payload: UInt64, department: Int) -> UInt64 {
        withLuhnKey(numericPrefix(department) * 1_000_000 + payload) % 10_000_000
    }

    /// The département's two-character prefix as a number (`2A` and `2B` count as 20).
    private func numericPrefix(_ department: Int) -> UInt64 {
        let d = vocabulary.departments[department].prefix
        return UInt64(d.0 - 48) * 10 + (d.1 &- 48 > 9 ? 0 : UInt64(d.1 - 48))
    }

    // MARK: - Organisation mailboxes

    /// Organisation mailbox `j`: its structure and service, and a number that keeps its address
    /// unique when there are more mailboxes than structures × services.
    func organisation(_ j: Int) -> (kind: Int, pool: Int, service: Int, round: Int) {
        let services = vocabulary.services.count
        let q = j / services
        let round = organisationStructures > 0 ? q / organisationStructures : 0
        var rest = organisationStructures > 0 ? q % organisationStructures : 0
        for k in 0..<organisationKinds.count {
            let kind = organisationKinds[k]
            if rest < poolSizes[kind] { return (kind, rest, j % services, round) }
            rest -= poolSizes[kind]
        }
        return (organisationKinds[0], 0, j % services, round)
    }
}

extension Table {
    /// Frees the storage; only for tables owned by a `Population`, after its last use.
    func free() { UnsafeMutablePointer(mutating: base).deallocate() }
}
