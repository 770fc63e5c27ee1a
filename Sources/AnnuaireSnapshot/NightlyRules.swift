import AnnuaireParsing

/// The rules of a nightly ingest (`spec/freshness.md` §4), as pure functions of what is known about
/// tonight's inputs and the base snapshot: nothing is read or written here.
///
/// - A family present tonight replaces the base's; a family absent tonight is carried over with its
///   old extract time (`carriedFamilies`).
/// - Every input needs an extract time; an input older than the base's for its family is refused
///   unless forced; a night whose inputs are all already in the base (same family, extract time and
///   checksum) changes nothing (`check`).
enum NightlyRules {
    /// The families of the base that tonight's inputs do not bring, to carry over.
    static func carriedFamilies(tonight: some Sequence<Family>, base: SnapshotProvenance?) -> Set<Family> {
        guard let base else { return [] }
        return Set(base.inputs.map(\.family)).subtracting(tonight)
    }

    /// Checks tonight's inputs, once read, against the base. `baseIsCurrent`: the base is of the
    /// format this code writes (a night identical to an older format's base still rewrites it).
    static func check(_ reports: [ScanReport], base: SnapshotProvenance?, baseIsCurrent: Bool, force: Bool) throws(IngestError) {
        for report in reports {
            let name = report.entry ?? report.path
            guard let time = report.extractTime else { throw .noExtractTime(path: name) }
            if !force, let older = base?.inputs(of: report.family).first(where: { $0.extractTime.map { time < $0 } ?? false }) {
                throw .olderThanBase(path: name, family: report.family, extractTime: time, base: older.extractTime!)
            }
        }
        let inputs = reports.map(InputProvenance.init)
        if let base, baseIsCurrent, !inputs.isEmpty {
            let unchanged = inputs.allSatisfy { input in
                base.inputs.contains { $0.family == input.family && $0.extractTime == input.extractTime && $0.checksum == input.checksum }
            }
            if unchanged { throw .unchanged(inputs: inputs.map { $0.entry ?? $0.fileName }) }
        }
    }

    /// The provenance of the base's inputs of `families`, marked as carried over.
    static func carriedInputs(_ families: Set<Family>, base: SnapshotProvenance?) -> [InputProvenance] {
        (base?.inputs ?? []).filter { families.contains($0.family) }.map {
            var input = $0
            input.carriedOver = true
            return input
        }
    }
}
