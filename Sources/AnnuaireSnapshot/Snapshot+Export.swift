import AnnuaireParsing

extension Snapshot {
    /// Calls `body` with each practitioner's grouped view (as `practitioner(_:)` builds it), in key
    /// order; with `family`, only those with at least one row of that family. The mapped pages are
    /// given back every few thousand practitioners, so a pass over a national snapshot stays in
    /// bounded memory.
    public func forEachGroupedPractitioner(having family: Family? = nil, _ body: (Practitioner) throws -> Void) throws {
        var n = 0
        try forEachPractitioner { record in
            n += 1
            if n % 8_192 == 0 { releasePages() }
            if let family, !record.rows.contains(where: { $0.family == family }) { return }
            try body(try Practitioner(record, snapshot: self))
        }
        releasePages()
    }
}
