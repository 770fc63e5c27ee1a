/// One data line of an extraction file, split into fields, with typed access to the family's
/// columns. Nothing is decoded until asked for: fields are byte ranges of the line.
///
/// A record is borrowed: its bytes are valid only inside the closure it is passed to. Copy out
/// (with `string(_:)` or `Array(record[column])`) what must outlive it.
public struct Record {
    /// The family of the file the line came from.
    public let family: Family
    /// 1-based line number in the (decompressed) file; the header is line 1.
    public let lineNumber: Int
    /// Offset of the line's first byte in the (decompressed) file.
    public let byteOffset: Int64
    /// The encoding this line's text is in.
    public let encoding: TextEncoding
    /// The practitioner's key, when the identity columns hold a well-formed one.
    public let key: PractitionerKey?
    /// The number of fields of this line (without a trailing `|`'s empty one).
    public let fieldCount: Int

    @usableFromInline let line: UnsafeRawPointer
    /// `ends[i]`: offset in the line of the separator (or line end) after field `i`.
    @usableFromInline let ends: UnsafePointer<Int32>
    @usableFromInline let positions: UnsafePointer<Int32>

    /// The bytes of field `i` of the line (in file order).
    @inlinable
    public func field(at i: Int) -> UnsafeRawBufferPointer {
        precondition(i >= 0 && i < fieldCount, "field index out of range")
        // safe: ends[0..<fieldCount] are increasing offsets within the line, checked above.
        let start = i == 0 ? 0 : Int(ends[i - 1]) + 1
        return UnsafeRawBufferPointer(start: line + start, count: Int(ends[i]) - start)
    }

    /// The bytes of a known column of this family (empty when the file's layout lacks it).
    @inlinable
    public subscript<C: FamilyColumn>(_ column: C) -> UnsafeRawBufferPointer {
        precondition(C.family == family, "a \(C.family.rawValue) column asked of a \(family.rawValue) record")
        return self[known: column.rawValue]
    }

    /// The bytes of the family's known column number `index` (its place in `family.columns`).
    @inlinable
    public subscript(known index: Int) -> UnsafeRawBufferPointer {
        let position = Int(positions[index])
        guard position >= 0, position < fieldCount else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return field(at: position)
    }

    /// The bytes from the first to the last of the known `columns`, separators included, when
    /// they are consecutive fields of this line (as in the family's own layout); else nil.
    public func span(known columns: ClosedRange<Int>) -> UnsafeRawBufferPointer? {
        let first = Int(positions[columns.lowerBound])
        let last = Int(positions[columns.upperBound])
        guard first >= 0, last < fieldCount, last - first == columns.count - 1 else { return nil }
        for (offset, column) in columns.enumerated() where Int(positions[column]) != first + offset { return nil }
        // safe: ends[0..<fieldCount] are increasing offsets within the line, and first <= last.
        let start = first == 0 ? 0 : Int(ends[first - 1]) + 1
        return UnsafeRawBufferPointer(start: line + start, count: Int(ends[last]) - start)
    }

    /// The text of a known column, decoded from the line's encoding.
    public func string<C: FamilyColumn>(_ column: C) -> String { encoding.decode(self[column]) }

    /// The text of the family's known column number `index`.
    public func string(known index: Int) -> String { encoding.decode(self[known: index]) }
}
