import AnnuaireParsing

extension Snapshot {
    /// Calls `body` with each practitioner's stored rows, in key order; with `family`, only those
    /// with at least one row of that family. The mapped pages are given back every few thousand
    /// practitioners, so a pass over a national snapshot stays in bounded memory; `progress` is
    /// called then with the practitioners passed so far.
    public func forEachPractitioner(
        having family: Family?, progress: (Int) -> Void = { _ in }, _ body: (PractitionerRecord) throws -> Void
    ) throws {
        try forEachPosition(having: family, progress: progress) { _, record in try body(record) }
    }

    /// The same pass, with each practitioner's position in the key index.
    func forEachPosition(
        having family: Family?, progress: (Int) -> Void = { _ in }, _ body: (Int, PractitionerRecord) throws -> Void
    ) throws {
        try forEachRawRecord(having: family, progress: progress) { i, raw in try body(i, PractitionerRecord(raw)) }
    }

    /// The same pass over the rows in place.
    func forEachRawRecord(having family: Family?, progress: (Int) -> Void = { _ in }, _ body: (Int, RawRecord) throws -> Void) throws {
        for i in 0..<count {
            if (i + 1) % 8_192 == 0 {
                releasePages()
                progress(i + 1)
            }
            let raw = try rawRecord(at: i)
            if let family, !raw.rows.contains(where: { $0.family == family }) { continue }
            try body(i, raw)
        }
        releasePages()
    }

    /// Calls `body` with each practitioner's grouped view (as `practitioner(_:)` builds it), as
    /// `forEachPractitioner(having:progress:_:)` passes their rows.
    public func forEachGroupedPractitioner(having family: Family? = nil, _ body: (Practitioner) throws -> Void) throws {
        try forEachPosition(having: family) { i, _ in try body(try practitioner(atPosition: i)) }
    }
}
