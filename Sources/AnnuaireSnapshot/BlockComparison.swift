import AnnuaireParsing

/// Compares the practitioners' rows of two snapshots as stored, without making strings: the merge
/// under `SnapshotDiff` and the ingest's change summary.
///
/// Format 3 stores a row as its text (`RowLayout`), the same bytes for the same values whatever
/// the file it was read from, so two rows are the same when their heads, texts and structures' texts
/// are the same bytes. A format-2 base's rows are rebuilt in that form first (`LegacySnapshot`).
final class BlockComparison {
    let old: any BaseSnapshot
    let new: any BaseSnapshot
    private var a: [RowView] = []
    private var b: [RowView] = []
    private var scratchA = ByteSink()
    private var scratchB = ByteSink()

    init(old: any BaseSnapshot, new: any BaseSnapshot) {
        self.old = old
        self.new = new
    }

    /// The key of practitioner `i` of each snapshot.
    func oldKey(_ i: Int) throws -> UInt64 { try old.key(at: i).rawValue }
    func newKey(_ j: Int) throws -> UInt64 { try new.key(at: j).rawValue }

    /// The rows of practitioner `i` of the old snapshot (valid until the next call).
    func oldRows(_ i: Int) throws -> [RowView] {
        _ = try old.rows(at: i, into: &a, scratch: &scratchA)
        return a
    }

    /// The rows of practitioner `j` of the new snapshot (valid until the next call).
    func newRows(_ j: Int) throws -> [RowView] {
        _ = try new.rows(at: j, into: &b, scratch: &scratchB)
        return b
    }

    /// Whether two blocks hold the same rows in the same order: the common case.
    func sameBlock(_ a: [RowView], _ b: [RowView]) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices where !sameRow(a[k], b[k]) { return false }
        return true
    }

    /// Whether the rows of `family` in `a` (old) and `b` (new) are the same multiset.
    func sameRows(_ a: [RowView], _ b: [RowView], family: Family) -> Bool {
        let x = a.filter { $0.family == family }
        let y = b.filter { $0.family == family }
        guard x.count == y.count else { return false }
        // In the same order, nearly always: the files list a practitioner's rows the same way
        // every night.
        if zip(x, y).allSatisfy({ sameRow($0, $1) }) { return true }
        var used = [Bool](repeating: false, count: y.count)
        for p in x {
            guard let n = y.indices.first(where: { !used[$0] && sameRow(p, y[$0]) }) else { return false }
            used[n] = true
        }
        return true
    }

    /// Whether two rows hold the same values.
    func sameRow(_ a: RowView, _ b: RowView) -> Bool {
        guard a.family == b.family, a.head.identityElided == b.head.identityElided, sameBytes(a.text, b.text) else { return false }
        switch (a.structure, b.structure) {
        case (nil, nil): return true
        case let (x?, y?): return sameBytes(x, y)
        default: return false
        }
    }
}
