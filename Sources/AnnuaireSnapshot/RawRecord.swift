import AnnuaireParsing

/// A practitioner's stored rows read in place: each value is a slice of the mapping (inline bytes
/// or an interned string's bytes), no `String` made. What every lookup decodes first; the
/// `PractitionerRecord`, the grouped view and the lookup JSON are made from it.
///
/// The slices point into the snapshot's mapping: a `RawRecord` lives only inside a call on the
/// `Snapshot` that made it (it is internal, and never stored).
struct RawRecord {
    /// One non-empty value: its known column, its UTF-8 bytes in the mapping and, when it is an
    /// interned string, its id (a view reuses the decoded string), else -1.
    struct Value {
        let column: Int
        let bytes: UnsafeRawBufferPointer
        let stringID: Int
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

    init(key: PractitionerKey) {
        self.key = key
        values.reserveCapacity(64)
    }

    /// The bytes of `column` in `row`, or nil when it is empty.
    func value(_ row: Row, _ column: Int) -> UnsafeRawBufferPointer? {
        for i in row.range where values[i].column == column { return values[i].bytes }
        return nil
    }
}

extension Snapshot {
    /// The rows of the practitioner at position `i` of the key index, in place.
    func rawRecord(at i: Int) throws(SnapshotError) -> RawRecord {
        let entry = try keys.entry(i)
        var record = RawRecord(key: PractitionerKey(rawValue: entry.key))
        let offset = Int(clamping: entry.offset)
        guard offset < records.count else { throw .corrupt("block of \(record.key) lies outside the records") }
        var source = ByteSource(records, at: offset)
        let rowCount = try source.varint()
        // The builder never writes an empty block; the grouped view needs a first row.
        guard rowCount > 0 else { throw .corrupt("block of \(record.key) has no rows") }
        record.rows.reserveCapacity(Int(min(rowCount, 64)))
        for _ in 0..<min(rowCount, 100_000) {
            let length = try source.varint()
            var row = ByteSource(try source.bytes(Int(clamping: length)))
            record.rows.append(try decodeRow(&row, into: &record.values))
        }
        return record
    }

    /// Decodes one framed row, appending its values to `values`.
    func decodeRow(_ source: inout ByteSource, into values: inout [RawRecord.Value]) throws(SnapshotError) -> RawRecord.Row {
        let family = try RowCodec.family(code: try source.u8())
        let bitmap = try source.varint()
        // A bit past the family's last known column would make the views index past their tables.
        guard 64 - bitmap.leadingZeroBitCount <= family.columns.count else {
            throw .corrupt("a \(family.rawValue) row has a value past its \(family.columns.count) columns")
        }
        let start = values.count
        guard family == .personneActivite else {
            try decodeValues(&source, bitmap: bitmap, base: 0, into: &values)
            return RawRecord.Row(family: family, range: start..<values.count, structureID: nil)
        }
        // The structure's columns are one contiguous range, stored apart and referenced after the
        // row's own values: the values before the range are decoded, those after it skipped to
        // reach the reference, then the structure and the rest decoded, so all come in column order.
        let range = RowCodec.structureColumns
        let before = bitmap & (1 << UInt64(range.lowerBound) - 1)
        let after = bitmap & ~before
        guard after & (1 << UInt64(range.upperBound + 1) - 1) == 0 else {
            throw .corrupt("a personne-activite row holds a structure column itself")
        }
        try decodeValues(&source, bitmap: before, base: 0, into: &values)
        var rest = source
        try RowCodec.skipValues(&source, count: after.nonzeroBitCount)
        let reference = try source.varint()
        var structureID: Int?
        if reference > 0 {
            let id = Int(clamping: reference - 1)
            structureID = id
            var structure = ByteSource(try structureBytes(id))
            let bits = try structure.varint()
            guard 64 - bits.leadingZeroBitCount <= range.count else {
                throw .corrupt("structure \(id) has a value outside the structure columns")
            }
            try decodeValues(&structure, bitmap: bits, base: range.lowerBound, into: &values)
        }
        try decodeValues(&rest, bitmap: after, base: 0, into: &values)
        return RawRecord.Row(family: family, range: start..<values.count, structureID: structureID)
    }

    /// Decodes the values of the columns set in `bitmap` (bit i: column `base + i`), in place.
    private func decodeValues(
        _ source: inout ByteSource, bitmap: UInt64, base: Int, into values: inout [RawRecord.Value]
    ) throws(SnapshotError) {
        var bits = bitmap
        while bits != 0 {
            let column = base + bits.trailingZeroBitCount
            bits &= bits - 1
            let tag = try source.varint()
            if tag & 1 == 1 {
                values.append(.init(column: column, bytes: try source.bytes(Int(clamping: tag >> 1)), stringID: -1))
            } else {
                let id = Int(clamping: tag >> 1)
                values.append(.init(column: column, bytes: try strings.bytes(id), stringID: id))
            }
        }
    }

    /// The ORG (organisation) mailbox rows whose `Identification Structure` is `identifier`,
    /// appended to `record` (rows and values); returns their range in `record.rows`.
    func organisationMailboxRows(structure identifier: UnsafeRawBufferPointer, into record: inout RawRecord) throws(SnapshotError)
        -> Range<Int>
    {
        let first = record.rows.count
        guard !identifier.isEmpty, let group = try orgIndex.position(of: fnv1a(identifier)) else { return first..<first }
        var source = ByteSource(orgRecords, at: Int(clamping: try orgIndex.entry(group).offset))
        let rows = try source.varint()
        let column = MSSanteColumn.identificationStructure.rawValue
        for _ in 0..<min(rows, 100_000) {
            var bytes = ByteSource(try source.bytes(Int(clamping: try source.varint())))
            let mark = record.values.count
            let row = try decodeRow(&bytes, into: &record.values)
            guard row.family == .mssante else { throw .corrupt("an ORG mailbox group holds a \(row.family.rawValue) row") }
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
