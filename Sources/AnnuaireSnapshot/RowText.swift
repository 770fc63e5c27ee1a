import AnnuaireParsing

/// Builds the stored text of a row from its values, column by column (`RowLayout`): for rows that
/// are not already in that form as read (another layout, text transcoded from Windows-1252), and
/// for rows of a format-2 snapshot.
enum RowText {
    /// Appends the values of `columns`, in order, joined by `|`, without the trailing empty ones;
    /// `value(column)` gives a column's bytes (empty when the column is).
    static func append(
        _ columns: some Sequence<Int>, to sink: inout ByteSink, _ value: (Int) -> UnsafeRawBufferPointer
    ) {
        let start = sink.count
        var end = start
        var first = true
        for column in columns {
            if !first { sink.byte(0x7C) }
            first = false
            let bytes = value(column)
            sink.append(bytes)
            if !bytes.isEmpty { end = sink.count }
        }
        sink.truncate(to: end)
    }

    /// Whether a row's three identity values (`value(column)`) are exactly `key`'s text, so that
    /// the row can be stored without them.
    static func identityIsKey(_ family: Family, _ key: KeyText, _ value: (Int) -> UnsafeRawBufferPointer) -> Bool {
        let first = RowLayout.identityStart(family)
        return sameBytes(value(first), key.type) && sameBytes(value(first + 1), key.identifier)
            && sameBytes(value(first + 2), key.national)
    }

    /// The text of a row and of its structure, built from its values into `sink`; returns the
    /// row's head (structure `.inline` when it has one) and the two texts' ranges in `sink`.
    static func build(
        _ family: Family, key: KeyText?, into sink: inout ByteSink, _ value: (Int) -> UnsafeRawBufferPointer
    ) -> (head: RowLayout.Head, text: Range<Int>, structure: Range<Int>?) {
        let elided = key.map { identityIsKey(family, $0, value) } ?? false
        var structure: Range<Int>?
        if family == .personneActivite {
            let start = sink.count
            append(RowLayout.structureColumns, to: &sink, value)
            if sink.count > start { structure = start..<sink.count }
        }
        let start = sink.count
        append(RowLayout.textColumns[family.index][elided ? 1 : 0], to: &sink, value)
        let head = RowLayout.Head(family: family, identityElided: elided, structure: structure == nil ? .none : .inline)
        return (head, start..<sink.count, structure)
    }
}
