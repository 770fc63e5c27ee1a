import AnnuaireParsing

/// A practitioner's stored rows read in place: each non-empty value is a slice of the mapping (or
/// of the key's text, for an identity left out of the rows), no `String` made. What every lookup
/// decodes first; the `PractitionerRecord`, the grouped view and the lookup JSON are made from it.
///
/// The slices point into the snapshot's mapping: a `RawRecord` lives only inside a call on the
/// `Snapshot` that made it (it is internal, and never stored).
struct RawRecord {
    /// One non-empty value: its known column and its UTF-8 bytes.
    struct Value {
        let column: Int
        let bytes: UnsafeRawBufferPointer
    }

    /// One stored row: its family, its values (`values[range]`, in column order), the id of its
    /// structure for a personne-activite row that has one, and the texts its values are slices of.
    struct Row {
        let family: Family
        let range: Range<Int>
        let structureID: Int?
        let text: UnsafeRawBufferPointer
        let structure: UnsafeRawBufferPointer?
    }

    let key: PractitionerKey
    var rows: [Row] = []
    var values: [Value] = []
    /// The identity values of rows stored without them.
    private(set) var keyText: KeyText?

    init(key: PractitionerKey) {
        self.key = key
    }

    /// The rows `views` of practitioner `key`, decoded.
    init(key: PractitionerKey, views: [RowView]) throws(SnapshotError) {
        self.key = key
        var keyText: KeyText?
        // Every value is written once into a buffer sized for the most the rows can have.
        let capacity = views.reduce(0) { $0 + $1.family.columns.count }
        var rows: [Row] = []
        rows.reserveCapacity(views.count)
        var failure: SnapshotError?
        values = [Value](unsafeUninitializedCapacity: capacity) { buffer, count in
            do throws(SnapshotError) {
                for view in views {
                    let start = count
                    count += try Self.decode(view, key: key, keyText: &keyText, into: buffer, at: count)
                    rows.append(
                        Row(
                            family: view.family, range: start..<count, structureID: view.structureID, text: view.text,
                            structure: view.structure))
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        self.rows = rows
        self.keyText = keyText
    }

    /// The bytes of `column` in `row`, or nil when it is empty.
    func value(_ row: Row, _ column: Int) -> UnsafeRawBufferPointer? {
        for i in row.range where values[i].column == column { return values[i].bytes }
        return nil
    }

    /// Appends the values of `view` as a row.
    mutating func append(_ view: RowView) throws(SnapshotError) {
        let more = try RawRecord(key: key, views: [view])
        let start = values.count
        values += more.values
        rows.append(
            Row(
                family: view.family, range: start..<values.count, structureID: view.structureID, text: view.text, structure: view.structure)
        )
        if keyText == nil { keyText = more.keyText }
    }

    /// Decodes the values of `view` (a row of practitioner `key`) into `buffer` from `at`, in
    /// column order; returns how many. `keyText` holds the key's text once a row needs it.
    ///
    /// - Precondition: the buffer has room for the family's columns from `at`.
    static func decode(
        _ view: RowView, key: PractitionerKey, keyText: inout KeyText?, into buffer: UnsafeMutableBufferPointer<Value>, at: Int
    ) throws(SnapshotError) -> Int {
        let family = view.family
        let limit = family.columns.count
        precondition(buffer.count - at >= limit, "no room for a row's values")
        // safe, every write through `out`: at most `limit` values are written (checked below).
        let out = buffer.baseAddress! + at
        var n = 0
        // The identity left out of the text goes back at its columns (after mssante's mailbox type
        // and address, which are in the text).
        let identityStart = RowLayout.identityStart(family)
        var identity: KeyText?
        if view.head.identityElided {
            identity = keyText ?? KeyText(key)
            keyText = identity
        }
        var structure = view.structure
        let text = view.text
        let columns = RowLayout.textColumns[family.index][view.head.identityElided ? 1 : 0]
        try columns.withUnsafeBufferPointer { (columns) throws(SnapshotError) in
            var field = 0
            func emit(_ from: Int, _ to: Int) throws(SnapshotError) {
                guard field < columns.count else { throw .corrupt("a \(family.rawValue) row has more values than its columns") }
                // safe: field < columns.count.
                let column = columns[field]
                field += 1
                if let keyText = identity, column > identityStart {
                    (out + n).initialize(to: Value(column: identityStart, bytes: keyText.type))
                    (out + n + 1).initialize(to: Value(column: identityStart + 1, bytes: keyText.identifier))
                    (out + n + 2).initialize(to: Value(column: identityStart + 2, bytes: keyText.national))
                    n += 3
                    identity = nil
                }
                if let bytes = structure, column > RowLayout.structureColumns.upperBound {
                    n += try decodeStructure(bytes, into: out + n)
                    structure = nil
                }
                if to > from {
                    (out + n).initialize(to: Value(column: column, bytes: UnsafeRawBufferPointer(rebasing: text[from..<to])))
                    n += 1
                }
            }
            try forEachField(text, emit)
        }
        if let keyText = identity {
            (out + n).initialize(to: Value(column: identityStart, bytes: keyText.type))
            (out + n + 1).initialize(to: Value(column: identityStart + 1, bytes: keyText.identifier))
            (out + n + 2).initialize(to: Value(column: identityStart + 2, bytes: keyText.national))
            n += 3
        }
        if let bytes = structure { n += try decodeStructure(bytes, into: out + n) }
        return n
    }

    /// Decodes a structure's 28 values into `out` (room for 28); returns how many.
    private static func decodeStructure(_ text: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<Value>) throws(SnapshotError) -> Int
    {
        var column = RowLayout.structureColumns.lowerBound
        var n = 0
        try forEachField(text) { (from, to) throws(SnapshotError) in
            guard column <= RowLayout.structureColumns.upperBound else { throw .corrupt("a structure has more than 28 values") }
            if to > from {
                // safe: at most 28 values, one per structure column.
                (out + n).initialize(to: Value(column: column, bytes: UnsafeRawBufferPointer(rebasing: text[from..<to])))
                n += 1
            }
            column += 1
        }
        return n
    }
}

extension Snapshot {
    /// The rows of the practitioner at position `i` of the key index, in place.
    func rawRecord(at i: Int) throws(SnapshotError) -> RawRecord {
        var views: [RowView] = []
        let key = try rows(at: i, into: &views)
        return try RawRecord(key: key, views: views)
    }

    /// False when no ORG mailbox belongs to the structure `identifier` (no search needed); true
    /// when some may (`organisationMailboxRows` answers).
    func mayHaveOrganisationMailboxes(_ identifier: UnsafeRawBufferPointer) -> Bool {
        guard !identifier.isEmpty else { return false }
        return orgFilter?.mayContain(fnv1a(identifier)) ?? true
    }

    /// The ORG (organisation) mailbox rows whose `Identification Structure` is `identifier`,
    /// appended to `record` (rows and values); returns their range in `record.rows`.
    func organisationMailboxRows(structure identifier: UnsafeRawBufferPointer, into record: inout RawRecord) throws(SnapshotError)
        -> Range<Int>
    {
        let first = record.rows.count
        guard mayHaveOrganisationMailboxes(identifier), let group = try orgKeys.position(of: fnv1a(identifier)) else {
            return first..<first
        }
        var views: [RowView] = []
        try BlockCodec.rows(of: orgRecords, block: try groupRange(group), into: &views)
        let column = MSSanteColumn.identificationStructure.rawValue
        for view in views {
            guard view.family == .mssante, !view.head.identityElided else {
                throw .corrupt("an ORG mailbox group holds a \(view.family.rawValue) row")
            }
            let mark = record.values.count
            try record.append(view)
            let row = record.rows.removeLast()
            // The group is found by a hash of the identifier: other structures' rows may share it.
            if let id = record.value(row, column), sameBytes(id, identifier) {
                record.rows.append(row)
            } else {
                record.values.removeSubrange(mark...)
            }
        }
        return first..<record.rows.count
    }
}
