import AnnuaireParsing

/// Everything a snapshot holds about one practitioner: their rows of every family, in the order of
/// the files they came from.
public struct PractitionerRecord: Sendable {
    /// The practitioner's identifier.
    public let key: PractitionerKey
    /// Every stored row of the practitioner, of every family.
    public let rows: [StoredRow]

    /// The rows of one family.
    public func rows(of family: Family) -> [StoredRow] { rows.filter { $0.family == family } }
}

/// One stored row: its family and its non-empty values by known column (structure columns of a
/// personne-activite row included).
public struct StoredRow: Sendable {
    /// The family (file) the row came from.
    public let family: Family
    /// Each non-empty column, in column order.
    public let values: [StoredValue]
    /// The id of the row's structure, for personne-activite rows that have one.
    public let structureID: Int?

    /// The text of a column ("" when empty).
    public subscript<C: FamilyColumn>(_ column: C) -> String {
        precondition(C.family == family)
        return value(known: column.rawValue)
    }

    /// The text of the family's known column `index` ("" when empty).
    public func value(known index: Int) -> String { values.first { $0.column == index }?.text ?? "" }
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
