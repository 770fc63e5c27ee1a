/// The five families of Annuaire Santé extraction files (`spec/formats.md` §1).
public enum Family: String, CaseIterable, Sendable, Codable {
    /// Practitioners and their practice situations (`PS_LibreAcces_Personne_activite_…`).
    case personneActivite = "personne-activite"
    /// Specialties, competences and orientations (`PS_LibreAcces_SavoirFaire_…`).
    case savoirFaire = "savoir-faire"
    /// Diplomas and authorisations to practise (`PS_LibreAcces_Dipl_AutExerc_…`).
    case diplomes
    /// CPS/CPF cards (`Porteurs_CPS_CPF_…`).
    case cartes
    /// MSSanté mailboxes, of practitioners (PER) and of structures (ORG) (`Extraction_Correspondance_MSSante_…`).
    case mssante

    /// `allCases`, built once: `allCases` builds an array per call, too slow for a per-row path.
    public static let all = allCases

    /// The place of the family in `allCases` (a switch, for the same reason).
    public var index: Int {
        switch self {
        case .personneActivite: 0
        case .savoirFaire: 1
        case .diplomes: 2
        case .cartes: 3
        case .mssante: 4
        }
    }

    /// The verbatim header labels of the newest known layout, in order.
    public var columns: [String] {
        switch self {
        case .personneActivite: PersonneActiviteColumn.labels
        case .savoirFaire: SavoirFaireColumn.labels
        case .diplomes: DiplomesColumn.labels
        case .cartes: CartesColumn.labels
        case .mssante: MSSanteColumn.labels
        }
    }

    /// Columns without which a file of this family cannot be read (indices into `columns`).
    var requiredColumns: [Int] {
        switch self {
        case .mssante: [MSSanteColumn.typeBAL.rawValue, MSSanteColumn.adresseBAL.rawValue]
        default: [0, 1]  // Type d'identifiant PP, Identifiant PP
        }
    }

    /// The practitioner identity columns (type, identifier, national identifier), as indices into
    /// `columns`. Every family has them; in mssante they are empty on ORG mailboxes.
    var identityColumns: (type: Int, identifier: Int, national: Int) {
        switch self {
        case .mssante:
            (
                MSSanteColumn.typeIdentifiantPP.rawValue, MSSanteColumn.identifiantPP.rawValue,
                MSSanteColumn.identificationNationalePP.rawValue
            )
        default: (0, 1, 2)
        }
    }

    /// File-name prefixes of this family: the timestamped names inside the official zips, and the
    /// kebab-case names of the unzipped publication.
    public var fileNamePrefixes: [String] {
        switch self {
        case .personneActivite: ["PS_LibreAcces_Personne_activite", "ps-libreacces-personne-activite"]
        case .savoirFaire: ["PS_LibreAcces_SavoirFaire", "ps-libreacces-savoirfaire"]
        case .diplomes: ["PS_LibreAcces_Dipl_AutExerc", "ps-libreacces-dipl-autexerc"]
        case .cartes: ["Porteurs_CPS_CPF", "porteurs-cps-cpf"]
        case .mssante: ["Extraction_Correspondance_MSSante", "extraction-correspondance-mssante"]
        }
    }

    /// The family a file name announces, if any (a hint only: the header decides).
    public static func named(_ fileName: String) -> Family? {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        return allCases.first { family in family.fileNamePrefixes.contains { base.hasPrefix($0) } }
    }

    /// The name of the layout a header of `count` columns shows, e.g. `52 columns (2021 layout)`.
    public func layoutName(columnCount count: Int) -> String {
        let era: String? =
            switch (self, count) {
            case (.personneActivite, 48): "2018 layout"
            case (.personneActivite, 52): "2021 layout"
            case (.personneActivite, 56): "2026 layout"
            case (_, columns.count): "current layout"
            default: nil
            }
        return era.map { "\(count) columns (\($0))" } ?? "\(count) columns"
    }
}

/// A column of one family, usable as `record[PersonneActiviteColumn.nomExercice]`.
public protocol FamilyColumn: RawRepresentable<Int>, CaseIterable, Sendable {
    /// The family these columns belong to.
    static var family: Family { get }
    /// The verbatim header labels, in the order of the cases.
    static var labels: [String] { get }
}

extension FamilyColumn {
    /// The verbatim header label of this column.
    public var label: String { Self.labels[rawValue] }
}
