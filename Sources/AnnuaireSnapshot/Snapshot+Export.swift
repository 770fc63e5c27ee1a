import AnnuaireParsing

extension Snapshot {
    /// Calls `body` with each practitioner's stored rows, in key order; with `family`, only those
    /// with at least one row of that family. The mapped pages are given back every few thousand
    /// practitioners, so a pass over a national snapshot stays in bounded memory; `progress` is
    /// called then with the practitioners passed so far.
    public func forEachPractitioner(
        having family: Family?, progress: (Int) -> Void = { _ in }, _ body: (PractitionerRecord) throws -> Void
    ) throws {
        var n = 0
        try forEachPractitioner { record in
            n += 1
            if n % 8_192 == 0 {
                releasePages()
                progress(n)
            }
            if let family, !record.rows.contains(where: { $0.family == family }) { return }
            try body(record)
        }
        releasePages()
    }

    /// Calls `body` with each practitioner's grouped view (as `practitioner(_:)` builds it), as
    /// `forEachPractitioner(having:progress:_:)` passes their rows.
    public func forEachGroupedPractitioner(having family: Family? = nil, _ body: (Practitioner) throws -> Void) throws {
        try forEachPractitioner(having: family) { try body(try Practitioner($0, snapshot: self)) }
    }
}
