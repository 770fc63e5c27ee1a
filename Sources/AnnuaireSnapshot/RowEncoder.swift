import AnnuaireParsing

/// Turns the records of one input into rows as the snapshot stores them (`RowLayout`), written
/// into a `RowBatch`. Not `Sendable`: the state of one input's reader.
///
/// A row of a UTF-8 line whose layout is the family's own (or an older one that is a prefix of it)
/// is copied as it was read: at most two spans of the line (around the structure columns, or the
/// identity), and the structure's span. Other rows (another column order, text read as
/// Windows-1252) are rebuilt value by value (`RowText`).
struct RowEncoder: ~Copyable {
    let family: Family
    /// The number of leading known columns that are the line's first fields in order, when every
    /// other known column is absent; nil when the layout is another (or not yet seen).
    private var prefix: Int?
    private var layoutKnown = false
    /// `T|I|TI` of the last practitioner's key (`KeyText.write`), and its key.
    private let identity = UnsafeMutableRawPointer.allocate(byteCount: KeyText.capacity, alignment: 8)
    private var identityLength = 0
    private var identityKey: PractitionerKey?
    /// The few distinct `Autorité d'enregistrement` values, parsed once each (by a hash of their
    /// bytes, the bytes kept to rule out collisions).
    private var authorities: [UInt64: (bytes: [UInt8], parsed: ParsedAuthority)] = [:]
    /// `Autorité d'enregistrement` tokens the attribution table does not know, with their counts.
    private(set) var unknownTokens: [String: Int] = [:]
    private var scratch = ByteSink()
    private var values = ByteSink()

    init(family: Family) { self.family = family }

    deinit { identity.deallocate() }

    /// Writes `record`'s row into `batch` (with `key`: the practitioner's, or for an ORG mailbox the
    /// hash of its structure); returns where the row starts in `batch`.
    mutating func encode(_ record: Record, key: UInt64, into batch: RowBatch) -> Int {
        if !layoutKnown {
            prefix = Self.prefix(of: record)
            layoutKnown = true
        }
        let sources = self.sources(record)
        var identity: UnsafeRawBufferPointer?
        if let practitioner = record.key {
            if identityKey != practitioner {
                identityLength = KeyText.write(practitioner, into: self.identity).span
                identityKey = practitioner
            }
            identity = UnsafeRawBufferPointer(start: self.identity, count: identityLength)
        }
        if let prefix, record.encoding != .windows1252,
            let start = copy(record, prefix: prefix, key: key, identity: identity, sources: sources, into: batch)
        {
            return start
        }
        return rebuild(record, key: key, keyText: record.key.map(KeyText.init), sources: sources, into: batch)
    }

    /// The row copied from the line's spans, or nil when its layout does not allow it.
    private func copy(
        _ record: Record, prefix k: Int, key: UInt64, identity keyText: UnsafeRawBufferPointer?, sources: UInt16, into batch: RowBatch
    ) -> Int? {
        let first = RowLayout.identityStart(family)
        var elided = false
        if let keyText, let identity = record.span(known: first...(first + 2)), sameBytes(identity, keyText) { elided = true }
        var structure: UnsafeRawBufferPointer?
        var ranges: (ClosedRange<Int>, ClosedRange<Int>?)
        switch family {
        case .personneActivite:
            let columns = RowLayout.structureColumns
            guard k > columns.upperBound, var span = record.span(known: columns) else { return nil }
            span = Self.trimmed(span)
            if !span.isEmpty { structure = span }
            ranges = ((elided ? 3 : 0)...(columns.lowerBound - 1), k > columns.upperBound + 1 ? (columns.upperBound + 1)...(k - 1) : nil)
        case .mssante where elided:
            ranges = (0...(first - 1), k > first + 3 ? (first + 3)...(k - 1) : nil)
        default:
            ranges = ((elided ? 3 : 0)...(k - 1), nil)
        }
        guard let one = record.span(known: ranges.0) else { return nil }
        var two: UnsafeRawBufferPointer?
        if let range = ranges.1 {
            guard let span = record.span(known: range) else { return nil }
            two = span
        }
        let head = RowLayout.Head(family: family, identityElided: elided, structure: structure == nil ? .none : .inline)
        let start = batch.startRow(key: key, head: head, sources: sources, structure: structure)
        batch.appendText(one)
        if let two {
            batch.appendSeparator()
            batch.appendText(two)
        }
        batch.finishRow(at: start)
        return start
    }

    /// The row rebuilt value by value.
    private mutating func rebuild(_ record: Record, key: UInt64, keyText: KeyText?, sources: UInt16, into batch: RowBatch) -> Int {
        // Text read as Windows-1252 is stored as UTF-8: each value transcoded first, into `values`.
        values.removeAll()
        var ranges: [Range<Int>] = []
        if record.encoding == .windows1252 {
            for column in 0..<family.columns.count {
                let start = values.count
                values.append(Array(record.string(known: column).utf8))
                ranges.append(start..<values.count)
            }
        }
        let transcoded = values.contents
        scratch.removeAll()
        let built = RowText.build(family, key: keyText, into: &scratch) { column in
            ranges.isEmpty ? record[known: column] : UnsafeRawBufferPointer(rebasing: transcoded[ranges[column]])
        }
        let contents = scratch.contents
        let start = batch.startRow(
            key: key, head: built.head, sources: sources, structure: built.structure.map { UnsafeRawBufferPointer(rebasing: contents[$0]) })
        batch.appendText(UnsafeRawBufferPointer(rebasing: contents[built.text]))
        batch.finishRow(at: start)
        return start
    }

    /// `bytes` without its trailing `|` (empty trailing values).
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x7C { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[0..<end])
    }

    /// The number of leading known columns that are the record's first fields in order, when the
    /// family's other known columns are absent from its layout; else nil.
    static func prefix(of record: Record) -> Int? {
        let columns = record.family.columns.count
        guard let start = record.span(known: 0...0)?.baseAddress, start == record.field(at: 0).baseAddress else { return nil }
        var k = 1
        while k < columns, record.span(known: 0...k) != nil { k += 1 }
        for c in k..<columns where record.span(known: c...c) != nil { return nil }
        return k
    }

    /// The sources of the row's parts, packed (`RowSources`).
    private mutating func sources(_ record: Record) -> UInt16 {
        guard record.family == .personneActivite else { return RowSources(record.family) { record.string(known: $0) }.packed }
        let authority = parsedAuthority(record)
        for token in authority.unknown where unknownTokens.count < 1000 || unknownTokens[token] != nil {
            unknownTokens[token, default: 0] += 1
        }
        return RowSources(personneActivite: record, authority: authority).packed
    }

    /// The row's authority triple, parsed once per distinct value.
    private mutating func parsedAuthority(_ record: Record) -> ParsedAuthority {
        let column = PersonneActiviteColumn.autoriteEnregistrement.rawValue
        let bytes = record[known: column]
        let hash = fastHash(bytes)
        if let known = authorities[hash], known.bytes.withUnsafeBytes({ sameBytes($0, bytes) }) { return known.parsed }
        let parsed = ParsedAuthority(record.string(known: column))
        if authorities.count < 10_000 { authorities[hash] = (Array(bytes), parsed) }
        return parsed
    }
}
