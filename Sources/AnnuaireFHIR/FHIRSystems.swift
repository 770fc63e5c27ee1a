/// The URLs of the FHIR mapping (`spec/fhir.md`), in one table so that a correction from the
/// implementation guide (`ansforge/IG-fhir-annuaire`) is made in one place.
public enum FHIRSystems {
    /// `meta.source` of every resource.
    public static let source = "https://annuaire.sante.fr"

    static let profileBase = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/"
    /// `meta.profile` of a Practitioner.
    public static let practitionerProfile = profileBase + "as-dp-practitioner"
    /// `meta.profile` of a PractitionerRole.
    public static let practitionerRoleProfile = profileBase + "as-dp-practitionerrole"
    /// `meta.profile` of an Organization.
    public static let organizationProfile = profileBase + "as-dp-organization"
    /// The smartcard extension (type, number, validity period).
    public static let smartcardExtension = profileBase + "as-ext-smartcard"

    /// The coding system of identifier types.
    public static let identifierType = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
    /// IDNPS: `8` + RPPS or `0` + ADELI.
    public static let idnps = "urn:oid:1.2.250.1.71.4.2.1"
    /// RPPS, when the type is `8`.
    public static let rpps = "https://rpps.esante.gouv.fr"
    /// IDNST: `Ancien identifiant de la structure`.
    public static let idnst = "urn:oid:1.2.250.1.71.4.2.2"
    /// `Numéro FINESS site`.
    public static let finess = "https://finess.esante.gouv.fr"
    /// `Identifiant technique de la structure`.
    public static let rppsRang = "https://rppsrang.esante.gouv.fr"
    /// `Numéro SIRET site`, as the guide's structure profiles write it.
    public static let siret = "http://sirene.fr"

    /// A NOS terminology's FHIR code system, e.g. `TRE_G15-ProfessionSante`.
    public static func nos(_ name: String) -> String {
        "https://mos.esante.gouv.fr/NOS/\(name)/FHIR/\(name.replacingOccurrences(of: "_", with: "-"))"
    }

    /// Professions (`Code profession`).
    public static let profession = nos("TRE_G15-ProfessionSante")
    /// Professional categories (`Code catégorie professionnelle`).
    public static let category = nos("TRE_R09-CategorieProfessionnelle")
    /// Types of savoir-faire (`Code type savoir-faire`).
    public static let savoirFaireType = nos("TRE_R04-TypeSavoirFaire")
    /// Ordinal specialties (`Code savoir-faire` of type `S`).
    public static let specialiteOrdinale = nos("TRE_R38-SpecialiteOrdinale")
    /// French state diplomas (`Code diplôme`).
    public static let diploma = nos("TRE_R48-DiplomeEtatFrancais")
    /// Types of diploma (`Code type diplôme`).
    public static let diplomaType = nos("TRE_R14-TypeDiplome")
    /// Kinds of activity (`Code genre activité`).
    public static let genreActivite = nos("TRE_R22-GenreActivite")
    /// Modes of practice (`Code mode exercice`).
    public static let modeExercice = nos("TRE_R23-ModeExercice")
    /// Roles in a structure (`Code rôle`).
    public static let role = nos("TRE_R21-Fonction")
    /// Sections of the pharmacists' order (`Code section tableau pharmaciens`).
    public static let sectionPharmaciens = nos("TRE_G05-SectionTableauCNOP")
    /// Sectors of activity (`Code secteur d'activité`).
    public static let secteurActivite = nos("TRE_R02-SecteurActivite")
    /// INSEE communes (`Code commune`).
    public static let commune = nos("TRE_R13-Commune")
    /// Types of CPS/CPF card (`Code type de carte`).
    public static let cardType = nos("TRE_R87-TypeCarte")
    /// Types of MSSanté mailbox (`Type de BAL`).
    public static let messagingType = nos("TRE_R256-TypeMessagerie")

    /// FR Core's email-type extension, with code `MSSANTE` for an MSSanté mailbox.
    public static let emailTypeExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-email-type"
    /// FR Core's INSEE commune code extension of an address.
    public static let inseeCodeExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
    /// ISO 21090 address-part extensions.
    public static let houseNumber = "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-houseNumber"
    /// The ISO 21090 building-number suffix part (`bis`, `ter`…).
    public static let buildingNumberSuffix = "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-buildingNumberSuffix"
    /// The ISO 21090 street-type part (`rue`, `avenue`…).
    public static let streetNameType = "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetNameType"
    /// The ISO 21090 street-name part.
    public static let streetNameBase = "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetNameBase"
}
