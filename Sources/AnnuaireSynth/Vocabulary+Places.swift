// Places: départements, communes (INSEE code, postcode, name), street vocabulary, countries.

/// `(code, name)` of the 101 départements.
let departmentList: [(String, String)] = [
    ("01", "Ain"), ("02", "Aisne"), ("03", "Allier"), ("04", "Alpes-de-Haute-Provence"), ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"), ("07", "Ardèche"), ("08", "Ardennes"), ("09", "Ariège"), ("10", "Aube"),
    ("11", "Aude"), ("12", "Aveyron"), ("13", "Bouches-du-Rhône"), ("14", "Calvados"), ("15", "Cantal"),
    ("16", "Charente"), ("17", "Charente-Maritime"), ("18", "Cher"), ("19", "Corrèze"), ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"), ("21", "Côte-d'Or"), ("22", "Côtes-d'Armor"), ("23", "Creuse"), ("24", "Dordogne"),
    ("25", "Doubs"), ("26", "Drôme"), ("27", "Eure"), ("28", "Eure-et-Loir"), ("29", "Finistère"),
    ("30", "Gard"), ("31", "Haute-Garonne"), ("32", "Gers"), ("33", "Gironde"), ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"), ("36", "Indre"), ("37", "Indre-et-Loire"), ("38", "Isère"), ("39", "Jura"),
    ("40", "Landes"), ("41", "Loir-et-Cher"), ("42", "Loire"), ("43", "Haute-Loire"), ("44", "Loire-Atlantique"),
    ("45", "Loiret"), ("46", "Lot"), ("47", "Lot-et-Garonne"), ("48", "Lozère"), ("49", "Maine-et-Loire"),
    ("50", "Manche"), ("51", "Marne"), ("52", "Haute-Marne"), ("53", "Mayenne"), ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"), ("56", "Morbihan"), ("57", "Moselle"), ("58", "Nièvre"), ("59", "Nord"),
    ("60", "Oise"), ("61", "Orne"), ("62", "Pas-de-Calais"), ("63", "Puy-de-Dôme"), ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"), ("66", "Pyrénées-Orientales"), ("67", "Bas-Rhin"), ("68", "Haut-Rhin"), ("69", "Rhône"),
    ("70", "Haute-Saône"), ("71", "Saône-et-Loire"), ("72", "Sarthe"), ("73", "Savoie"), ("74", "Haute-Savoie"),
    ("75", "Paris"), ("76", "Seine-Maritime"), ("77", "Seine-et-Marne"), ("78", "Yvelines"), ("79", "Deux-Sèvres"),
    ("80", "Somme"), ("81", "Tarn"), ("82", "Tarn-et-Garonne"), ("83", "Var"), ("84", "Vaucluse"),
    ("85", "Vendée"), ("86", "Vienne"), ("87", "Haute-Vienne"), ("88", "Vosges"), ("89", "Yonne"),
    ("90", "Territoire de Belfort"), ("91", "Essonne"), ("92", "Hauts-de-Seine"), ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"), ("95", "Val-d'Oise"), ("971", "Guadeloupe"), ("972", "Martinique"), ("973", "Guyane"),
    ("974", "La Réunion"), ("976", "Mayotte"),
]

/// `(INSEE code, postcode, name, weight)`: at least one commune per département; the weight
/// roughly follows the number of health professionals.
let communeList: [(String, String, String, Int)] = [
    ("01053", "01000", "Bourg-en-Bresse", 6), ("01034", "01300", "Belley", 2), ("01004", "01500", "Ambérieu-en-Bugey", 2),
    ("02408", "02000", "Laon", 3), ("02691", "02100", "Saint-Quentin", 4), ("03190", "03000", "Moulins", 3),
    ("03185", "03100", "Montluçon", 3), ("04070", "04000", "Digne-les-Bains", 2), ("05061", "05000", "Gap", 3),
    ("06088", "06000", "Nice", 18), ("06029", "06400", "Cannes", 6), ("06004", "06600", "Antibes", 5),
    ("07186", "07000", "Privas", 2), ("08105", "08000", "Charleville-Mézières", 4), ("09122", "09000", "Foix", 2),
    ("10387", "10000", "Troyes", 5), ("11069", "11000", "Carcassonne", 4), ("12202", "12000", "Rodez", 3),
    ("13201", "13001", "Marseille 1er Arrondissement", 5), ("13205", "13005", "Marseille 5e Arrondissement", 7),
    ("13208", "13008", "Marseille 8e Arrondissement", 8), ("13209", "13009", "Marseille 9e Arrondissement", 6),
    ("13213", "13013", "Marseille 13e Arrondissement", 6), ("13001", "13100", "Aix-en-Provence", 9),
    ("14118", "14000", "Caen", 9), ("15014", "15000", "Aurillac", 2), ("16015", "16000", "Angoulême", 4),
    ("17300", "17000", "La Rochelle", 5), ("18033", "18000", "Bourges", 4), ("19272", "19000", "Tulle", 2),
    ("2A004", "20000", "Ajaccio", 3), ("2A247", "20137", "Porto-Vecchio", 1), ("2B033", "20200", "Bastia", 3),
    ("21231", "21000", "Dijon", 9), ("22278", "22000", "Saint-Brieuc", 4), ("23096", "23000", "Guéret", 2),
    ("24322", "24000", "Périgueux", 3), ("25056", "25000", "Besançon", 8), ("25388", "25200", "Montbéliard", 3),
    ("26362", "26000", "Valence", 5), ("27229", "27000", "Évreux", 4), ("28085", "28000", "Chartres", 4),
    ("29232", "29000", "Quimper", 4), ("29019", "29200", "Brest", 8), ("30189", "30000", "Nîmes", 7),
    ("31555", "31000", "Toulouse", 22), ("31555", "31300", "Toulouse", 4), ("32013", "32000", "Auch", 2),
    ("33063", "33000", "Bordeaux", 20), ("33281", "33700", "Mérignac", 5), ("34172", "34000", "Montpellier", 16),
    ("34032", "34500", "Béziers", 5), ("35238", "35000", "Rennes", 13), ("35288", "35400", "Saint-Malo", 3),
    ("36044", "36000", "Châteauroux", 3), ("37261", "37000", "Tours", 9), ("38185", "38000", "Grenoble", 12),
    ("38563", "38200", "Vienne", 2), ("39300", "39000", "Lons-le-Saunier", 2), ("40192", "40000", "Mont-de-Marsan", 3),
    ("41018", "41000", "Blois", 3), ("42218", "42000", "Saint-Étienne", 9), ("43157", "43000", "Le Puy-en-Velay", 2),
    ("44109", "44000", "Nantes", 16), ("44184", "44600", "Saint-Nazaire", 4), ("45234", "45000", "Orléans", 7),
    ("46042", "46000", "Cahors", 2), ("47001", "47000", "Agen", 3), ("48095", "48000", "Mende", 1),
    ("49007", "49000", "Angers", 9), ("49099", "49300", "Cholet", 3), ("50502", "50000", "Saint-Lô", 2),
    ("50129", "50100", "Cherbourg-en-Cotentin", 3), ("51108", "51000", "Châlons-en-Champagne", 3),
    ("51454", "51100", "Reims", 9), ("52121", "52000", "Chaumont", 2), ("53130", "53000", "Laval", 3),
    ("54395", "54000", "Nancy", 11), ("54547", "54500", "Vandœuvre-lès-Nancy", 4), ("55029", "55000", "Bar-le-Duc", 1),
    ("56260", "56000", "Vannes", 4), ("56121", "56100", "Lorient", 4), ("57463", "57000", "Metz", 8),
    ("57672", "57100", "Thionville", 3), ("58194", "58000", "Nevers", 2), ("59350", "59000", "Lille", 18),
    ("59512", "59100", "Roubaix", 5), ("59183", "59140", "Dunkerque", 5), ("59606", "59300", "Valenciennes", 5),
    ("60057", "60000", "Beauvais", 4), ("61001", "61000", "Alençon", 2), ("62041", "62000", "Arras", 4),
    ("62119", "62400", "Béthune", 3), ("62498", "62300", "Lens", 4), ("63113", "63000", "Clermont-Ferrand", 11),
    ("64445", "64000", "Pau", 5), ("64102", "64100", "Bayonne", 5), ("65440", "65000", "Tarbes", 3),
    ("66136", "66000", "Perpignan", 7), ("67482", "67000", "Strasbourg", 17), ("67180", "67500", "Haguenau", 2),
    ("68066", "68000", "Colmar", 4), ("68224", "68100", "Mulhouse", 6), ("69381", "69001", "Lyon 1er Arrondissement", 5),
    ("69383", "69003", "Lyon 3e Arrondissement", 8), ("69386", "69006", "Lyon 6e Arrondissement", 7),
    ("69388", "69008", "Lyon 8e Arrondissement", 6), ("69266", "69100", "Villeurbanne", 7), ("69259", "69200", "Vénissieux", 3),
    ("70550", "70000", "Vesoul", 2), ("71270", "71000", "Mâcon", 3), ("71076", "71100", "Chalon-sur-Saône", 3),
    ("72181", "72000", "Le Mans", 7), ("73065", "73000", "Chambéry", 5), ("74010", "74000", "Annecy", 6),
    ("74281", "74200", "Thonon-les-Bains", 2), ("75101", "75001", "Paris 1er Arrondissement", 4),
    ("75105", "75005", "Paris 5e Arrondissement", 6), ("75107", "75007", "Paris 7e Arrondissement", 6),
    ("75108", "75008", "Paris 8e Arrondissement", 8), ("75110", "75010", "Paris 10e Arrondissement", 7),
    ("75112", "75012", "Paris 12e Arrondissement", 8), ("75113", "75013", "Paris 13e Arrondissement", 8),
    ("75114", "75014", "Paris 14e Arrondissement", 8), ("75115", "75015", "Paris 15e Arrondissement", 10),
    ("75116", "75016", "Paris 16e Arrondissement", 10), ("75117", "75017", "Paris 17e Arrondissement", 8),
    ("75118", "75018", "Paris 18e Arrondissement", 6), ("75120", "75020", "Paris 20e Arrondissement", 6),
    ("76540", "76000", "Rouen", 10), ("76351", "76600", "Le Havre", 6), ("77288", "77000", "Melun", 4),
    ("77284", "77100", "Meaux", 4), ("78646", "78000", "Versailles", 7), ("79191", "79000", "Niort", 3),
    ("80021", "80000", "Amiens", 8), ("81004", "81000", "Albi", 3), ("82121", "82000", "Montauban", 3),
    ("83137", "83000", "Toulon", 9), ("83069", "83400", "Hyères", 3), ("84007", "84000", "Avignon", 6),
    ("85191", "85000", "La Roche-sur-Yon", 4), ("86194", "86000", "Poitiers", 7), ("87085", "87000", "Limoges", 7),
    ("88160", "88000", "Épinal", 3), ("89024", "89000", "Auxerre", 3), ("90010", "90000", "Belfort", 3),
    ("91228", "91000", "Évry-Courcouronnes", 5), ("91377", "91300", "Massy", 3), ("92050", "92000", "Nanterre", 5),
    ("92012", "92100", "Boulogne-Billancourt", 7), ("92044", "92300", "Levallois-Perret", 4),
    ("93008", "93000", "Bobigny", 4), ("93066", "93200", "Saint-Denis", 5), ("93048", "93100", "Montreuil", 4),
    ("94028", "94000", "Créteil", 6), ("94081", "94400", "Vitry-sur-Seine", 3), ("95127", "95000", "Cergy", 4),
    ("95018", "95100", "Argenteuil", 4), ("97120", "97110", "Pointe-à-Pitre", 3), ("97101", "97139", "Les Abymes", 2),
    ("97209", "97200", "Fort-de-France", 4), ("97302", "97300", "Cayenne", 3), ("97411", "97400", "Saint-Denis", 5),
    ("97416", "97410", "Saint-Pierre", 3), ("97611", "97600", "Mamoudzou", 2),
]

/// `(code, label)` of street types (`Code type de voie`, `Libellé type de voie`) and a weight.
let streetTypeList: [(String, String, Int)] = [
    ("R", "Rue", 50), ("AV", "Avenue", 18), ("BD", "Boulevard", 10), ("PL", "Place", 6), ("CHE", "Chemin", 4),
    ("RTE", "Route", 5), ("ALL", "Allée", 3), ("IMP", "Impasse", 2), ("QUA", "Quai", 2), ("SQ", "Square", 1),
    ("CRS", "Cours", 2), ("PAS", "Passage", 1), ("RPT", "Rond-point", 1), ("LD", "Lieu-dit", 1), ("FG", "Faubourg", 1),
    ("RES", "Résidence", 1), ("MTE", "Montée", 1), ("PRO", "Promenade", 1),
]

/// Street names (`Libellé Voie`), in the two casings found in the files; one with a double space.
let streetNameList: [String] = [
    "de la République", "Jean Jaurès", "du Général Leclerc", "de l'Église", "du Maréchal Foch", "des Écoles",
    "de la Libération", "Émile Zola", "du Château", "Pierre Sémard", "Frédéric Mistral", "de l'Hôtel de Ville",
    "des Frères Lumière", "Édouard Herriot", "du Maréchal de Lattre de Tassigny", "Aristide Briand", "Victor Hugo",
    "Gambetta", "Pasteur", "Georges Clemenceau", "de la Gare", "des Lilas", "Nationale", "du 8 Mai 1945",
    "du 11 Novembre 1918", "Anatole France", "Jean Moulin", "Léon Blum", "Charles de Gaulle", "du Président Wilson",
    "des Tilleuls", "du Stade", "de la Mairie", "Paul Bert", "Alsace-Lorraine", "de la Paix", "Saint-Éloi",
    "des Acacias", "du Moulin", "de Verdun", "de Strasbourg", "de Paris", "du Docteur Schweitzer", "Ambroise Paré",
    "René Laennec", "Claude Bernard", "de la Liberté", "Hoche", "Carnot", "Thiers", "des Châtaigniers", "du Pré Saint-Gervais",
    "DE LA REPUBLIQUE", "JEAN JAURES", "DU GENERAL LECLERC", "GRANDE RUE", "CHARLES DE GAULLE", "VICTOR HUGO",
    "DE LA GARE", "PASTEUR", "DES ECOLES", "DU CHATEAU", "DE BESANCON", "NATIONALE", "SAINT MARTIN", "FOCH",
    "DE LA  REPUBLIQUE", "DES PRES", "DU COMMANDANT CHARCOT", "DE L'HOPITAL",
]

/// `Complément destinataire`: a service, a building, a name; one holds a `"` (valid data: the
/// files have no quoting).
let recipientComplementList: [String] = [
    "CABINET MEDICAL", "Service de cardiologie", "Service des urgences", "Pôle Femme-Enfant", "Pôle gériatrie",
    "Unité de soins palliatifs", "Service de médecine interne", "Centre de radiothérapie", "SECRETARIAT MEDICAL",
    "Maison de santé pluriprofessionnelle", "Service d'anesthésie", "Bloc opératoire", "Hôpital de jour",
    "RESIDENCE \"LES TILLEULS\"", "Consultations externes", "Service de pédiatrie", "CMP adultes",
]

/// `Complément point géographique`.
let placeComplementList: [String] = [
    "BATIMENT A", "Bâtiment B", "RESIDENCE LES PINS", "Zone artisanale", "Centre commercial", "Hôpital Nord",
    "Pôle santé", "Les Terrasses du Parc", "ZAC DES CHAMPS", "Immeuble Le Méridien", "ESPACE SANTE", "Parc d'activités",
    "1er étage", "Rez-de-chaussée", "Galerie marchande",
]

/// `Mention distribution`.
let distributionList: [String] = [
    "BP 21", "BP 108", "CS 20001", "CS 90512", "CENTRE COMMERCIAL CARREFOUR", "ZI NORD", "TSA 40011",
]

/// `Indice répétition voie`.
let repetitionList: [String] = ["B", "T", "Q", "A", "C"]

/// Foreign addresses: `(Code pays, Libellé pays, postcode, town)`; the UK postcode is the bare
/// outward letters as seen in the files.
let foreignList: [(String, String, String, String)] = [
    ("99132", "Royaume-Uni", "GL", "GLOUCESTER"), ("99131", "Belgique", "1000", "BRUXELLES"),
    ("99140", "Suisse", "1211", "GENEVE"), ("99137", "Luxembourg", "L-1210", "LUXEMBOURG"),
    ("99138", "Monaco", "98000", "MONACO"), ("99109", "Allemagne", "79098", "FREIBURG"),
]

/// E-mail providers of private practices.
let mailProviderList: [String] = [
    "wanadoo.fr", "orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr", "yahoo.fr",
]
