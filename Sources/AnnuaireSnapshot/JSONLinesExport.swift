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
        try snapshot.forEachRawRecord(having: family) { _, raw in
            try file.append { out in
                try snapshot.writeLookupJSON(raw, query: raw.key.nationalID, freshness: freshness, into: &out)
                out.append(0x0A)
            }
            count += 1
            if count % 10_000 == 0 { progress(count) }
        }
        try file.commit()
        return count
    }
}
