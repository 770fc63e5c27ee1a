import AnnuaireParsing

/// `annuaire export --format jsonl`: one `lookup --json` object per practitioner per line
/// (docs/lookup-json.md), its `query` being the practitioner's national identifier, in key order.
public enum JSONLinesExport {
    /// Writes the practitioners of `snapshot` (with `family`, those having a row of it) to `path`,
    /// which appears only once complete; returns how many lines were written.
    @discardableResult
    public static func write(
        _ snapshot: Snapshot, to path: String, freshness: FreshnessJSON, family: Family? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws -> Int {
        let file = try ExportFile(destination: path)
        var count = 0
        try snapshot.forEachGroupedPractitioner(having: family) { p in
            try file.appendLine(p.jsonValue(query: p.key.nationalID, freshness: freshness))
            count += 1
            if count % 10_000 == 0 { progress(count) }
        }
        try file.commit()
        return count
    }
}
