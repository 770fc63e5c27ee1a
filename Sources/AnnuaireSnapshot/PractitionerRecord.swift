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
        let text = ValueText(raw)
        key = raw.key
        rows = raw.rows.map { StoredRow(family: $0.family, text: text, range: $0.range, structureID: $0.structureID) }
    }
}

/// The values of a record: their bytes, one after the other, and each one's column and place.
final class ValueText: Sendable {
    struct Span {
        let column: Int32
        let start: Int32
        let end: Int32
    }

    let bytes: [UInt8]
    let spans: [Span]

    /// The values of `raw`, copied: each row's text and structure in one piece, the values' places
    /// found from where they lie in them (the key's text, for an identity left out, copied too).
    init(_ raw: RawRecord) {
        /// The parts the values are slices of, and where each is copied.
        var parts: [(bytes: UnsafeRawBufferPointer, at: Int)] = []
        parts.reserveCapacity(2 * raw.rows.count + 1)
        var total = 0
        func add(_ part: UnsafeRawBufferPointer) {
            parts.append((part, total))
            total += part.count
        }
        if let key = raw.keyText { add(key.span) }
        for row in raw.rows {
            add(row.text)
            if let structure = row.structure { add(structure) }
        }
        bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            for (part, at) in parts {
                // safe: the parts' lengths add up to `total`, the buffer's capacity.
                if let source = part.baseAddress { (base + at).copyMemory(from: source, byteCount: part.count) }
            }
            count = total
        }
        spans = [Span](unsafeUninitializedCapacity: raw.values.count) { buffer, count in
            for (i, value) in raw.values.enumerated() {
                var start = 0
                if let address = value.bytes.baseAddress {
                    for (part, at) in parts {
                        guard let first = part.baseAddress, address >= first, address + value.bytes.count <= first + part.count else {
                            continue
                        }
                        start = at + (address - first)
                        break
                    }
                }
                // safe: i < raw.values.count, the buffer's capacity.
                (buffer.baseAddress! + i).initialize(
                    to: Span(column: Int32(value.column), start: Int32(start), end: Int32(start + value.bytes.count)))
            }
            count = raw.values.count
        }
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
