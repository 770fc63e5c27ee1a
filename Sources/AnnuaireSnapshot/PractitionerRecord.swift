import AnnuaireParsing

/// Everything a snapshot holds about one practitioner: their rows of every family, in the order of
/// the files they came from.
public struct PractitionerRecord: Sendable {
    public let key: PractitionerKey
    public let rows: [StoredRow]

    /// The rows of one family.
    public func rows(of family: Family) -> [StoredRow] { rows.filter { $0.family == family } }
}

/// One stored row: its family and its non-empty values by known column (structure columns of a
/// personne-activite row included).
public struct StoredRow: Sendable {
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
    public let text: String

    public init(_ column: Int, _ text: String) {
        self.column = column
        self.text = text
    }
}
