import AnnuaireParsing

/// What changed from one snapshot to another, practitioner by practitioner.
///
/// A merge of the two sorted key indexes: a key only in the old snapshot is a removed
/// practitioner, only in the new one an added one; for a key in both, the two blocks are compared
/// as stored (`BlockComparison`: value by value, interned values through their bytes, no string
/// made), family by family, and only the practitioners whose blocks differ are decoded, when the
/// caller asks for details. Linear in the two snapshots' sizes; the mapped pages read are given
/// back as it goes, so memory stays flat.
public struct SnapshotDiff {
    /// The older snapshot.
    public let old: Snapshot
    /// The newer snapshot.
    public let new: Snapshot

    /// The comparison of `old` with `new`.
    public init(old: Snapshot, new: Snapshot) {
        self.old = old
        self.new = new
    }

    /// The counts, per family and overall; no block is decoded.
    public func summary() throws -> ChangeSummary { try Self.walk(old: old, new: new) { _, _, _, _ in } }

    /// The counts of the changes from a base of either format to `new`.
    static func summary(old: any BaseSnapshot, new: Snapshot) throws -> ChangeSummary { try walk(old: old, new: new) { _, _, _, _ in } }

    /// Calls `body` with each practitioner that was added, removed or changed, in key order, with
    /// the parts that changed and their fields' old and new values. With `families`, only the
    /// practitioners whose rows of one of those families were added, removed or changed, and only
    /// those families' parts. Returns the summary of every family.
    public func forEachChange(families: Set<Family>? = nil, _ body: (PractitionerChange) throws -> Void) throws -> ChangeSummary {
        try Self.walk(old: old, new: new) { kind, oldIndex, newIndex, mask in
            let touched = Set(Family.all.indices.filter { mask & 1 << UInt32($0) != 0 }.map { Family.all[$0] })
            if let families, touched.isDisjoint(with: families) { return }
            let before = try oldIndex.map { try old.practitioner(atPosition: $0) }
            let after = try newIndex.map { try new.practitioner(atPosition: $0) }
            let change = PractitionerChange(kind: kind, before: before, after: after, families: touched, only: families)
            // Blocks that differ only in what the grouped view does not show (a duplicate row,
            // say) have no part to report.
            if kind != .changed || !change.parts.isEmpty { try body(change) }
        }
    }

    /// The merge. `visit` gets each practitioner that differs: its kind, its positions in the old
    /// and new key index, and the families whose rows differ (bit i: `Family.all[i]`).
    static func walk(
        old: any BaseSnapshot, new: any BaseSnapshot, _ visit: (PractitionerChange.Kind, Int?, Int?, UInt32) throws -> Void
    ) throws -> ChangeSummary {
        let compare = BlockComparison(old: old, new: new)
        let n = Family.all.count
        var base = [Int](repeating: 0, count: n)
        var now = [Int](repeating: 0, count: n)
        var added = [Int](repeating: 0, count: n)
        var removed = [Int](repeating: 0, count: n)
        var changed = [Int](repeating: 0, count: n)
        var total = (added: 0, removed: 0, changed: 0, unchanged: 0)
        func families(_ rows: [RowView]) -> UInt32 {
            rows.reduce(0) { $0 | 1 << UInt32($1.family.index) }
        }
        var i = 0
        var j = 0
        var steps = 0
        while i < old.count || j < new.count {
            steps += 1
            if steps % 65_536 == 0 {
                old.releasePages()
                new.releasePages()
            }
            let p = i < old.count ? try compare.oldKey(i) : UInt64.max
            let q = j < new.count ? try compare.newKey(j) : UInt64.max
            if j >= new.count || (i < old.count && p < q) {
                let mask = families(try compare.oldRows(i))
                for f in 0..<n where mask & 1 << UInt32(f) != 0 {
                    base[f] += 1
                    removed[f] += 1
                }
                total.removed += 1
                try visit(.removed, i, nil, mask)
                i += 1
            } else if i >= old.count || q < p {
                let mask = families(try compare.newRows(j))
                for f in 0..<n where mask & 1 << UInt32(f) != 0 {
                    now[f] += 1
                    added[f] += 1
                }
                total.added += 1
                try visit(.added, nil, j, mask)
                j += 1
            } else {
                let a = try compare.oldRows(i)
                let b = try compare.newRows(j)
                let x = families(a)
                let y = families(b)
                var touched: UInt32 = 0
                let same = x == y && compare.sameBlock(a, b)
                for f in 0..<n where !same || x & 1 << UInt32(f) != 0 {
                    let bit = UInt32(1) << UInt32(f)
                    if x & bit != 0 { base[f] += 1 }
                    if y & bit != 0 { now[f] += 1 }
                    switch (x & bit != 0, y & bit != 0) {
                    case (true, false):
                        removed[f] += 1
                        touched |= bit
                    case (false, true):
                        added[f] += 1
                        touched |= bit
                    case (true, true):
                        if !same, !compare.sameRows(a, b, family: Family.all[f]) {
                            changed[f] += 1
                            touched |= bit
                        }
                    case (false, false): break
                    }
                }
                if touched == 0 {
                    total.unchanged += 1
                } else {
                    total.changed += 1
                    try visit(.changed, i, j, touched)
                }
                i += 1
                j += 1
            }
        }
        old.releasePages()
        new.releasePages()
        let families = Family.all.indices.compactMap { f -> FamilyChanges? in
            let family = Family.all[f]
            let baseRows = old.provenance.inputs(of: family).reduce(0) { $0 + $1.rows }
            let rows = new.provenance.inputs(of: family).reduce(0) { $0 + $1.rows }
            guard base[f] > 0 || now[f] > 0 || baseRows > 0 || rows > 0 else { return nil }
            return FamilyChanges(
                family: family, basePractitioners: base[f], practitioners: now[f], added: added[f], removed: removed[f],
                changed: changed[f], baseRows: baseRows, rows: rows)
        }
        return ChangeSummary(
            baseCreatedAt: old.provenance.createdAt, added: total.added, removed: total.removed, changed: total.changed,
            unchanged: total.unchanged, families: families)
    }
}
