/// The columns of the personneActivite family, in header order (`spec/formats.md` §3).
public enum PersonneActiviteColumn: Int, FamilyColumn {
    /// `Type d'identifiant PP`
    case typeIdentifiantPP
    /// `Identifiant PP`
    case identifiantPP
    /// `Identification nationale PP`
    case identificationNationalePP
    /// `Code civilité d'exercice`
    case codeCiviliteExercice
    /// `Libellé civilité d'exercice`
    case libelleCiviliteExercice
    /// `Code civilité`
    case codeCivilite
    /// `Libellé civilité`
    case libelleCivilite
    /// `Nom d'exercice`
    case nomExercice
    /// `Prénom d'exercice`
    case prenomExercice
    /// `Code profession`
    case codeProfession
    /// `Libellé profession`
    case libelleProfession
    /// `Code catégorie professionnelle`
    case codeCategorieProfessionnelle
    /// `Libellé catégorie professionnelle`
    case libelleCategorieProfessionnelle
    /// `Code type savoir-faire`
    case codeTypeSavoirFaire
    /// `Libellé type savoir-faire`
    case libelleTypeSavoirFaire
    /// `Code savoir-faire`
    case codeSavoirFaire
    /// `Libellé savoir-faire`
    case libelleSavoirFaire
    /// `Code mode exercice`
    case codeModeExercice
    /// `Libellé mode exercice`
    case libelleModeExercice
    /// `Numéro SIRET site`
    case numeroSiretSite
    /// `Numéro SIREN site`
    case numeroSirenSite
    /// `Numéro FINESS site`
    case numeroFinessSite
    /// `Numéro FINESS établissement juridique`
    case numeroFinessEtablissementJuridique
    /// `Identifiant technique de la structure`
    case identifiantTechniqueStructure
    /// `Raison sociale site`
    case raisonSocialeSite
    /// `Enseigne commerciale site`
    case enseigneCommercialeSite
    /// `Complément destinataire (coord. structure)`
    case complementDestinataire
    /// `Complément point géographique (coord. structure)`
    case complementPointGeographique
    /// `Numéro Voie (coord. structure)`
    case numeroVoie
    /// `Indice répétition voie (coord. structure)`
    case indiceRepetitionVoie
    /// `Code type de voie (coord. structure)`
    case codeTypeVoie
    /// `Libellé type de voie (coord. structure)`
    case libelleTypeVoie
    /// `Libellé Voie (coord. structure)`
    case libelleVoie
    /// `Mention distribution (coord. structure)`
    case mentionDistribution
    /// `Bureau cedex (coord. structure)`
    case bureauCedex
    /// `Code postal (coord. structure)`
    case codePostal
    /// `Code commune (coord. structure)`
    case codeCommune
    /// `Libellé commune (coord. structure)`
    case libelleCommune
    /// `Code pays (coord. structure)`
    case codePays
    /// `Libellé pays (coord. structure)`
    case libellePays
    /// `Téléphone (coord. structure)`
    case telephone
    /// `Téléphone 2 (coord. structure)`
    case telephone2
    /// `Télécopie (coord. structure)`
    case telecopie
    /// `Adresse e-mail (coord. structure)`
    case adresseEMail
    /// `Code Département (structure)`
    case codeDepartementStructure
    /// `Libellé Département (structure)`
    case libelleDepartementStructure
    /// `Ancien identifiant de la structure`
    case ancienIdentifiantStructure
    /// `Autorité d'enregistrement`
    case autoriteEnregistrement
    /// `Code secteur d'activité`
    case codeSecteurActivite
    /// `Libellé secteur d'activité`
    case libelleSecteurActivite
    /// `Code section tableau pharmaciens`
    case codeSectionTableauPharmaciens
    /// `Libellé section tableau pharmaciens`
    case libelleSectionTableauPharmaciens
    /// `Code rôle`
    case codeRole
    /// `Libellé rôle`
    case libelleRole
    /// `Code genre activité`
    case codeGenreActivite
    /// `Libellé genre activité`
    case libelleGenreActivite

    /// The family these columns belong to.
    public static let family = Family.personneActivite
    /// The verbatim header labels, in the order of the cases.
    public static let labels = [
        "Type d'identifiant PP",
        "Identifiant PP",
        "Identification nationale PP",
        "Code civilité d'exercice",
        "Libellé civilité d'exercice",
        "Code civilité",
        "Libellé civilité",
        "Nom d'exercice",
        "Prénom d'exercice",
        "Code profession",
        "Libellé profession",
        "Code catégorie professionnelle",
        "Libellé catégorie professionnelle",
        "Code type savoir-faire",
        "Libellé type savoir-faire",
        "Code savoir-faire",
        "Libellé savoir-faire",
        "Code mode exercice",
        "Libellé mode exercice",
        "Numéro SIRET site",
        "Numéro SIREN site",
        "Numéro FINESS site",
        "Numéro FINESS établissement juridique",
        "Identifiant technique de la structure",
        "Raison sociale site",
        "Enseigne commerciale site",
        "Complément destinataire (coord. structure)",
        "Complément point géographique (coord. structure)",
        "Numéro Voie (coord. structure)",
        "Indice répétition voie (coord. structure)",
        "Code type de voie (coord. structure)",
        "Libellé type de voie (coord. structure)",
        "Libellé Voie (coord. structure)",
        "Mention distribution (coord. structure)",
        "Bureau cedex (coord. structure)",
        "Code postal (coord. structure)",
        "Code commune (coord. structure)",
        "Libellé commune (coord. structure)",
        "Code pays (coord. structure)",
        "Libellé pays (coord. structure)",
        "Téléphone (coord. structure)",
        "Téléphone 2 (coord. structure)",
        "Télécopie (coord. structure)",
        "Adresse e-mail (coord. structure)",
        "Code Département (structure)",
        "Libellé Département (structure)",
        "Ancien identifiant de la structure",
        "Autorité d'enregistrement",
        "Code secteur d'activité",
        "Libellé secteur d'activité",
        "Code section tableau pharmaciens",
        "Libellé section tableau pharmaciens",
        "Code rôle",
        "Libellé rôle",
        "Code genre activité",
        "Libellé genre activité",
    ]
}

/// The columns of the savoirFaire family, in header order (`spec/formats.md` §3).
public enum SavoirFaireColumn: Int, FamilyColumn {
    /// `Type d'identifiant PP`
    case typeIdentifiantPP
    /// `Identifiant PP`
    case identifiantPP
    /// `Identification nationale PP`
    case identificationNationalePP
    /// `Nom d'exercice`
    case nomExercice
    /// `Prénom d'exercice`
    case prenomExercice
    /// `Code profession`
    case codeProfession
    /// `Libellé profession`
    case libelleProfession
    /// `Code catégorie professionnelle`
    case codeCategorieProfessionnelle
    /// `Libellé catégorie professionnelle`
    case libelleCategorieProfessionnelle
    /// `Code type savoir-faire`
    case codeTypeSavoirFaire
    /// `Libellé type savoir-faire`
    case libelleTypeSavoirFaire
    /// `Code savoir-faire`
    case codeSavoirFaire
    /// `Libellé savoir-faire`
    case libelleSavoirFaire

    /// The family these columns belong to.
    public static let family = Family.savoirFaire
    /// The verbatim header labels, in the order of the cases.
    public static let labels = [
        "Type d'identifiant PP",
        "Identifiant PP",
        "Identification nationale PP",
        "Nom d'exercice",
        "Prénom d'exercice",
        "Code profession",
        "Libellé profession",
        "Code catégorie professionnelle",
        "Libellé catégorie professionnelle",
        "Code type savoir-faire",
        "Libellé type savoir-faire",
        "Code savoir-faire",
        "Libellé savoir-faire",
    ]
}

/// The columns of the diplomes family, in header order (`spec/formats.md` §3).
public enum DiplomesColumn: Int, FamilyColumn {
    /// `Type d'identifiant PP`
    case typeIdentifiantPP
    /// `Identifiant PP`
    case identifiantPP
    /// `Identification nationale PP`
    case identificationNationalePP
    /// `Nom d'exercice`
    case nomExercice
    /// `Prénom d'exercice`
    case prenomExercice
    /// `Code type diplôme obtenu`
    case codeTypeDiplomeObtenu
    /// `Libellé type diplôme obtenu`
    case libelleTypeDiplomeObtenu
    /// `Code diplôme obtenu`
    case codeDiplomeObtenu
    /// `Libellé diplôme obtenu`
    case libelleDiplomeObtenu
    /// `Code type autorisation`
    case codeTypeAutorisation
    /// `Libellé type autorisation`
    case libelleTypeAutorisation
    /// `Code discipline autorisation`
    case codeDisciplineAutorisation
    /// `Libellé discipline autorisation`
    case libelleDisciplineAutorisation

    /// The family these columns belong to.
    public static let family = Family.diplomes
    /// The verbatim header labels, in the order of the cases.
    public static let labels = [
        "Type d'identifiant PP",
        "Identifiant PP",
        "Identification nationale PP",
        "Nom d'exercice",
        "Prénom d'exercice",
        "Code type diplôme obtenu",
        "Libellé type diplôme obtenu",
        "Code diplôme obtenu",
        "Libellé diplôme obtenu",
        "Code type autorisation",
        "Libellé type autorisation",
        "Code discipline autorisation",
        "Libellé discipline autorisation",
    ]
}

/// The columns of the mssante family, in header order (`spec/formats.md` §3).
public enum MSSanteColumn: Int, FamilyColumn {
    /// `Type de BAL`
    case typeBAL
    /// `Adresse BAL`
    case adresseBAL
    /// `Type Identifiant PP`
    case typeIdentifiantPP
    /// `Identifiant PP`
    case identifiantPP
    /// `Identification nationale PP`
    case identificationNationalePP
    /// `Type identifiant structure`
    case typeIdentifiantStructure
    /// `Identification Structure`
    case identificationStructure
    /// `Service de rattachement`
    case serviceRattachement
    /// `Civilité d'exercice`
    case civiliteExercice
    /// `Nom d'exercice`
    case nomExercice
    /// `Prénom d'exercice`
    case prenomExercice
    /// `Catégorie profession`
    case categorieProfession
    /// `Libellé de catégorie profession`
    case libelleCategorieProfession
    /// `Code Profession`
    case codeProfession
    /// `Libellé Profession`
    case libelleProfession
    /// `Code savoir-faire`
    case codeSavoirFaire
    /// `Libellé savoir-faire`
    case libelleSavoirFaire
    /// `Dématérialisation`
    case dematerialisation
    /// `Raison Sociale structure BAL`
    case raisonSociale
    /// `Enseigne commerciale structure BAL`
    case enseigneCommerciale
    /// `L2COMPLEMENTLOCALISATION structure BAL`
    case complementLocalisation
    /// `L3COMPLEMENTDISTRIBUTION structure BAL`
    case complementDistribution
    /// `L4NUMEROVOIE structure BAL`
    case numeroVoie
    /// `L4COMPLEMENTNUMEROVOIE structure BAL`
    case complementNumeroVoie
    /// `NL4TYPEVOIE structure BAL`
    case typeVoie
    /// `L4LIBELLEVOIE structure BAL`
    case libelleVoie
    /// `L5LIEUDITMENTION structure BAL`
    case lieuDitMention
    /// `L6LIGNEACHEMINEMENT structure BAL`
    case ligneAcheminement
    /// `Code postal structure BAL`
    case codePostal
    /// `Département structure BAL`
    case departement
    /// `Pays structure BAL`
    case pays

    /// The family these columns belong to.
    public static let family = Family.mssante
    /// The verbatim header labels, in the order of the cases.
    public static let labels = [
        "Type de BAL",
        "Adresse BAL",
        "Type Identifiant PP",
        "Identifiant PP",
        "Identification nationale PP",
        "Type identifiant structure",
        "Identification Structure",
        "Service de rattachement",
        "Civilité d'exercice",
        "Nom d'exercice",
        "Prénom d'exercice",
        "Catégorie profession",
        "Libellé de catégorie profession",
        "Code Profession",
        "Libellé Profession",
        "Code savoir-faire",
        "Libellé savoir-faire",
        "Dématérialisation",
        "Raison Sociale structure BAL",
        "Enseigne commerciale structure BAL",
        "L2COMPLEMENTLOCALISATION structure BAL",
        "L3COMPLEMENTDISTRIBUTION structure BAL",
        "L4NUMEROVOIE structure BAL",
        "L4COMPLEMENTNUMEROVOIE structure BAL",
        "NL4TYPEVOIE structure BAL",
        "L4LIBELLEVOIE structure BAL",
        "L5LIEUDITMENTION structure BAL",
        "L6LIGNEACHEMINEMENT structure BAL",
        "Code postal structure BAL",
        "Département structure BAL",
        "Pays structure BAL",
    ]
}

/// The columns of the cartes family, in header order (`spec/formats.md` §3).
public enum CartesColumn: Int, FamilyColumn {
    /// `Type d'identifiant PP`
    case typeIdentifiantPP
    /// `Identifiant PP`
    case identifiantPP
    /// `Identification nationale PP`
    case identificationNationalePP
    /// `Nom d'exercice`
    case nomExercice
    /// `Prénom d'exercice`
    case prenomExercice
    /// `Code profession`
    case codeProfession
    /// `Libellé profession`
    case libelleProfession
    /// `Code catégorie professionnelle`
    case codeCategorieProfessionnelle
    /// `Libellé catégorie professionnelle`
    case libelleCategorieProfessionnelle
    /// `Code type de carte`
    case codeTypeCarte
    /// `Libellé type de carte`
    case libelleTypeCarte
    /// `Numéro carte`
    case numeroCarte
    /// `Identifiant national contenu dans la carte`
    case identifiantNationalContenuDansCarte
    /// `Date début validité`
    case dateDebutValidite
    /// `Date fin validité`
    case dateFinValidite
    /// `Date opposition`
    case dateOpposition
    /// `Date de mise à jour`
    case dateMiseAJour

    /// The family these columns belong to.
    public static let family = Family.cartes
    /// The verbatim header labels, in the order of the cases.
    public static let labels = [
        "Type d'identifiant PP",
        "Identifiant PP",
        "Identification nationale PP",
        "Nom d'exercice",
        "Prénom d'exercice",
        "Code profession",
        "Libellé profession",
        "Code catégorie professionnelle",
        "Libellé catégorie professionnelle",
        "Code type de carte",
        "Libellé type de carte",
        "Numéro carte",
        "Identifiant national contenu dans la carte",
        "Date début validité",
        "Date fin validité",
        "Date opposition",
        "Date de mise à jour",
    ]
}
