import AnnuaireParsing

extension SearchQuery {
    /// The activities of `practitioner` that the query's place, structure and mode criteria
    /// (commune, postcode, department, structure, mailbox, mode) match, to show with a result;
    /// all of them when the query has none of those criteria or none matches on its own
    /// (the practitioner then matched through several activities, or other rows).
    public func matchingActivities(of practitioner: Practitioner) -> [Practitioner.Activity] {
        let criteria = values.filter { Self.activityCriteria.contains($0.key) }
        guard !criteria.isEmpty else { return practitioner.activities }
        let matched = practitioner.activities.filter { activity in
            criteria.allSatisfy { Self.matches($0.key, $0.value, activity) }
        }
        return matched.isEmpty ? practitioner.activities : matched
    }

    static let activityCriteria: Set<Criterion> = [.commune, .postcode, .department, .structure, .mailbox, .mode]

    /// Whether `value` of `criterion` matches `activity` alone (the same rules as the index).
    static func matches(_ criterion: Criterion, _ value: String, _ activity: Practitioner.Activity) -> Bool {
        let structure = activity.structure
        func field(_ id: String) -> String { structure?[id] ?? "" }
        let query = TextNormalizer.normalize(value)
        let queryWords = query.split(separator: " ")
        func wordsMatch(_ texts: [String]) -> Bool {
            let words = texts.flatMap { TextNormalizer.words($0) }
            return queryWords.allSatisfy { q in words.contains { $0.hasPrefix(q) } }
        }
        func code(_ texts: [String]) -> Bool { texts.contains { !$0.isEmpty && TextNormalizer.normalize($0) == query } }
        switch criterion {
        case .commune:
            let cedex = TextNormalizer.words(field("bureauCedex")).dropFirst().filter { w in
                w != "cedex" && !w.allSatisfy(\.isNumber)
            }
            return code([field("codeCommune")]) || wordsMatch([field("libelleCommune"), cedex.joined(separator: " ")])
        case .postcode:
            let compact = query.filter { $0 != " " }
            let codes = [field("codePostal"), TextNormalizer.words(field("bureauCedex")).first ?? ""]
            return codes.contains { !$0.isEmpty && TextNormalizer.normalize($0).hasPrefix(compact) }
        case .department:
            let own = field("codeDepartementStructure")
            if !own.isEmpty { return TextNormalizer.normalize(own) == query }
            let postcode = TextNormalizer.normalize(field("codePostal"))
            let n = postcode.hasPrefix("97") || postcode.hasPrefix("98") ? 3 : 2
            return postcode.count >= n && String(postcode.prefix(n)) == query
        case .structure:
            let ids = [
                "numeroFinessSite", "numeroFinessEtablissementJuridique", "numeroSiretSite", "numeroSirenSite",
                "identifiantTechniqueStructure",
            ]
            return code(ids.map(field)) || wordsMatch([field("raisonSocialeSite"), field("enseigneCommercialeSite")])
        case .mailbox:
            let address = value.trimmingSpaces.lowercasedASCII
            return activity.organisationMailboxes.contains { $0["adresseBAL"].trimmingSpaces.lowercasedASCII == address }
        case .mode:
            return code([activity.fields["codeModeExercice"]])
        default:
            return true
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

extension Substring {
    var lowercasedASCII: String {
        String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
