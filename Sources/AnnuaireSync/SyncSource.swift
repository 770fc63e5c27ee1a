import AnnuaireParsing

/// One URL that `annuaire sync` fetches, and what it is known to hold before asking.
package struct SyncSource: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The URL to request (a stable URL that redirects to the latest file, or a mirror's).
    package var url: String
    /// The family it serves when known in advance (the data.gouv.fr table); else read from the name.
    package var family: Family?

    package init(url: String, family: Family? = nil) {
        self.url = url
        self.family = family
    }

    package var description: String { url }

    /// The five stable data.gouv.fr URLs of `spec/sources.md`, one per family, unzipped files
    /// without a timestamp in their names.
    package static let dataGouv: [SyncSource] = [
        (Family.personneActivite, "fffda7e9-0ea2-4c35-bba0-4496f3af935d"),
        (.diplomes, "41ae70ac-90c8-4c4e-8644-4ef1b100f045"),
        (.savoirFaire, "fb55f15f-bd61-4402-b551-51ef387f2fab"),
        (.cartes, "210eb05e-564b-42be-994a-d1800b63e9b7"),
        (.mssante, "afe01105-d9a1-41fe-921f-e40ea48b2ba6"),
    ].map { SyncSource(url: "https://www.data.gouv.fr/api/1/datasets/r/\($0.1)", family: $0.0) }

    /// The ANS extraction web service's three zips (timestamped names in `Content-Disposition`);
    /// its certificate chains to IGC-Santé, which needs `--ca-file`.
    package static let ans: [SyncSource] = ["PS_LibreAcces", "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante"].map {
        SyncSource(url: "https://service.annuaire.sante.fr/annuaire-sante-webservices/V300/services/extraction/\($0)")
    }

    /// The archive folder of a file of this source named `fileName`: the family's name, else
    /// `ps-libreacces` for the zip of the three PS_LibreAcces families, else `other`.
    package func archiveFolder(fileName: String) -> String {
        if let family = family ?? Family.named(fileName) { return family.rawValue }
        if fileName.hasPrefix("PS_LibreAcces") || fileName.hasPrefix("ps-libreacces") { return "ps-libreacces" }
        return "other"
    }
}
