import AnnuaireParsing
import AnnuaireSnapshot

/// `annuaire export --format fhir`: the snapshot as FHIR Bulk Data NDJSON (`spec/fhir.md`), one
/// resource per line and one file per resource type in a directory: `Practitioner.ndjson`,
/// `PractitionerRole.ndjson`, `Organization.ndjson`, with the HTTP service's mapping
/// (`FHIRResources`).
///
/// Each Organization is written once, the first time an activity reaches its structure (the ids
/// seen are kept in a set: about 200 k at national scale); a PractitionerRole refers to an
/// Organization only when its structure has a technical identifier, and that Organization is then
/// in the export. Each file is written under a temporary name and renamed once complete.
public enum FHIRBulkExport {
    /// The file names, in the order of `Counts`.
    public static let fileNames = ["Practitioner.ndjson", "PractitionerRole.ndjson", "Organization.ndjson"]

    /// How many resources of each type were written.
    public struct Counts: Sendable, Equatable {
        /// Lines of `Practitioner.ndjson`.
        public var practitioners = 0
        /// Lines of `PractitionerRole.ndjson`.
        public var roles = 0
        /// Lines of `Organization.ndjson`.
        public var organizations = 0
    }

    /// Writes the resources of `snapshot`'s practitioners (with `family`, those having a row of it)
    /// into `directory`, created if missing.
    @discardableResult
    public static func write(
        _ snapshot: Snapshot, into directory: String, family: Family? = nil, progress: (Int) -> Void = { _ in }
    ) throws -> Counts {
        try ExportFile.makeDirectory(directory)
        let files = try fileNames.map { try ExportFile(destination: directory + "/" + $0) }
        let (practitioners, roles, organizations) = (files[0], files[1], files[2])
        var counts = Counts()
        var seen = Set<String>()
        try snapshot.forEachGroupedPractitioner(having: family) { p in
            try practitioners.appendLine(FHIRResources.practitioner(p))
            counts.practitioners += 1
            for (i, activity) in p.activities.enumerated() {
                if let structure = activity.structure, let id = FHIRResources.organizationID(structure), seen.insert(id).inserted,
                    let organization = FHIRResources.organization(activity)
                {
                    try organizations.appendLine(organization)
                    counts.organizations += 1
                }
                try roles.appendLine(FHIRResources.role(p, rank: i + 1))
                counts.roles += 1
            }
            if counts.practitioners % 10_000 == 0 { progress(counts.practitioners) }
        }
        // Organizations first: no Role file in place that names an Organization not yet there.
        try organizations.commit()
        try roles.commit()
        try practitioners.commit()
        return counts
    }
}
