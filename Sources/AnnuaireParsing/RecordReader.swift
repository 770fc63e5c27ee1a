#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the lines of one input into records: binds the header, splits each line into fields,
/// checks its field count, encoding and identifiers, quarantines what cannot be a row, and counts
/// everything for the report. Not `Sendable`: the state of one input.
struct RecordReader: ~Copyable {
    let path: String
    let options: ReadOptions
    let quarantineSink: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?

    private(set) var schema: Schema?
    /// The schema's family, once the header is read (kept apart: reading it from `schema` on every
    /// row would copy the schema, and retain and release its arrays).
    private var family: Family?
    /// Known column → field index (-1 when absent), from the schema.
    private var positions = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var identity = (type: 0, identifier: 1, national: 2)
    private var expectedFields = 0
    private var splitter = FieldSplitter(capacity: 1)

    private(set) var encoding = TextEncoding.ascii
    private(set) var linesReadAsWindows1252 = 0
    private(set) var hadByteOrderMark = false
    private(set) var rows = 0
    private(set) var blankLines = 0
    private(set) var quarantined = 0
    private(set) var quarantine: [QuarantinedLine] = []
    private var warnings: [WarningKind: WarningTally] = [:]
    private let practitioners = DistinctKeys()
    /// The key of the previous row: a practitioner's rows are usually consecutive, so the set is
    /// only touched when the key changes.
    private var previousKey: UInt64?

    init(path: String, options: ReadOptions, quarantineSink: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?) {
        self.path = path
        self.options = options
        self.quarantineSink = quarantineSink
    }

    deinit { positions.deallocate() }

    var practitionerCount: Int { practitioners.count }

    /// The practitioners seen, sorted, each once: lets the reports of the parts of one file
    /// (`TextPart`) count the whole file's (`ScanReport.joined(_:)`).
    var practitionerKeys: [UInt64] { practitioners.sortedKeys }

    var warningTallies: [WarningTally] {
        WarningKind.allCases.compactMap { warnings[$0] }
    }

    /// Reads one line: the header first, then rows, each passed to `body` unless quarantined.
    mutating func consume(_ line: Line, _ body: (Record) throws -> Void) throws {
        guard let family else {
            try readHeader(line)
            return
        }
        let scan: FieldScan
        let fields: Int
        // The UTF-8 check runs in the same pass as the split, unless no line needs it any more.
        switch shape(of: line, validatingUTF8: encoding != .windows1252) {
        case .blank:
            blankLines += 1
            warn(.blankLine, line: line.number, column: "", value: "")
            return
        case let .unreadable(reason):
            setAside(line, reason)
            return
        case let .row(rowScan, rowFields):
            (scan, fields) = (rowScan, rowFields)
        }
        let bytes = line.bytes
        var lineEncoding = encoding
        if scan.hasHighBytes {
            switch encoding {
            case .ascii:
                encoding = scan.isValidUTF8 ? .utf8 : .windows1252
                lineEncoding = encoding
            case .utf8:
                if !scan.isValidUTF8 {
                    lineEncoding = .windows1252
                    linesReadAsWindows1252 += 1
                    warn(.notUTF8, line: line.number, column: "", value: TextEncoding.windows1252.decode(bytes))
                }
            case .windows1252:
                break
            }
        }
        let base = bytes.baseAddress!
        let type = field(identity.type, base, fields)
        let id = field(identity.identifier, base, fields)
        let record = Record(
            family: family, lineNumber: line.number, byteOffset: line.offset, encoding: lineEncoding,
            key: PractitionerKey(type: type, identifier: id), fieldCount: fields, line: base,
            ends: UnsafePointer(splitter.ends), positions: UnsafePointer(positions))
        rows += 1
        if options.validate { validate(record, type: type, id: id) }
        if options.countPractitioners, let key = record.key, key.rawValue != previousKey {
            practitioners.insert(key.rawValue)
            previousKey = key.rawValue
        }
        try body(record)
    }

    /// Takes `line`, a data line before the first one this reader reads (a `TextPart` starting
    /// inside a file), for its part in deciding the file's encoding, as reading it would have:
    /// returns whether the encoding is now decided (and the lines before the part need no more
    /// weighing).
    mutating func weighForEncoding(_ line: Line) -> Bool {
        guard schema != nil, encoding == .ascii else { return encoding != .ascii }
        guard hasHighByte(line.bytes), case .row = shape(of: line) else { return false }
        encoding = isValidUTF8(line.bytes) ? .utf8 : .windows1252
        return true
    }

    /// What a data line is.
    private enum Shape {
        case row(FieldScan, fields: Int)
        case blank
        case unreadable(QuarantineReason)
    }

    /// Whether a data line is a row (then `splitter` holds its fields), a blank line or a line to
    /// quarantine; with `validatingUTF8`, a row's scan also says whether it is valid UTF-8.
    @inline(__always)
    private mutating func shape(of line: Line, validatingUTF8: Bool = false) -> Shape {
        if let length = line.overLongLength { return .unreadable(.lineTooLong(length: length, limit: options.maxLineLength)) }
        let bytes = line.bytes
        if bytes.isEmpty { return .blank }
        let scan = splitter.split(bytes, validatingUTF8: validatingUTF8)
        var fields = scan.fields
        // A trailing `|` leaves an empty last field; it is optional (mssante has it or not).
        if fields == expectedFields + 1, Int(splitter.ends[fields - 2]) == bytes.count - 1 {
            fields -= 1
        }
        guard fields == expectedFields else { return .unreadable(.fieldCount(found: scan.fields, expected: expectedFields)) }
        if scan.firstNUL >= 0 { return .unreadable(.nulByte(byte: scan.firstNUL)) }
        return .row(scan, fields: fields)
    }

    /// `record[known:]` of the row being read, in line (`Record.field(at:)` is a call per field).
    private func field(_ known: Int, _ base: UnsafeRawPointer, _ fields: Int) -> UnsafeRawBufferPointer {
        let p = Int(positions[known])
        guard p >= 0, p < fields else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let start = p == 0 ? 0 : Int(splitter.ends[p - 1]) + 1
        return UnsafeRawBufferPointer(start: base + start, count: Int(splitter.ends[p]) - start)
    }

    private mutating func readHeader(_ line: Line) throws {
        if line.overLongLength != nil { throw ExtractionError.headerTooLong(path: path, limit: options.maxLineLength) }
        var bytes = line.bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            hadByteOrderMark = true
            bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3))
        }
        if bytes.isEmpty { throw ExtractionError.emptyFile(path: path) }
        let text = isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : TextEncoding.windows1252.decode(bytes)
        if text.hasPrefix("\""), text.contains("\";\"") || text.contains("\";") {
            throw ExtractionError.monoTable(path: path)
        }
        var labels = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let trailing = labels.count > 1 && labels.last == ""
        if trailing { labels.removeLast() }
        guard labels.count <= options.maxColumns else {
            throw ExtractionError.tooManyColumns(path: path, count: labels.count, limit: options.maxColumns)
        }
        let schema = try Schema(header: labels, hasTrailingSeparator: trailing, path: path)
        self.schema = schema
        family = schema.family
        positions.deallocate()
        positions = .allocate(capacity: schema.positions.count)
        positions.initialize(from: schema.positions, count: schema.positions.count)
        identity = schema.family.identityColumns
        expectedFields = labels.count
        splitter = FieldSplitter(capacity: labels.count + 1)
    }

    private mutating func setAside(_ line: Line, _ reason: QuarantineReason) {
        quarantined += 1
        let entry = QuarantinedLine(
            lineNumber: line.number, byteOffset: line.offset, reason: reason,
            excerpt: lenientText(UnsafeRawBufferPointer(rebasing: line.bytes.prefix(200))))
        if quarantine.count < options.quarantineExamples { quarantine.append(entry) }
        quarantineSink?(path, entry, line.bytes)
    }

    private mutating func warn(_ kind: WarningKind, line: Int, column: String, value: String) {
        if warnings[kind] == nil { warnings[kind] = WarningTally(kind: kind, count: 0, examples: []) }
        warnings[kind]!.count += 1
        if warnings[kind]!.examples.count < 3 {
            warnings[kind]!.examples.append(.init(lineNumber: line, column: column, value: String(value.prefix(80))))
        }
    }

    // MARK: - Row checks (warnings, never a dropped row)

    /// Checks a row's identifiers (and the cartes family's dates); `type` and `id` are its identity
    /// columns.
    private mutating func validate(_ record: Record, type: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer) {
        let family = record.family
        if !(family == .mssante && type.isEmpty && id.isEmpty) {
            if record.key == nil {
                flag(.malformedIdentifier, record, identity.identifier, id)
            } else if type.count == 1, type[0] == UInt8(ascii: "8") {
                switch IdentifierCheck.rpps(id) {
                case .valid: break
                case .badKey: flag(.badRPPSKey, record, identity.identifier, id)
                default: flag(.malformedIdentifier, record, identity.identifier, id)
                }
            } else if type.count == 1, type[0] == UInt8(ascii: "0") {
                switch IdentifierCheck.adeli(id) {
                case .valid: break
                case .badKey: flag(.badADELIKey, record, identity.identifier, id)
                default: flag(.malformedIdentifier, record, identity.identifier, id)
                }
            } else {
                flag(.unknownIdentifierType, record, identity.type, type)
            }
            let national = field(identity.national, record.line, record.fieldCount)
            // A key means 1–2 type bytes and 1–11 identifier bytes, so the national identifier
            // is compared only when it has their 2–13 bytes.
            if record.key != nil,
                national.count != type.count + id.count
                    || !equalBytes(national.baseAddress!, type.baseAddress!, type.count)
                    || !equalBytes(national.baseAddress! + type.count, id.baseAddress!, id.count)
            {
                flag(.nationalIDMismatch, record, identity.national, national)
            }
        }
        switch family {
        case .personneActivite:
            checkFINESS(record, PersonneActiviteColumn.numeroFinessSite.rawValue)
            checkFINESS(record, PersonneActiviteColumn.numeroFinessEtablissementJuridique.rawValue)
            let siret = field(PersonneActiviteColumn.numeroSiretSite.rawValue, record.line, record.fieldCount)
            if !siret.isEmpty, IdentifierCheck.siren(siret, length: 14) != .valid {
                flag(.badSIRET, record, PersonneActiviteColumn.numeroSiretSite.rawValue, siret)
            }
            let siren = field(PersonneActiviteColumn.numeroSirenSite.rawValue, record.line, record.fieldCount)
            if !siren.isEmpty, IdentifierCheck.siren(siren, length: 9) != .valid {
                flag(.badSIREN, record, PersonneActiviteColumn.numeroSirenSite.rawValue, siren)
            }
        case .cartes:
            checkDate(record, CartesColumn.dateDebutValidite.rawValue)
            checkDate(record, CartesColumn.dateFinValidite.rawValue)
            checkDate(record, CartesColumn.dateOpposition.rawValue)
            checkDate(record, CartesColumn.dateMiseAJour.rawValue)
        default:
            break
        }
    }

    private mutating func checkFINESS(_ record: Record, _ column: Int) {
        let value = field(column, record.line, record.fieldCount)
        if !value.isEmpty, IdentifierCheck.finess(value) != .valid { flag(.badFINESS, record, column, value) }
    }

    private mutating func checkDate(_ record: Record, _ column: Int) {
        let value = field(column, record.line, record.fieldCount)
        if !value.isEmpty, CardDate(text: value) == nil { flag(.invalidDate, record, column, value) }
    }

    /// Counts a warning on `record`'s known `column`; its texts are made only while the kind still
    /// keeps examples.
    private mutating func flag(_ kind: WarningKind, _ record: Record, _ column: Int, _ value: UnsafeRawBufferPointer) {
        if warnings[kind]?.examples.count ?? 0 >= 3 {
            warnings[kind]!.count += 1
            return
        }
        warn(kind, line: record.lineNumber, column: record.family.columns[column], value: record.encoding.decode(value))
    }
}

/// Whether the `count` bytes at `a` and at `b` are equal: words of eight bytes (the last one
/// overlapping), then four, instead of a call to `memcmp` for a dozen bytes.
@inline(__always)
private func equalBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    // safe: every load lies within a[0..<count] and b[0..<count].
    if count >= 8 {
        var i = 0
        while i + 8 < count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
    return true
}

/// Whether any byte is 0x80 or more (eight bytes a time).
func hasHighByte(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    var i = 0
    // safe: every load lies within base[0..<bytes.count].
    while i + 8 <= bytes.count {
        if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
        i += 8
    }
    while i < bytes.count {
        if base.load(fromByteOffset: i, as: UInt8.self) >= 0x80 { return true }
        i += 1
    }
    return false
}

/// Text for messages: UTF-8 when valid, else Windows-1252.
func lenientText(_ bytes: UnsafeRawBufferPointer) -> String {
    isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : TextEncoding.windows1252.decode(bytes)
}
