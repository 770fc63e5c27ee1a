import AnnuaireParsing
import AnnuaireSnapshot

/// FHIR R4 resources of a snapshot's practitioner, as `spec/fhir.md` maps them: one Practitioner,
/// one PractitionerRole per activity, one Organization per structure. Values are the file's text;
/// every coding carries the file's label as `display`; empty fields are left out.
public enum FHIRResources {
    /// The logical id of a practitioner's Practitioner: its IDNPS (`8`+RPPS or `0`+ADELI).
    public static func practitionerID(_ key: PractitionerKey) -> String { key.nationalID }

    /// The logical id of the `rank`-th activity's PractitionerRole (1-based, in the practitioner's
    /// block; stable within a snapshot): IDNPS + `-` + rank.
    public static func roleID(_ key: PractitionerKey, rank: Int) -> String { "\(key.nationalID)-\(rank)" }

    /// The logical id of a structure's Organization: its `Identifiant technique de la structure`,
    /// or `nil` when the structure has none.
    public static func organizationID(_ structure: Practitioner.Part) -> String? {
        let id = structure["identifiantTechniqueStructure"]
        return id.isEmpty ? nil : id
    }

    /// The Practitioner resource.
    public static func practitioner(_ p: Practitioner) -> JSONValue {
        var members = header("Practitioner", id: practitionerID(p.key), profile: FHIRSystems.practitionerProfile, p.identity.extractTime)
        var ext: [JSONValue] = []
        for card in p.cards { ext.append(smartcard(card)) }
        if !ext.isEmpty { members.append(("extension", .array(ext))) }
        var identifiers = [identifier(FHIRSystems.idnps, "IDNPS", p.key.nationalID)]
        if p.key.typeCode == 8 { identifiers.append(identifier(FHIRSystems.rpps, "RPPS", p.key.identifier)) }
        members.append(("identifier", .array(identifiers)))
        var name: [(String, JSONValue)] = [("use", .string("usual"))]
        let id = p.identity
        if !id["nomExercice"].isEmpty { name.append(("family", .string(id["nomExercice"]))) }
        if !id["prenomExercice"].isEmpty { name.append(("given", .array([.string(id["prenomExercice"])]))) }
        let prefixes = [id["codeCivilite"], id["codeCiviliteExercice"]].filter { !$0.isEmpty }
        if !prefixes.isEmpty { name.append(("prefix", .array(prefixes.map(JSONValue.string)))) }
        members.append(("name", .array([.object(name)])))
        let telecom = p.mailboxes.filter { !$0["adresseBAL"].isEmpty }.map { mailbox(address: $0["adresseBAL"]) }
        if !telecom.isEmpty { members.append(("telecom", .array(telecom))) }
        var qualifications: [JSONValue] = []
        if let profession = coding(FHIRSystems.profession, id["codeProfession"], id["libelleProfession"]) {
            var codings = [profession]
            if let category = coding(FHIRSystems.category, id["codeCategorieProfessionnelle"], id["libelleCategorieProfessionnelle"]) {
                codings.append(category)
            }
            qualifications.append(.object([("code", .object([("coding", .array(codings))]))]))
        }
        var seen = Set<String>()
        for part in [p.identity] + p.savoirFaire {
            let code = part["codeSavoirFaire"]
            guard !code.isEmpty, seen.insert(part["codeTypeSavoirFaire"] + "|" + code).inserted else { continue }
            qualifications.append(.object([("code", .object([("coding", .array(savoirFaire(part)))]))]))
        }
        for diploma in p.diplomas {
            var codings: [JSONValue] = []
            if let c = coding(FHIRSystems.diploma, diploma["codeDiplomeObtenu"], diploma["libelleDiplomeObtenu"]) { codings.append(c) }
            if let c = coding(FHIRSystems.diplomaType, diploma["codeTypeDiplomeObtenu"], diploma["libelleTypeDiplomeObtenu"]) {
                codings.append(c)
            }
            if !codings.isEmpty { qualifications.append(.object([("code", .object([("coding", .array(codings))]))])) }
        }
        if !qualifications.isEmpty { members.append(("qualification", .array(qualifications))) }
        return .object(members)
    }

    /// The PractitionerRole of the `rank`-th activity (1-based).
    public static func role(_ p: Practitioner, rank: Int) -> JSONValue {
        let activity = p.activities[rank - 1]
        var members = header(
            "PractitionerRole", id: roleID(p.key, rank: rank), profile: FHIRSystems.practitionerRoleProfile, activity.fields.extractTime)
        members.append(("active", .bool(true)))
        members.append(("practitioner", reference("Practitioner/" + practitionerID(p.key))))
        if let structure = activity.structure, let org = organizationID(structure) {
            members.append(("organization", reference("Organization/" + org)))
        }
        let f = activity.fields
        var codes: [JSONValue] = []
        for (system, code, label) in [
            (FHIRSystems.genreActivite, "codeGenreActivite", "libelleGenreActivite"),
            (FHIRSystems.modeExercice, "codeModeExercice", "libelleModeExercice"),
            (FHIRSystems.role, "codeRole", "libelleRole"),
            (FHIRSystems.sectionPharmaciens, "codeSectionTableauPharmaciens", "libelleSectionTableauPharmaciens"),
        ] {
            if let c = coding(system, f[code], f[label]) { codes.append(.object([("coding", .array([c]))])) }
        }
        if !codes.isEmpty { members.append(("code", .array(codes))) }
        return .object(members)
    }

    /// Every PractitionerRole of a practitioner, in activity order.
    public static func roles(_ p: Practitioner) -> [JSONValue] { p.activities.indices.map { role(p, rank: $0 + 1) } }

    /// The Organization of an activity's structure, with its ORG mailboxes; `nil` without a
    /// technical identifier.
    public static func organization(_ activity: Practitioner.Activity) -> JSONValue? {
        guard let s = activity.structure, let id = organizationID(s) else { return nil }
        var members = header("Organization", id: id, profile: FHIRSystems.organizationProfile, s.extractTime)
        var identifiers: [JSONValue] = []
        for (system, code, column) in [
            (FHIRSystems.idnst, "IDNST", "ancienIdentifiantStructure"), (FHIRSystems.finess, "FINEG", "numeroFinessSite"),
            (FHIRSystems.rppsRang, "INTRN", "identifiantTechniqueStructure"), (FHIRSystems.siret, "SIRET", "numeroSiretSite"),
        ] where !s[column].isEmpty {
            identifiers.append(identifier(system, code, s[column]))
        }
        members.append(("identifier", .array(identifiers)))
        if let sector = coding(
            FHIRSystems.secteurActivite, activity.fields["codeSecteurActivite"], activity.fields["libelleSecteurActivite"])
        {
            members.append(("type", .array([.object([("coding", .array([sector]))])])))
        }
        if !s["raisonSocialeSite"].isEmpty { members.append(("name", .string(s["raisonSocialeSite"]))) }
        if !s["enseigneCommercialeSite"].isEmpty { members.append(("alias", .array([.string(s["enseigneCommercialeSite"])]))) }
        var telecom: [JSONValue] = []
        for (system, column) in [("phone", "telephone"), ("phone", "telephone2"), ("fax", "telecopie"), ("email", "adresseEMail")]
        where !s[column].isEmpty {
            telecom.append(.object([("system", .string(system)), ("value", .string(s[column]))]))
        }
        for m in activity.organisationMailboxes where !m["adresseBAL"].isEmpty { telecom.append(mailbox(address: m["adresseBAL"])) }
        if !telecom.isEmpty { members.append(("telecom", .array(telecom))) }
        if let address = address(s) { members.append(("address", .array([address]))) }
        return .object(members)
    }

    /// The distinct Organizations of a practitioner's activities, in activity order.
    public static func organizations(_ p: Practitioner) -> [JSONValue] {
        var seen = Set<String>()
        return p.activities.compactMap { a in
            guard let s = a.structure, let id = organizationID(s), seen.insert(id).inserted else { return nil }
            return organization(a)
        }
    }

    // MARK: - Parts

    static func header(_ type: String, id: String, profile: String, _ time: ExtractTime?) -> [(String, JSONValue)] {
        var meta: [(String, JSONValue)] = []
        if let time { meta.append(("lastUpdated", .string(time.description))) }
        meta.append(("source", .string(FHIRSystems.source)))
        meta.append(("profile", .array([.string(profile)])))
        return [("resourceType", .string(type)), ("id", .string(id)), ("meta", .object(meta)), ("language", .string("fr"))]
    }

    static func identifier(_ system: String, _ type: String, _ value: String) -> JSONValue {
        .object([
            ("type", .object([("coding", .array([.object([("system", .string(FHIRSystems.identifierType)), ("code", .string(type))])]))])),
            ("system", .string(system)), ("value", .string(value)),
        ])
    }

    /// A coding, or `nil` when the code is empty; the label as `display` when present.
    static func coding(_ system: String?, _ code: String, _ display: String) -> JSONValue? {
        guard !code.isEmpty else { return nil }
        var members: [(String, JSONValue)] = []
        if let system { members.append(("system", .string(system))) }
        members.append(("code", .string(code)))
        if !display.isEmpty { members.append(("display", .string(display))) }
        return .object(members)
    }

    /// The savoir-faire's codings: the savoir-faire itself (in TRE_R38 for an ordinal speciality,
    /// `S`; without a system for the other types, whose terminology the spec does not fix), then
    /// its type in TRE_R04.
    static func savoirFaire(_ part: Practitioner.Part) -> [JSONValue] {
        let type = part["codeTypeSavoirFaire"]
        let system = type == "S" ? FHIRSystems.specialiteOrdinale : nil
        return [
            coding(system, part["codeSavoirFaire"], part["libelleSavoirFaire"]),
            coding(FHIRSystems.savoirFaireType, type, part["libelleTypeSavoirFaire"]),
        ].compactMap { $0 }
    }

    static func mailbox(address: String) -> JSONValue {
        .object([
            (
                "extension",
                .array([
                    .object([
                        ("url", .string(FHIRSystems.emailTypeExtension)),
                        (
                            "valueCoding",
                            .object([("system", .string(FHIRSystems.messagingType)), ("code", .string("MSSANTE"))])
                        ),
                    ])
                ])
            ),
            ("system", .string("email")), ("value", .string(address)),
        ])
    }

    static func reference(_ target: String) -> JSONValue { .object([("reference", .string(target))]) }

    /// A card as the guide's smartcard extension: type, number, validity period (the opposition
    /// date is not in the public profile).
    static func smartcard(_ card: Practitioner.Part) -> JSONValue {
        var ext: [JSONValue] = []
        if let type = coding(FHIRSystems.cardType, card["codeTypeCarte"], card["libelleTypeCarte"]) {
            ext.append(.object([("url", .string("type")), ("valueCodeableConcept", .object([("coding", .array([type]))]))]))
        }
        if !card["numeroCarte"].isEmpty {
            ext.append(.object([("url", .string("number")), ("valueString", .string(card["numeroCarte"]))]))
        }
        var period: [(String, JSONValue)] = []
        if let start = fhirDate(card["dateDebutValidite"]) { period.append(("start", .string(start))) }
        if let end = fhirDate(card["dateFinValidite"]) { period.append(("end", .string(end))) }
        if !period.isEmpty { ext.append(.object([("url", .string("period")), ("valuePeriod", .object(period))])) }
        return .object([("url", .string(FHIRSystems.smartcardExtension)), ("extension", .array(ext))])
    }

    /// `31/01/2027` → `2027-01-31`; `nil` for anything else.
    static func fhirDate(_ text: String) -> String? {
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return "\(parts[2])-\(parts[1])-\(parts[0])"
    }

    /// The structure's address: the street line with its ISO 21090 parts, the recipient and
    /// location complements as extra lines, postcode, city, INSEE code, country.
    static func address(_ s: Practitioner.Part) -> JSONValue? {
        var lines: [String] = []
        var lineExtensions: [JSONValue] = []
        func part(_ url: String, _ value: String) -> JSONValue? {
            value.isEmpty ? nil : .object([("url", .string(url)), ("valueString", .string(value))])
        }
        for complement in [s["complementDestinataire"], s["complementPointGeographique"]] where !complement.isEmpty {
            lines.append(complement)
            lineExtensions.append(.null)
        }
        let typeLabel = s["libelleTypeVoie"].isEmpty ? s["codeTypeVoie"] : s["libelleTypeVoie"]
        let street = [s["numeroVoie"], s["indiceRepetitionVoie"], typeLabel, s["libelleVoie"]].filter { !$0.isEmpty }
        if !street.isEmpty {
            lines.append(street.joined(separator: " "))
            let parts = [
                part(FHIRSystems.houseNumber, s["numeroVoie"]), part(FHIRSystems.buildingNumberSuffix, s["indiceRepetitionVoie"]),
                part(FHIRSystems.streetNameType, s["codeTypeVoie"]), part(FHIRSystems.streetNameBase, s["libelleVoie"]),
            ].compactMap { $0 }
            lineExtensions.append(.object([("extension", .array(parts))]))
        }
        if !s["mentionDistribution"].isEmpty {
            lines.append(s["mentionDistribution"])
            lineExtensions.append(.null)
        }
        var members: [(String, JSONValue)] = []
        if !s["codeCommune"].isEmpty {
            let code = coding(FHIRSystems.commune, s["codeCommune"], s["libelleCommune"])!
            members.append(("extension", .array([.object([("url", .string(FHIRSystems.inseeCodeExtension)), ("valueCoding", code)])])))
        }
        if !lines.isEmpty {
            members.append(("line", .array(lines.map(JSONValue.string))))
            if lineExtensions.contains(where: { if case .null = $0 { false } else { true } }) {
                members.append(("_line", .array(lineExtensions)))
            }
        }
        let city = s["libelleCommune"].isEmpty ? "" : s["libelleCommune"]
        if !city.isEmpty { members.append(("city", .string(city))) }
        if !s["codePostal"].isEmpty { members.append(("postalCode", .string(s["codePostal"]))) }
        if !s["libellePays"].isEmpty { members.append(("country", .string(s["libellePays"]))) }
        return members.isEmpty ? nil : .object(members)
    }
}
