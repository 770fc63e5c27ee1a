/// Turns the lines of one input into records: binds the header, splits each line into fields,
/// checks its field count, encoding and identifiers, quarantines what cannot be a row, and counts
/// everything for the report. Not `Sendable`: the state of one input.
final class RecordReader {
    let path: String
    let options: ReadOptions
    let quarantineSink: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?

    private(set) var schema: Schema?
    private var positions: [Int32] = []
    private var expectedFields = 0
    private var ends: UnsafeMutablePointer<Int32>
    private var endsCapacity: Int

    private(set) var encoding = TextEncoding.ascii
    private(set) var linesReadAsWindows1252 = 0
    private(set) var hadByteOrderMark = false
    private(set) var rows = 0
    private(set) var blankLines = 0
    private(set) var quarantined = 0
    private(set) var quarantine: [QuarantinedLine] = []
    private var warnings: [WarningKind: WarningTally] = [:]
    private var practitioners = Set<UInt64>()
    private var dateColumns: [Int] = []

    init(path: String, options: ReadOptions, quarantineSink: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?) {
        self.path = path
        self.options = options
        self.quarantineSink = quarantineSink
        endsCapacity = 64
        ends = .allocate(capacity: endsCapacity)
    }

    deinit { ends.deallocate() }

    var practitionerCount: Int { practitioners.count }
    var warningTallies: [WarningTally] {
        WarningKind.allCases.compactMap { warnings[$0] }
    }

    /// Reads one line: the header first, then rows, each passed to `body` unless quarantined.
    func consume(_ line: Line, _ body: (Record) throws -> Void) throws {
        guard let schema else {
            try readHeader(line)
            return
        }
        if let length = line.overLongLength {
            setAside(line, .lineTooLong(length: length, limit: options.maxLineLength))
            return
        }
        let bytes = line.bytes
        if bytes.isEmpty {
            blankLines += 1
            warn(.blankLine, line: line.number, column: "", value: "")
            return
        }
        // Split: record the offset of every `|`, and note any byte ≥ 0x80 or NUL on the way.
        let base = bytes.baseAddress!
        let count = bytes.count
        var separators = 0
        var high: UInt8 = 0
        var nulAt = -1
        let capacity = endsCapacity - 1
        for i in 0..<count {
            // safe: i < count, the line's length.
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            high |= b
            if b == 0x7C {
                if separators < capacity { ends[separators] = Int32(i) }
                separators += 1
            } else if b == 0, nulAt < 0 {
                nulAt = i
            }
        }
        var fields = separators + 1
        if separators < capacity { ends[separators] = Int32(count) }
        // A trailing `|` leaves an empty last field; it is optional (mssante has it or not).
        if fields == expectedFields + 1, separators > 0, Int(ends[separators - 1]) == count - 1 {
            fields -= 1
        }
        guard fields == expectedFields else {
            setAside(line, .fieldCount(found: fields, expected: expectedFields))
            return
        }
        if nulAt >= 0 {
            setAside(line, .nulByte(byte: nulAt))
            return
        }
        var lineEncoding = encoding
        if high >= 0x80 {
            switch encoding {
            case .ascii:
                encoding = isValidUTF8(bytes) ? .utf8 : .windows1252
                lineEncoding = encoding
            case .utf8:
                if !isValidUTF8(bytes) {
                    lineEncoding = .windows1252
                    linesReadAsWindows1252 += 1
                    warn(.notUTF8, line: line.number, column: "", value: TextEncoding.windows1252.decode(bytes))
                }
            case .windows1252:
                break
            }
        }
        let identity = schema.family.identityColumns
        let record = positions.withUnsafeBufferPointer { positions -> Record in
            let type = field(identity.type, positions, base, fields)
            let id = field(identity.identifier, positions, base, fields)
            return Record(
                family: schema.family, lineNumber: line.number, byteOffset: line.offset, encoding: lineEncoding,
                key: PractitionerKey(type: type, identifier: id), fieldCount: fields, line: base,
                ends: UnsafePointer(ends), positions: positions.baseAddress!)
        }
        rows += 1
        if options.validate { validate(record) }
        if options.countPractitioners, let key = record.key { practitioners.insert(key.rawValue) }
        try body(record)
    }

    private func field(_ known: Int, _ positions: UnsafeBufferPointer<Int32>, _ base: UnsafeRawPointer, _ fields: Int) -> UnsafeRawBufferPointer {
        let p = Int(positions[known])
        guard p >= 0, p < fields else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let start = p == 0 ? 0 : Int(ends[p - 1]) + 1
        return UnsafeRawBufferPointer(start: base + start, count: Int(ends[p]) - start)
    }

    private func readHeader(_ line: Line) throws {
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
        positions = schema.positions
        expectedFields = labels.count
        endsCapacity = labels.count + 2
        ends.deallocate()
        ends = .allocate(capacity: endsCapacity)
        if schema.family == .cartes {
            dateColumns = [CartesColumn.dateDebutValidite, .dateFinValidite, .dateOpposition, .dateMiseAJour].map(\.rawValue)
        }
    }

    private func setAside(_ line: Line, _ reason: QuarantineReason) {
        quarantined += 1
        let entry = QuarantinedLine(
            lineNumber: line.number, byteOffset: line.offset, reason: reason,
            excerpt: lenientText(UnsafeRawBufferPointer(rebasing: line.bytes.prefix(200))))
        if quarantine.count < options.quarantineExamples { quarantine.append(entry) }
        quarantineSink?(path, entry, line.bytes)
    }

    private func warn(_ kind: WarningKind, line: Int, column: String, value: String) {
        if warnings[kind] == nil { warnings[kind] = WarningTally(kind: kind, count: 0, examples: []) }
        warnings[kind]!.count += 1
        if warnings[kind]!.examples.count < 3 {
            warnings[kind]!.examples.append(.init(lineNumber: line, column: column, value: String(value.prefix(80))))
        }
    }

    // MARK: - Row checks (warnings, never a dropped row)

    private func validate(_ record: Record) {
        let family = record.family
        let identity = family.identityColumns
        let type = record[known: identity.type]
        let id = record[known: identity.identifier]
        let line = record.lineNumber
        func text(_ bytes: UnsafeRawBufferPointer) -> String { record.encoding.decode(bytes) }
        let label = family.columns[identity.identifier]
        if !(family == .mssante && type.isEmpty && id.isEmpty) {
            if record.key == nil {
                warn(.malformedIdentifier, line: line, column: label, value: text(id))
            } else if type.elementsEqual("8".utf8) {
                if id.count != 11 || !id.allSatisfy(isDigit) {
                    warn(.malformedIdentifier, line: line, column: label, value: text(id))
                } else if !Luhn.isValid(id) {
                    warn(.badRPPSKey, line: line, column: label, value: text(id))
                }
            } else if type.elementsEqual("0".utf8) {
                switch Result(catching: { () throws(IdentifierError) in try ADELI(id) }) {
                case .success(let adeli) where !adeli.hasValidKey:
                    warn(.badADELIKey, line: line, column: label, value: text(id))
                case .failure:
                    warn(.malformedIdentifier, line: line, column: label, value: text(id))
                default: break
                }
            } else {
                warn(.unknownIdentifierType, line: line, column: family.columns[identity.type], value: text(type))
            }
            let national = record[known: identity.national]
            if record.key != nil,
                national.count != type.count + id.count || !national.starts(with: type) || !national.dropFirst(type.count).elementsEqual(id)
            {
                warn(.nationalIDMismatch, line: line, column: family.columns[identity.national], value: text(national))
            }
        }
        switch family {
        case .personneActivite:
            for column in [PersonneActiviteColumn.numeroFinessSite, .numeroFinessEtablissementJuridique] {
                let value = record[column]
                if !value.isEmpty, !((try? FINESS(value))?.hasValidKey ?? false) {
                    warn(.badFINESS, line: line, column: column.label, value: text(value))
                }
            }
            let siret = record[PersonneActiviteColumn.numeroSiretSite]
            if !siret.isEmpty, !((try? SIRENOrSIRET(siret, kind: .siret))?.hasValidKey ?? false) {
                warn(.badSIRET, line: line, column: PersonneActiviteColumn.numeroSiretSite.label, value: text(siret))
            }
            let siren = record[PersonneActiviteColumn.numeroSirenSite]
            if !siren.isEmpty, !((try? SIRENOrSIRET(siren, kind: .siren))?.hasValidKey ?? false) {
                warn(.badSIREN, line: line, column: PersonneActiviteColumn.numeroSirenSite.label, value: text(siren))
            }
        case .cartes:
            for column in dateColumns {
                let value = record[known: column]
                if !value.isEmpty, CardDate(value) == nil {
                    warn(.invalidDate, line: line, column: family.columns[column], value: text(value))
                }
            }
        default:
            break
        }
    }
}

/// Text for messages: UTF-8 when valid, else Windows-1252.
func lenientText(_ bytes: UnsafeRawBufferPointer) -> String {
    isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : TextEncoding.windows1252.decode(bytes)
}
