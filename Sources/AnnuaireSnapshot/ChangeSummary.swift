import AnnuaireParsing

/// How many practitioners one snapshot adds, removes and changes against an older one, overall
/// and per family: what `annuaire diff --summary` prints, what every ingest stores in its
/// provenance (against its base), and what the change guard judges.
///
/// Per family, a practitioner counts as added when they have rows of the family in the new
/// snapshot and none in the old, removed in the opposite case, changed when they have rows of it
/// in both and those rows differ (compared as a multiset: the order of the rows does not count).
public struct ChangeSummary: Codable, Sendable, Equatable {
    /// The older snapshot's creation time.
    public var baseCreatedAt: ExtractTime
    /// Practitioners only in the new snapshot.
    public var added: Int
    /// Practitioners only in the old one.
    public var removed: Int
    /// Practitioners in both whose rows differ.
    public var changed: Int
    /// Practitioners in both with the same rows.
    public var unchanged: Int
    /// One entry per family present in either snapshot, in `Family.allCases` order.
    public var families: [FamilyChanges]

    /// A summary of the given counts.
    public init(baseCreatedAt: ExtractTime, added: Int, removed: Int, changed: Int, unchanged: Int, families: [FamilyChanges]) {
        self.baseCreatedAt = baseCreatedAt
        self.added = added
        self.removed = removed
        self.changed = changed
        self.unchanged = unchanged
        self.families = families
    }

    /// The entry of `family`, if it is in either snapshot.
    public func family(_ family: Family) -> FamilyChanges? { families.first { $0.family == family } }
}

/// The changes of one family between two snapshots.
public struct FamilyChanges: Codable, Sendable, Equatable {
    /// The family.
    public var family: Family
    /// Practitioners with rows of the family in the old snapshot, and in the new one.
    public var basePractitioners: Int
    /// Practitioners with rows of the family in the new snapshot.
    public var practitioners: Int
    /// Practitioners with rows of the family in the new snapshot only.
    public var added: Int
    /// Practitioners with rows of the family in the old snapshot only.
    public var removed: Int
    /// Practitioners whose rows of the family differ.
    public var changed: Int
    /// Rows of the family's inputs (as read, from the provenance), in the old and the new snapshot.
    public var baseRows: Int
    /// Rows of the family's inputs in the new snapshot.
    public var rows: Int

    /// The changes of `family`, with the given counts.
    public init(
        family: Family, basePractitioners: Int = 0, practitioners: Int = 0, added: Int = 0, removed: Int = 0, changed: Int = 0,
        baseRows: Int = 0, rows: Int = 0
    ) {
        self.family = family
        self.basePractitioners = basePractitioners
        self.practitioners = practitioners
        self.added = added
        self.removed = removed
        self.changed = changed
        self.baseRows = baseRows
        self.rows = rows
    }
}
