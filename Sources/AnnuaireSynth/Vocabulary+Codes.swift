// Codes and labels of the directory's nomenclatures, as the extraction files print them.

/// The kinds of practice situation a synthesized activity can be.
enum ActivityKind: Int, CaseIterable {
    case cabinetIndividuel, cabinetGroupe, societe, hopitalPublic, clinique, espic, ehpad, centreSante
    case laboratoire, officine, hia, commerce, handicap, santeTravail, industrie
    /// A salaried activity whose structure is unknown: mode filled, structure columns empty.
    case sansStructure
}

/// How one kind of activity looks: sector, pool of shared structures, names.
struct ActivityKindSpec {
    let kind: ActivityKind
    let sector: (String, String)
    /// Structures shared by the practitioners at national scale; 0: one cabinet per activity.
    let pool: Int
    let finess: Bool
    let namePrefixes: [String]
    /// Second part of the name: `city` (the commune, upper case), `surname`, or fixed words.
    let nameSuffixes: [String]
    /// The structure's MSSanté domain stem; empty when it has no organisation mailboxes.
    let domain: String
}

let activityKindSpecs: [ActivityKindSpec] = [
    .init(
        kind: .cabinetIndividuel, sector: ("SA07", "Cabinet individuel"), pool: 0, finess: false,
        namePrefixes: ["CABINET DU DR ", "CABINET ", "", "CABINET MEDICAL "], nameSuffixes: ["surname"], domain: ""),
    .init(
        kind: .cabinetGroupe, sector: ("SA08", "Cabinet de groupe"), pool: 0, finess: false,
        namePrefixes: ["SCM ", "CABINET MEDICAL ", "MAISON DE SANTE ", "SCP "],
        nameSuffixes: ["city", "DES LILAS", "DU CENTRE", "PASTEUR", "DE LA GARE", "DU PARC", "LES ARCADES"], domain: ""),
    .init(
        kind: .societe, sector: ("SA09", "Exercice en société"), pool: 0, finess: false,
        namePrefixes: ["SELARL ", "SELAS ", "SCP ", "SELARL DU DOCTEUR "], nameSuffixes: ["surname"], domain: ""),
    .init(
        kind: .hopitalPublic, sector: ("SA01", "Etablissement Public de santé"), pool: 3_000, finess: true,
        namePrefixes: [
            "CENTRE HOSPITALIER DE ", "CH ", "CENTRE HOSPITALIER UNIVERSITAIRE DE ",
            "HOPITAL LOCAL DE ", "CENTRE HOSPITALIER SPECIALISE ",
        ],
        nameSuffixes: ["city"], domain: "ch"),
    .init(
        kind: .clinique, sector: ("SA04", "Etab. Privé Non PSPH"), pool: 1_100, finess: true,
        namePrefixes: ["CLINIQUE ", "POLYCLINIQUE ", "HOPITAL PRIVE "],
        nameSuffixes: [
            "SAINT-JOSEPH", "DU PARC", "DES CEDRES", "PASTEUR", "SAINTE-MARIE", "DE L'ANJOU", "LES FRANCISCAINES",
            "DU VAL D'OUEST", "DES CHARMILLES", "SAINT-FRANCOIS", "city",
        ], domain: "clinique"),
    .init(
        kind: .espic, sector: ("SA03", "Etab. Privé PSPH"), pool: 700, finess: true,
        namePrefixes: ["FONDATION ", "GROUPE HOSPITALIER ", "HOPITAL "],
        nameSuffixes: ["SAINT-JOSEPH", "DIACONESSES", "SAINTE-CAMILLE", "LEOPOLD BELLAN", "DE LA CROIX SAINT-SIMON", "city"],
        domain: "hopital"),
    .init(
        kind: .ehpad, sector: ("SA17", "Etab. pour Personnes Agées"), pool: 7_500, finess: true,
        namePrefixes: ["EHPAD ", "RESIDENCE ", "EHPAD RESIDENCE "],
        nameSuffixes: [
            "LES TILLEULS", "LA ROSERAIE", "DU PARC", "LES JARDINS D'ALICE", "LE CLOS FLEURI", "SAINTE-ANNE",
            "LES MAGNOLIAS", "LES GLYCINES", "BEL AIR",
        ], domain: "ehpad"),
    .init(
        kind: .centreSante, sector: ("SA05", "Centre de santé"), pool: 2_500, finess: true,
        namePrefixes: ["CENTRE DE SANTE ", "CENTRE MUNICIPAL DE SANTE ", "CENTRE DE SANTE DENTAIRE ", "CENTRE DE SANTE INFIRMIER "],
        nameSuffixes: ["city", "MUTUALISTE", "DU CENTRE", "LES PEUPLIERS"], domain: "cds"),
    .init(
        kind: .laboratoire, sector: ("SA25", "Laboratoire de biologie médicale (LBM)"), pool: 4_200, finess: true,
        namePrefixes: ["LABORATOIRE DE BIOLOGIE MEDICALE ", "LBM ", "SELAS BIOLOGIE "],
        nameSuffixes: ["city", "DU CENTRE", "DES ALPES", "OCEAN"], domain: "labo"),
    .init(
        kind: .officine, sector: ("SA33", "Officine de pharmacie"), pool: 20_500, finess: true,
        namePrefixes: ["PHARMACIE ", "GRANDE PHARMACIE ", "SELARL PHARMACIE "],
        nameSuffixes: [
            "DU CENTRE", "DE LA GARE", "DES ARCADES", "DU MARCHE", "CENTRALE", "DE LA MAIRIE", "DU PORT",
            "DES HALLES", "PRINCIPALE", "DE LA PLACE", "surname", "city",
        ], domain: ""),
    .init(
        kind: .hia, sector: ("SA02", "Hôpital des armées"), pool: 8, finess: true,
        namePrefixes: ["HIA "],
        nameSuffixes: ["BEGIN", "PERCY", "LAVERAN", "SAINTE-ANNE", "DESGENETTES", "ROBERT PICQUE", "LEGOUEST", "CLERMONT-TONNERRE"],
        domain: "hia"),
    .init(
        kind: .commerce, sector: ("SA42", "Appareillage médical"), pool: 14_000, finess: false,
        namePrefixes: ["OPTIQUE ", "AUDITION ", "SARL ", "SAS "],
        nameSuffixes: ["city", "DU CENTRE", "VISION PLUS", "LUMIERE", "surname"], domain: ""),
    .init(
        kind: .handicap, sector: ("SA16", "Etab. pour Handicapés"), pool: 5_000, finess: true,
        namePrefixes: ["IME ", "FOYER D'ACCUEIL MEDICALISE ", "MAS ", "SESSAD "],
        nameSuffixes: ["LES PEUPLIERS", "LE CHÂTEAU", "L'ESPOIR", "LES PAPILLONS BLANCS", "city"], domain: "ime"),
    .init(
        kind: .santeTravail, sector: ("SA14", "Prévention et soins en entreprise"), pool: 1_200, finess: false,
        namePrefixes: ["SERVICE DE SANTE AU TRAVAIL ", "SPST "], nameSuffixes: ["city"], domain: ""),
    .init(
        kind: .industrie, sector: ("SA37", "Fabrication, exploitation, importation de médicaments"), pool: 600, finess: false,
        namePrefixes: ["LABORATOIRES ", "SAS "], nameSuffixes: ["BIOGALENIQUE", "PHARMA OUEST", "MEDIREX", "city"], domain: ""),
    .init(kind: .sansStructure, sector: ("", ""), pool: 0, finess: false, namePrefixes: [""], nameSuffixes: [""], domain: ""),
]

/// One profession: codes, register, habits.
struct ProfessionSpec {
    let code: String
    let label: String
    /// RPPS (true) or ADELI register.
    let rpps: Bool
    /// Weight in its register's population.
    let weight: Int
    /// Ordre registering it (RPPS), used in `Autorité d'enregistrement`.
    let ordre: String
    let mailDomain: String
    /// Weights over `ActivityKind.allCases`, by name.
    let activities: [(ActivityKind, Int)]
    let studentPerMille: Int
    let militaryPerMille: Int
    /// `doctor`, `pharmacist`, `dentist` or `none`: which civilités d'exercice and savoir-faire.
    let habit: Habit
    /// Main diploma `(type, code, label)`.
    let diploma: (String, String, String)
    /// `(code, label)` of the discipline of an authorisation to practise.
    let discipline: (String, String)
    /// Share (‰) of people of this profession with an MSSanté mailbox.
    let mailboxPerMille: Int

    enum Habit: Int { case none, doctor, pharmacist, dentist, midwife }
}

let professionSpecs: [ProfessionSpec] = [
    .init(
        code: "10", label: "Médecin", rpps: true, weight: 240, ordre: "CNOM", mailDomain: "medecin.mssante.fr",
        activities: [
            (.cabinetIndividuel, 28), (.cabinetGroupe, 20), (.societe, 7), (.hopitalPublic, 25), (.clinique, 7),
            (.espic, 4), (.ehpad, 1), (.centreSante, 3), (.laboratoire, 1), (.santeTravail, 2), (.handicap, 1),
        ],
        studentPerMille: 90, militaryPerMille: 12, habit: .doctor,
        diploma: ("DE", "DE01", "Diplôme d'Etat de docteur en médecine"), discipline: ("D10", "Médecine"), mailboxPerMille: 700),
    .init(
        code: "21", label: "Pharmacien", rpps: true, weight: 60, ordre: "CNOP", mailDomain: "pharmacien.mssante.fr",
        activities: [(.officine, 75), (.hopitalPublic, 10), (.laboratoire, 8), (.industrie, 5), (.clinique, 2)],
        studentPerMille: 60, militaryPerMille: 8, habit: .pharmacist,
        diploma: ("DE", "DE02", "Diplôme d'Etat de docteur en pharmacie"), discipline: ("D21", "Pharmacie"), mailboxPerMille: 450),
    .init(
        code: "40", label: "Chirurgien-Dentiste", rpps: true, weight: 35, ordre: "ONCD", mailDomain: "chirurgien-dentiste.mssante.fr",
        activities: [(.cabinetIndividuel, 50), (.cabinetGroupe, 25), (.societe, 15), (.centreSante, 8), (.hopitalPublic, 2)],
        studentPerMille: 50, militaryPerMille: 4, habit: .dentist,
        diploma: ("DE", "DE03", "Diplôme d'Etat de docteur en chirurgie dentaire"), discipline: ("D40", "Chirurgie dentaire"),
        mailboxPerMille: 300),
    .init(
        code: "50", label: "Sage-Femme", rpps: true, weight: 21, ordre: "CNOSF", mailDomain: "sage-femme.mssante.fr",
        activities: [
            (.hopitalPublic, 50), (.clinique, 10), (.cabinetIndividuel, 25), (.cabinetGroupe, 10), (.centreSante, 3), (.espic, 2),
        ],
        studentPerMille: 50, militaryPerMille: 0, habit: .midwife,
        diploma: ("DE", "DE04", "Diplôme d'Etat de sage-femme"), discipline: ("D50", "Maïeutique"), mailboxPerMille: 400),
    .init(
        code: "60", label: "Infirmier", rpps: true, weight: 345, ordre: "ONI", mailDomain: "infirmier.mssante.fr",
        activities: [
            (.hopitalPublic, 45), (.clinique, 10), (.espic, 5), (.ehpad, 10), (.cabinetIndividuel, 15), (.cabinetGroupe, 8),
            (.centreSante, 3), (.handicap, 3), (.santeTravail, 1),
        ],
        studentPerMille: 0, militaryPerMille: 10, habit: .none,
        diploma: ("DE", "DE05", "Diplôme d'Etat d'infirmier"), discipline: ("D60", "Soins infirmiers"), mailboxPerMille: 230),
    .init(
        code: "70", label: "Masseur-Kinésithérapeute", rpps: true, weight: 82, ordre: "CNOMK",
        mailDomain: "masseur-kinesitherapeute.mssante.fr",
        activities: [
            (.cabinetIndividuel, 40), (.cabinetGroupe, 30), (.societe, 5), (.hopitalPublic, 10), (.clinique, 5),
            (.handicap, 3), (.ehpad, 2), (.espic, 5),
        ],
        studentPerMille: 30, militaryPerMille: 2, habit: .none,
        diploma: ("DE", "DE06", "Diplôme d'Etat de masseur-kinésithérapeute"), discipline: ("D70", "Masso-kinésithérapie"),
        mailboxPerMille: 200),
    .init(
        code: "80", label: "Pédicure-Podologue", rpps: true, weight: 12, ordre: "CNOPP", mailDomain: "pedicure-podologue.mssante.fr",
        activities: [(.cabinetIndividuel, 70), (.cabinetGroupe, 25), (.clinique, 2), (.hopitalPublic, 3)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("DE", "DE07", "Diplôme d'Etat de pédicure-podologue"), discipline: ("D80", "Pédicurie-podologie"),
        mailboxPerMille: 150),
    // ADELI professions.
    .init(
        code: "26", label: "Audioprothésiste", rpps: false, weight: 5, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.commerce, 95), (.cabinetIndividuel, 5)], studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("DE", "DE26", "Diplôme d'Etat d'audioprothésiste"), discipline: ("D26", "Audioprothèse"), mailboxPerMille: 40),
    .init(
        code: "28", label: "Opticien-Lunetier", rpps: false, weight: 35, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.commerce, 100)], studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("BTS", "BTS28", "Brevet de technicien supérieur opticien-lunetier"), discipline: ("D28", "Optique-lunetterie"),
        mailboxPerMille: 20),
    .init(
        code: "31", label: "Assistant dentaire", rpps: false, weight: 10, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.cabinetGroupe, 40), (.societe, 30), (.centreSante, 20), (.sansStructure, 10)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("TP", "TP31", "Titre professionnel d'assistant dentaire"), discipline: ("D31", "Assistance dentaire"),
        mailboxPerMille: 10),
    .init(
        code: "71", label: "Ostéopathe", rpps: false, weight: 30, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.cabinetIndividuel, 70), (.cabinetGroupe, 30)], studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("DO", "DO71", "Diplôme d'ostéopathe"), discipline: ("D71", "Ostéopathie"), mailboxPerMille: 20),
    .init(
        code: "72", label: "Psychothérapeute", rpps: false, weight: 4, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.cabinetIndividuel, 80), (.cabinetGroupe, 20)], studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("DU", "DU72", "Diplôme universitaire de psychothérapie"), discipline: ("D72", "Psychothérapie"), mailboxPerMille: 20),
    .init(
        code: "86", label: "Technicien de laboratoire médical", rpps: false, weight: 15, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.laboratoire, 60), (.hopitalPublic, 30), (.sansStructure, 10)], studentPerMille: 0, militaryPerMille: 0,
        habit: .none, diploma: ("DE", "DE86", "Diplôme d'Etat de technicien de laboratoire médical"),
        discipline: ("D86", "Biologie médicale"), mailboxPerMille: 20),
    .init(
        code: "91", label: "Orthophoniste", rpps: false, weight: 22, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.cabinetIndividuel, 60), (.cabinetGroupe, 25), (.hopitalPublic, 10), (.handicap, 5)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("CC", "CC91", "Certificat de capacité d'orthophoniste"), discipline: ("D91", "Orthophonie"), mailboxPerMille: 80),
    .init(
        code: "92", label: "Orthoptiste", rpps: false, weight: 6, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.cabinetGroupe, 50), (.cabinetIndividuel, 30), (.hopitalPublic, 20)], studentPerMille: 0, militaryPerMille: 0,
        habit: .none, diploma: ("CC", "CC92", "Certificat de capacité d'orthoptiste"), discipline: ("D92", "Orthoptie"),
        mailboxPerMille: 60),
    .init(
        code: "93", label: "Psychologue", rpps: false, weight: 60, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.cabinetIndividuel, 40), (.hopitalPublic, 25), (.handicap, 15), (.espic, 10), (.sansStructure, 10)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("M", "M93", "Master de psychologie"), discipline: ("D93", "Psychologie"), mailboxPerMille: 30),
    .init(
        code: "94", label: "Ergothérapeute", rpps: false, weight: 14, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.hopitalPublic, 40), (.handicap, 30), (.espic, 15), (.clinique, 10), (.cabinetIndividuel, 5)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("DE", "DE94", "Diplôme d'Etat d'ergothérapeute"), discipline: ("D94", "Ergothérapie"), mailboxPerMille: 30),
    .init(
        code: "95", label: "Diététicien", rpps: false, weight: 12, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.hopitalPublic, 40), (.clinique, 20), (.cabinetIndividuel, 30), (.ehpad, 10)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("BTS", "BTS95", "Brevet de technicien supérieur diététique"), discipline: ("D95", "Diététique"),
        mailboxPerMille: 20),
    .init(
        code: "96", label: "Psychomotricien", rpps: false, weight: 13, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.hopitalPublic, 30), (.handicap, 40), (.espic, 15), (.cabinetIndividuel, 15)],
        studentPerMille: 0, militaryPerMille: 0, habit: .none,
        diploma: ("DE", "DE96", "Diplôme d'Etat de psychomotricien"), discipline: ("D96", "Psychomotricité"), mailboxPerMille: 20),
    .init(
        code: "98", label: "Manipulateur ERM", rpps: false, weight: 24, ordre: "", mailDomain: "pro.mssante.fr",
        activities: [(.hopitalPublic, 70), (.clinique, 20), (.centreSante, 5), (.espic, 5)], studentPerMille: 0, militaryPerMille: 0,
        habit: .none, diploma: ("DE", "DE98", "Diplôme d'Etat de manipulateur d'électroradiologie médicale"),
        discipline: ("D98", "Électroradiologie médicale"), mailboxPerMille: 20),
]

/// `(code, label, weight)` of the savoir-faire of doctors: qualifications (type `S`).
let doctorSpecialties: [(String, String, Int)] = [
    ("SM54", "Médecine générale", 380), ("SM26", "Qualifié en Médecine Générale", 70),
    ("SM53", "Spécialiste en Médecine Générale", 50), ("SM02", "Anesthésie-réanimation", 40),
    ("SM04", "Cardiologie et maladies vasculaires", 30), ("SM15", "Dermatologie et vénéréologie", 15),
    ("SM20", "Gynécologie-obstétrique", 20), ("SM24", "Gastro-entérologie et hépatologie", 15),
    ("SM37", "Ophtalmologie", 22), ("SM38", "Oto-rhino-laryngologie et chirurgie cervico-faciale", 12),
    ("SM40", "Pédiatrie", 30), ("SM42", "Psychiatrie", 50), ("SM44", "Radio-diagnostic et imagerie médicale", 30),
    ("SM48", "Rhumatologie", 10), ("SM32", "Neurologie", 10), ("SM41", "Pneumologie", 10), ("SM27", "Médecine interne", 10),
    ("SM08", "Chirurgie orthopédique et traumatologie", 15), ("SM14", "Chirurgie viscérale et digestive", 10),
    ("SM03", "Biologie médicale", 10), ("SM57", "Médecine d'urgence", 20), ("SM21", "Hématologie", 5),
    ("SM35", "Oncologie option médicale", 10), ("SM50", "Santé publique et médecine sociale", 5),
    ("SM25", "Médecine du travail", 10), ("SM43", "Psychiatrie de l'enfant et de l'adolescent", 6),
    ("SM30", "Néphrologie", 6), ("SM16", "Endocrinologie et métabolisme", 6), ("SM12", "Chirurgie urologique", 5),
]

/// `(type code, type label, code, label, weight)` of doctors' further savoir-faire.
let doctorExtras: [(String, String, String, String, Int)] = [
    ("CEX", "Compétence exclusive", "CEX03", "Allergologie", 10), ("CEX", "Compétence exclusive", "CEX15", "Angiologie", 6),
    ("C", "Compétence", "C07", "Gériatrie", 12), ("C", "Compétence", "C12", "Médecine du sport", 8),
    ("CAPA", "Capacité", "CAPA01", "Addictologie clinique", 10), ("CAPA", "Capacité", "CAPA07", "Gérontologie", 12),
    ("CAPA", "Capacité", "CAPA05", "Médecine de catastrophe", 4), ("CAPA", "Capacité", "CAPA11", "Médecine et biologie du sport", 6),
    ("CAPA", "Capacité", "CAPA04", "Médecine d'urgence", 8),
    ("DSM", "DESC non qualifiant", "DSM05", "Médecine de la douleur et médecine palliative", 5),
]

/// `(code, label, weight)` of dentists' qualifications (type `S`).
let dentistSpecialties: [(String, String, Int)] = [
    ("SCD01", "Orthopédie dento-faciale", 60), ("SCD02", "Chirurgie orale", 25), ("SCD03", "Médecine bucco-dentaire", 15),
]

/// `(code, label, weight)` of pharmacists' qualifications (type `S`).
let pharmacistSpecialties: [(String, String, Int)] = [
    ("SP01", "Pharmacie hospitalière", 60), ("SP02", "Biologie médicale", 40),
]

/// Further diplomas: `(type code, type label, code, label, weight)`, by habit.
let doctorDiplomas: [(String, String, String, String, Int)] = [
    ("DES", "Diplôme d'études spécialisées", "DES54", "DES de médecine générale", 40),
    ("DES", "Diplôme d'études spécialisées", "DES02", "DES d'anesthésie-réanimation", 6),
    ("DES", "Diplôme d'études spécialisées", "DES42", "DES de psychiatrie", 6),
    ("DES", "Diplôme d'études spécialisées", "DES40", "DES de pédiatrie", 5),
    ("DES", "Diplôme d'études spécialisées", "DES04", "DES de cardiologie et maladies vasculaires", 5),
    ("CES", "Certificat d'études spéciales", "CES37", "CES d'ophtalmologie", 3),
    ("DU", "Diplôme universitaire", "DU101", "DU d'échographie", 6), ("DU", "Diplôme universitaire", "DU102", "DU de gériatrie", 5),
    ("DU", "Diplôme universitaire", "DU103", "DU de soins palliatifs", 4),
    ("DU", "Diplôme universitaire", "DU104", "DU de médecine du sport", 4),
    ("DU", "Diplôme universitaire", "DU105", "DU d'addictologie", 3),
    ("DIU", "Diplôme interuniversitaire", "DIU201", "DIU de pédagogie médicale", 2),
]
let otherDiplomas: [(String, String, String, String, Int)] = [
    ("DU", "Diplôme universitaire", "DU301", "DU de plaies et cicatrisation", 10),
    ("DU", "Diplôme universitaire", "DU302", "DU d'éducation thérapeutique du patient", 10),
    ("DU", "Diplôme universitaire", "DU303", "DU de soins palliatifs", 6),
    ("DU", "Diplôme universitaire", "DU304", "DU d'hygiène hospitalière", 4),
    ("DIU", "Diplôme interuniversitaire", "DIU401", "DIU de rééducation périnéale", 3),
    ("CES", "Certificat d'études spéciales", "CES401", "CES d'orthopédie dento-faciale", 2),
]

/// `(code, label)` of the types of foreign diploma, and of authorisations to practise.
let foreignDiplomaTypes: [(String, String)] = [
    ("DUE", "Diplôme d'un Etat de l'Union européenne"), ("DHUE", "Diplôme hors Union européenne"),
]
let authorisationTypes: [(String, String, Int)] = [
    ("AM", "Autorisation ministérielle d'exercice", 60), ("PAE", "Procédure d'autorisation d'exercice", 30),
    ("AT", "Autorisation temporaire d'exercice", 10),
]

/// `(code, label)` tables of the identity columns.
let civilities: [(String, String)] = [("M", "Monsieur"), ("MME", "Madame"), ("MLLE", "Mademoiselle")]
let practiceCivilities: [(String, String)] = [
    ("DR", "Docteur"), ("PR", "Professeur"), ("MC", "Médecin en chef"), ("MG", "Médecin général"),
    ("PC", "Pharmacien en chef"), ("PG", "Pharmacien général"),
]
let categories: [(String, String)] = [("C", "Civil"), ("M", "Militaire"), ("E", "Etudiant")]
let practiceModes: [(String, String)] = [("L", "Libéral"), ("S", "Salarié"), ("B", "Bénévole"), ("I", "Indirect")]

/// `(code, label, weight)` of `Code rôle` by setting.
let privateRoles: [(String, String, Int)] = [
    ("FON-01", "Titulaire", 70), ("FON-02", "Associé", 15), ("FON-03", "Collaborateur", 10), ("FON-04", "Remplaçant", 5),
]
let salariedRoles: [(String, String, Int)] = [
    ("FON-05", "Salarié", 50), ("FON-08", "Praticien hospitalier", 35), ("FON-07", "Chef de service", 5),
    ("FON-11", "Praticien attaché", 10),
]
/// Salaried roles of the professions without medical grades (nurses, physiotherapists…).
let staffRoles: [(String, String, Int)] = [("FON-05", "Salarié", 90), ("FON-13", "Cadre de santé", 10)]
let studentRoles: [(String, String, Int)] = [("FON-09", "Interne", 80), ("FON-12", "Etudiant hospitalier", 20)]
let pharmacyRoles: [(String, String)] = [("FON-01", "Titulaire"), ("FON-06", "Adjoint")]

/// `(code, label, weight)` of `Code genre activité`.
let activityGenres: [(String, String, Int)] = [
    ("GENR01", "Activité standard de soin ou de pharmacien", 860), ("GENR02", "Activité de remplacement", 40),
    ("GENR03", "Activité de régulation", 15), ("GENR04", "Activité de prélèvement", 5),
    ("GENR05", "Activité d'enseignement", 10), ("GENR06", "Activité de recherche", 8),
    ("GENR07", "Activité de prévention", 12), ("GENR08", "Activité de santé publique", 6),
    ("GENR09", "Activité d'expertise", 5), ("GENR10", "Activité de coordination", 10),
    ("GENR11", "Activité de contrôle", 3), ("GENR12", "Activité humanitaire", 2),
    ("GENR13", "Activité de télésanté", 8), ("GENR99", "Autre activité", 16),
]

/// `(code, label)` of the sections of the pharmacists' roll.
let pharmacySections: [(String, String)] = [
    ("A", "Pharmaciens titulaires d'officine"), ("B", "Pharmaciens de l'industrie"),
    ("C", "Pharmaciens de la distribution en gros"), ("D", "Pharmaciens adjoints et autres"),
    ("E", "Pharmaciens des départements d'outre-mer"), ("G", "Pharmaciens biologistes"),
    ("H", "Pharmaciens des établissements de santé"),
]

/// `(code, label)` of card types.
let cardTypes: [(String, String)] = [
    ("CPS", "Carte de Professionnel de Santé"), ("CPF", "Carte de Professionnel de Santé en Formation"),
]

/// MSSanté services: `(Service de rattachement, organisation mailbox local part)`.
let mailServices: [(String, String)] = [
    ("Service de cardiologie", "cardiologie"), ("Urgences", "urgences"), ("Secrétariat médical", "secretariat"),
    ("Laboratoire", "laboratoire"), ("Pharmacie à usage intérieur", "pharmacie"), ("Imagerie médicale", "radiologie"),
    ("Accueil", "accueil"), ("Direction des affaires médicales", "dam"),
]
