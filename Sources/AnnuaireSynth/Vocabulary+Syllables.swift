// The wide set (`SynthOptions.Variety.wide`): syllables that make up names, and the words that
// frame the composed values (street titles, building labels, postal mentions).

/// Consonant onsets, upper case ASCII: every made-up syllable starts with one.
let syllableOnsets: [String] = [
    "B", "BR", "C", "CH", "CL", "D", "DR", "F", "FR", "G", "GR", "GU", "J", "L", "M", "N", "P", "PL", "PR", "QU",
    "R", "S", "T", "TR", "V", "Z",
]

/// Vowels of the syllables that are not the last one; a few accented, as in the registers.
let syllableVowels: [String] = ["A", "E", "I", "O", "U", "OU", "AU", "AI", "É", "EU", "OI", "Y"]

/// Last syllables of surnames after their onset: vowels then consonants, so that a name splits
/// into its syllables one way only.
let surnameRhymes: [String] = [
    "ARD", "ET", "IN", "OT", "IER", "EAU", "AND", "ON", "AUD", "EL", "AC", "OUX", "Y", "ERT", "ENS", "ANT", "OIS",
    "AUX", "EUX", "ARS", "ERS", "AS", "ES", "IS", "OL", "UL", "AN", "AIN", "EIN", "OUD", "ORT", "OURT", "ERC", "ICK",
    "EC", "ÉE", "AT", "IT", "UT", "EZ",
]

/// Last syllables of given names: sixteen feminine endings, then sixteen masculine ones.
let givenRhymes: [String] = [
    "INE", "IE", "A", "ELLE", "ETTE", "ANE", "ISE", "ENCE", "ILDE", "ÈNE", "IA", "ÉE", "INA", "ORA", "AÏS", "YNE",
    "AN", "EL", "IEN", "O", "IC", "ARD", "IN", "ERT", "OND", "US", "IEL", "ANT", "OU", "AS", "EN", "ÔME",
]

/// Particles before some made-up surnames (`LE BRANDOT`).
let surnameParticles: [String] = ["LE ", "DE ", "DU ", "DA "]

/// First parts of compound given names: two feminine, two masculine.
let compoundGivenPrefixes: [String] = ["Marie-", "Anne-", "Jean-", "Pierre-"]

/// Titles before a surname in a street name (`rue du Docteur Brandot`).
let streetTitles: [String] = [
    "du Docteur ", "du Général ", "du Professeur ", "de l'Abbé ", "du Président ", "du Commandant ", "du Maréchal ",
    "du Capitaine ", "de la Résistance ", "Madame ",
]

/// Articles before a place word in a street name (`chemin des Brandots`).
let streetArticles: [String] = [
    "de la ", "du ", "des ", "du Clos ", "de la Croix ", "du Bois ", "des Champs ", "du Pont ", "du Moulin de ",
    "de la Font ",
]

/// `Complément destinataire` of the wide set: a label and a number, letter or word.
let recipientLabels: [String] = [
    "Bâtiment ", "Escalier ", "Appartement ", "Porte ", "Résidence ", "Cabinet du Dr ", "Chez ", "Villa ", "BAT ",
    "ENTREE ",
]

/// `Complément point géographique` of the wide set: a label and a place word.
let placeLabels: [String] = [
    "Lieu-dit ", "ZA ", "Résidence Les ", "Centre commercial ", "Parc ", "Quartier ", "Hameau ", "ZI ", "Domaine de ",
    "LES JARDINS DE ",
]

/// `Mention distribution` of the wide set: a label and a number.
let distributionLabels: [String] = ["BP ", "CS ", "TSA ", "CEDEX "]

/// Articles before a place word in a structure's name (`PHARMACIE DES BRANDOTS`).
let nameArticles: [String] = ["DU ", "DES ", "DE LA ", "LES ", "LE ", "DU VAL ", "DU PARC ", "DE L'ILE "]

/// What follows the word of a sign (`Enseigne commerciale`).
let signSuffixes: [String] = ["", " SANTE", " PLUS", " VISION", " MEDICAL", " & CO", " SERVICES", " CONSEIL"]

/// Local parts of a structure's contact address.
let contactLocals: [String] = ["contact@", "accueil@", "secretariat@", "direction@", "rdv@", "info@"]
