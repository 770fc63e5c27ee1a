import AnnuaireParsing

/// Everything a snapshot holds about one practitioner: their rows of every family, in the order of
/// the files they came from.
///
/// The values are kept as one copy of their UTF-8 bytes; a `String` is made only for the values a
/// caller asks for (`StoredRow.values`, `StoredRow.value(known:)`).
public struct PractitionerRecord: Sendable {
    /// The practitioner's identifier.
    public let key: PractitionerKey
    /// Every stored row of the practitioner, of every family.
    public let rows: [StoredRow]

    /// The rows of one family.
    public func rows(of family: Family) -> [StoredRow] { rows.filter { $0.family == family } }

    /// The record of `raw`'s rows, its bytes copied out of the mapping.
    init(_ raw: RawRecord) {
        let text = ValueText(raw.values)
        key = raw.key
        rows = raw.rows.map { StoredRow(family: $0.family, text: text, range: $0.range, structureID: $0.structureID) }
    }
}

/// The values of a record: their bytes, one after the other, and each one's column and place.
final class ValueText: Sendable {
    let bytes: [UInt8]
    /// Per value: its column, and its bytes' range in `bytes`.
    let spans: [(column: Int32, start: Int32, end: Int32)]

    init(_ values: some Collection<RawRecord.Value>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.reduce(0) { $0 + $1.bytes.count })
        var spans: [(column: Int32, start: Int32, end: Int32)] = []
        spans.reserveCapacity(values.count)
        for value in values {
            let start = Int32(bytes.count)
            bytes.append(contentsOf: value.bytes)
            spans.append((Int32(value.column), start, Int32(bytes.count)))
        }
        self.bytes = bytes
        self.spans = spans
    }

    func string(_ i: Int) -> String {
        let span = spans[i]
        return bytes.withUnsafeBufferPointer { String(decoding: $0[Int(span.start)..<Int(span.end)], as: UTF8.self) }
    }
}

/// One stored row: its family and its non-empty values by known column (structure columns of a
/// personne-activite row included).
public struct StoredRow: Sendable {
    /// The family (file) the row came from.
    public let family: Family
    /// The id of the row's structure, for personne-activite rows that have one: every row of the
    /// same structure has the same id.
    public let structureID: Int?
    let text: ValueText
    let range: Range<Int>

    init(family: Family, text: ValueText, range: Range<Int>, structureID: Int?) {
        self.family = family
        self.text = text
        self.range = range
        self.structureID = structureID
    }

    /// Each non-empty column, in column order.
    public var values: [StoredValue] { range.map { StoredValue(Int(text.spans[$0].column), text.string($0)) } }

    /// The text of a column ("" when empty).
    public subscript<C: FamilyColumn>(_ column: C) -> String {
        precondition(C.family == family)
        return value(known: column.rawValue)
    }

    /// The text of the family's known column `index` ("" when empty).
    public func value(known index: Int) -> String {
        for i in range where text.spans[i].column == Int32(index) { return text.string(i) }
        return ""
    }
}

/// One non-empty value of a stored row.
public struct StoredValue: Sendable, Equatable {
    /// The family's known column index.
    public let column: Int
    /// The value, as UTF-8 text.
    public let text: String

    /// The value `text` of known column `column`.
    public init(_ column: Int, _ text: String) {
        self.column = column
        self.text = text
    }
}
