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
    /// structure for a personne-activite row that has one.
    struct Row {
        let family: Family
        let range: Range<Int>
        let structureID: Int?
    }

    let key: PractitionerKey
    var rows: [Row] = []
    var values: [Value] = []
    /// The identity values of rows stored without them.
    private(set) var keyText: KeyText?

    init(key: PractitionerKey) {
        self.key = key
        values.reserveCapacity(96)
    }

    /// The bytes of `column` in `row`, or nil when it is empty.
    func value(_ row: Row, _ column: Int) -> UnsafeRawBufferPointer? {
        for i in row.range where values[i].column == column { return values[i].bytes }
        return nil
    }

    /// Appends the values of `view` as a row.
    mutating func append(_ view: RowView) throws(SnapshotError) {
        let family = view.family
        let start = values.count
        // The identity left out of the text goes back at its columns (after mssante's mailbox type
        // and address, which are in the text).
        let identityStart = RowLayout.identityStart(family)
        var identity: KeyText?
        if view.head.identityElided {
            identity = keyText ?? KeyText(key)
            keyText = identity
        }
        func appendIdentity(before column: Int) {
            guard let text = identity, column > identityStart else { return }
            values.append(Value(column: identityStart, bytes: text.type))
            values.append(Value(column: identityStart + 1, bytes: text.identifier))
            values.append(Value(column: identityStart + 2, bytes: text.national))
            identity = nil
        }
        let columns = RowLayout.textColumns[family.index][view.head.identityElided ? 1 : 0]
        var field = 0
        var structureDone = view.structure == nil
        try forEachField(view.text) { (from, to) throws(SnapshotError) in
            guard field < columns.count else { throw .corrupt("a \(family.rawValue) row has more values than its columns") }
            let column = columns[field]
            field += 1
            appendIdentity(before: column)
            if !structureDone, column > RowLayout.structureColumns.upperBound {
                try appendStructure(view.structure!)
                structureDone = true
            }
            guard to > from else { return }
            values.append(Value(column: column, bytes: UnsafeRawBufferPointer(rebasing: view.text[from..<to])))
        }
        appendIdentity(before: Int.max)
        if !structureDone { try appendStructure(view.structure!) }
        rows.append(Row(family: family, range: start..<values.count, structureID: view.structureID))
    }

    private mutating func appendStructure(_ text: UnsafeRawBufferPointer) throws(SnapshotError) {
        var column = RowLayout.structureColumns.lowerBound
        try forEachField(text) { (from, to) throws(SnapshotError) in
            guard column <= RowLayout.structureColumns.upperBound else { throw .corrupt("a structure has more than 28 values") }
            if to > from { values.append(Value(column: column, bytes: UnsafeRawBufferPointer(rebasing: text[from..<to]))) }
            column += 1
        }
    }
}

extension Snapshot {
    /// The rows of the practitioner at position `i` of the key index, in place.
    func rawRecord(at i: Int) throws(SnapshotError) -> RawRecord {
        var views: [RowView] = []
        let key = try rows(at: i, into: &views)
        var record = RawRecord(key: key)
        record.rows.reserveCapacity(views.count)
        for view in views { try record.append(view) }
        return record
    }

    /// The ORG (organisation) mailbox rows whose `Identification Structure` is `identifier`,
    /// appended to `record` (rows and values); returns their range in `record.rows`.
    func organisationMailboxRows(structure identifier: UnsafeRawBufferPointer, into record: inout RawRecord) throws(SnapshotError)
        -> Range<Int>
    {
        let first = record.rows.count
        guard !identifier.isEmpty, let group = try orgKeys.position(of: fnv1a(identifier)) else { return first..<first }
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
