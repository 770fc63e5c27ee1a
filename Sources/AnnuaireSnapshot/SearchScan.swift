@_spi(Internals) import AnnuaireParsing

/// What one pass over a range of a snapshot's practitioners (in key order) gives the search index
/// builder (`SearchIndexBuilder`): each practitioner's names (for its rank), its own terms, the
/// structures of its activities, and the terms met once or nearly (structure identifiers, card
/// numbers, mailboxes) as occurrences to be sorted later rather than interned.
///
/// Work is done once per distinct value, not per row: a row's runs of indexed columns (its names;
/// its profession, specialty and mode) are each looked up whole, by their bytes, in a table of the
/// runs met before, which gives their terms; a run equal to the same run of the practitioner's
/// previous row is not even looked up. A structure's terms are made the first time it is met
/// (its company name and its place, each again a run looked up whole). Rows are read in place,
/// and only as far as their last indexed column.
struct SearchScan: ~Copyable {
    let snapshot: Snapshot
    let range: Range<Int>
    private let organisations: OrganisationMailboxes
    /// Reads the structures referred to from far (nil: through the mapping).
    private let far: FarReader?

    /// Common terms (field byte, then normalized text), by local id.
    var terms = TermTable(capacity: 1 << 14)
    /// Normalized exercise names and first names, for the ranks.
    var names = TermTable(capacity: 1 << 14)
    /// Per practitioner of the range: the name ids of its identity row's exercise name and first name.
    var nameIDs: [UInt32] = []
    var firstNameIDs: [UInt32] = []
    /// Per practitioner of the range: its own common terms (ascending, distinct)
    /// `docTerms[docTermStart[i] ..< docTermStart[i + 1]]`, and its structures' local numbers.
    var docTerms: [UInt32] = []
    var docTermStart: [UInt32] = [0]
    var docStructures: [UInt32] = []
    var docStructureStart: [UInt32] = [0]
    /// Per structure met (local number): its id in the records section, its common terms, and the
    /// ORG mailbox entities its identifiers name.
    var structureIDs: [Int] = []
    var structureTerms: [UInt32] = []
    var structureTermStart: [UInt32] = [0]
    var structureEntities: [UInt32] = []
    var structureEntityStart: [UInt32] = [0]
    /// Terms met once or nearly: their bytes, and whose they are (`Owner`).
    var occurrences = ByteArena()
    var owners: [UInt32] = []

    private var structureTable = IntTable()

    /// The local number of structure `id`, if the scan met it.
    func localStructure(_ id: Int) -> Int? { structureTable.find(id) }

    /// Lets go of what finds a structure by its id (tens of MB), once the scans are put together.
    mutating func releaseStructureLookup() {
        structureTable = IntTable(capacity: 0)
        structureIDs = []
    }

    /// Adds a structure another scan met (its terms and entities renumbered here).
    mutating func addMergedStructure(_ id: Int, terms: [UInt32], entities: ArraySlice<UInt32>) {
        structureTable.insert(id, structureIDs.count)
        structureIDs.append(id)
        structureTerms.append(contentsOf: terms)
        structureTermStart.append(UInt32(structureTerms.count))
        structureEntities.append(contentsOf: entities)
        structureEntityStart.append(UInt32(structureEntities.count))
    }

    /// Takes another scan's occurrences (their bytes moved, not copied), their owners renumbered
    /// by `owner`.
    mutating func takeOccurrences(of other: inout SearchScan, owner: (UInt32) -> UInt32) throws {
        try occurrences.absorb(&other.occurrences)
        owners.reserveCapacity(owners.count + other.owners.count)
        for o in other.owners { owners.append(owner(o)) }
        other.owners = []
    }

    /// Appends the ORG mailboxes' occurrences.
    mutating func appendOccurrences(_ organisations: OrganisationMailboxes) throws {
        for i in 0..<organisations.occurrences.count {
            try occurrences.append(organisations.occurrences.bytes(i))
            owners.append(organisations.owners[i])
        }
    }

    /// Runs of columns met, with their terms: `runTerms[runStart[r] ..< runStart[r + 1]]`; for a
    /// run of names, the name ids of both.
    private var runs = TermTable(capacity: 1 << 14)
    private var runStart: [UInt32] = [0]
    private var runTerms: [UInt32] = []
    private var runNames: [UInt64] = []
    /// Per kind of run, the last met in the current practitioner.
    private var lastRun: [UnsafeRawBufferPointer] = Array(
        repeating: UnsafeRawBufferPointer(start: nil, count: 0), count: RunKind.allCases.count)
    private var lastRunID: [Int] = Array(repeating: -1, count: RunKind.allCases.count)
    private var lastUnique: [UnsafeRawBufferPointer] = Array(repeating: UnsafeRawBufferPointer(start: nil, count: 0), count: 2)
    private var found: [UInt32] = []
    private var structures: [UInt32] = []
    private var scratch: [UInt8] = []
    private var key: [UInt8] = []
    private var words: [UInt8] = []
    private var fields: [Range<Int>] = []
    /// The error that stopped the scan, if any.
    var failure: Error?

    init(snapshot: Snapshot, range: Range<Int>, organisations: OrganisationMailboxes) {
        self.snapshot = snapshot
        self.range = range
        self.organisations = organisations
        far = FarReader(snapshot)
        nameIDs.reserveCapacity(range.count)
        firstNameIDs.reserveCapacity(range.count)
        docTermStart.reserveCapacity(range.count + 1)
        docStructureStart.reserveCapacity(range.count + 1)
        docStructures.reserveCapacity(range.count * 2)
        scratch.reserveCapacity(512)
        key.reserveCapacity(512)
        fields.reserveCapacity(64)
    }

    /// Whose an occurrence is: a practitioner of the range (its position from the range's start),
    /// a structure (its local number) or an ORG mailbox entity, in the top two bits.
    enum Owner {
        static let practitioner: UInt32 = 0
        static let structure: UInt32 = 1 << 30
        static let entity: UInt32 = 2 << 30
        static let mask: UInt32 = 3 << 30
    }

    /// Scans the range; an error is kept in `failure`.
    mutating func run() {
        do {
            for i in range {
                try scanPractitioner(i)
                if (i - range.lowerBound) % 16_384 == 16_383 { snapshot.releasePages() }
            }
        } catch {
            failure = error
        }
        // What only the scan needs: the runs met and their terms (tens of MB), let go before the lists.
        runs = TermTable(capacity: 0)
        runStart = []
        runTerms = []
        runNames = []
    }

    // MARK: rows

    /// Kinds of runs of columns, each a table of its own (its first byte in `runs`).
    enum RunKind: UInt8, CaseIterable {
        /// Exercise name and first name.
        case names
        /// Profession, category, specialty, mode (personne-activite) or profession and specialty
        /// (savoir-faire) or profession (cartes, mssante).
        case activity
        /// A structure's company name and sign.
        case company
        /// A structure's place: cedex, postcode, commune code and name, department.
        case place
    }

    /// Where a family's indexed columns are in its text: the two name fields, the activity run,
    /// the field of a card number or a mailbox (-1: none).
    struct Plan {
        var name = -1
        var activity: ClosedRange<Int>?
        var card = -1
        var mailbox = -1
        /// The column of the activity run's first field (the run's columns follow one another).
        var activityColumn = 0
        var lastField: Int { max(name + 1, activity?.upperBound ?? -1, card, mailbox) }
    }

    /// Per family and identity left out or not (`RowLayout.textColumns`), where its indexed
    /// columns are in its text: `plans[family.index * 2 + (elided ? 1 : 0)]`.
    private let plans: [Plan] = Family.all.flatMap { family in
        RowLayout.textColumns[family.index].map { columns in
            func field(_ column: Int) -> Int { columns.firstIndex(of: column) ?? -1 }
            var plan = Plan()
            plan.name = field(SearchIndexBuilder.nameColumns(family).0)
            var activity: [Int] = []
            switch family {
            case .personneActivite:
                activity = Array(PersonneActiviteColumn.codeProfession.rawValue...PersonneActiviteColumn.libelleModeExercice.rawValue)
            case .savoirFaire:
                activity = Array(SavoirFaireColumn.codeProfession.rawValue...SavoirFaireColumn.libelleSavoirFaire.rawValue)
            case .cartes:
                activity = [CartesColumn.codeProfession.rawValue, CartesColumn.libelleProfession.rawValue]
                plan.card = field(CartesColumn.numeroCarte.rawValue)
            case .mssante:
                activity = [MSSanteColumn.codeProfession.rawValue, MSSanteColumn.libelleProfession.rawValue]
                plan.mailbox = field(MSSanteColumn.adresseBAL.rawValue)
            case .diplomes: break
            }
            precondition(activity.isEmpty || activity == Array(activity[0]..<activity[0] + activity.count))
            if let first = activity.first.map(field), first >= 0 {
                plan.activity = first...(first + activity.count - 1)
                plan.activityColumn = activity[0]
            }
            return plan
        }
    }

    private mutating func scanPractitioner(_ i: Int) throws {
        found.removeAll(keepingCapacity: true)
        structures.removeAll(keepingCapacity: true)
        for k in lastRunID.indices { lastRunID[k] = -1 }
        lastUnique[0] = UnsafeRawBufferPointer(start: nil, count: 0)
        lastUnique[1] = UnsafeRawBufferPointer(start: nil, count: 0)
        let doc = UInt32(i - range.lowerBound)
        let records = snapshot.records
        let block = try snapshot.blockRange(at: i)
        let bytes = UnsafeRawBufferPointer(rebasing: records[block])
        guard bytes.count > 4, bytes.le(0, as: UInt32.self) == SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: bytes[4...])) else {
            throw SnapshotError.corrupt("the block at \(block.lowerBound) is damaged (check mismatch)")
        }
        var source = ByteSource(bytes, at: 4)
        let rows = try source.varint()
        guard rows > 0, rows <= UInt64(BlockCodec.maxRows) else {
            throw SnapshotError.corrupt("the block at \(block.lowerBound) holds \(rows) rows")
        }
        // The identity row: the first personne-activite row, else the first row.
        var identity = -1
        var identityIsActivity = false
        for _ in 0..<rows {
            guard let head = RowLayout.Head(try source.u8()) else {
                throw SnapshotError.corrupt("a row of the block at \(block.lowerBound) has a bad head")
            }
            switch head.structure {
            case .none: break
            case .inline:
                let id = block.lowerBound + source.position
                let check = try source.bytes(4).le(0, as: UInt32.self)
                let text = try source.bytes(Int(clamping: try source.varint()))
                if let s = structureTable.find(id) {
                    structures.append(UInt32(s))
                } else {
                    guard check == SnapshotFormat.check(text) else {
                        throw SnapshotError.corrupt("the structure at \(id) is damaged (check mismatch)")
                    }
                    structures.append(try addStructure(id, text))
                }
            case .reference:
                let id = Int(clamping: try source.varint())
                if let s = structureTable.find(id) {
                    structures.append(UInt32(s))
                } else {
                    // Written far before, mostly: read by `far` rather than through the mapping.
                    var stored = far?.structure(at: id)
                    if stored == nil {
                        guard id >= 0, id < records.count else {
                            throw SnapshotError.corrupt("a structure reference points outside the records")
                        }
                        var at = ByteSource(records, at: id)
                        let check = try at.bytes(4).le(0, as: UInt32.self)
                        stored = (check, try at.bytes(Int(clamping: try at.varint())))
                    }
                    guard let (check, text) = stored, check == SnapshotFormat.check(text) else {
                        throw SnapshotError.corrupt("the structure at \(id) is damaged (check mismatch)")
                    }
                    structures.append(try addStructure(id, text))
                }
            }
            let text = try source.bytes(Int(clamping: try source.varint()))
            let names = try row(text, head, doc: doc)
            if identity < 0 || (!identityIsActivity && head.family == .personneActivite) {
                identity = names
                identityIsActivity = head.family == .personneActivite
            }
        }
        guard source.isAtEnd else { throw SnapshotError.corrupt("the block at \(block.lowerBound) has bytes after its rows") }
        let pair = identity >= 0 ? runNames[identity] : try emptyNames()
        nameIDs.append(UInt32(truncatingIfNeeded: pair >> 32))
        firstNameIDs.append(UInt32(truncatingIfNeeded: pair))
        // Its own terms, each once.
        found.sort()
        var last: UInt32 = .max
        for term in found where term != last {
            docTerms.append(term)
            last = term
        }
        docTermStart.append(UInt32(docTerms.count))
        structures.sort()
        last = .max
        for s in structures where s != last {
            docStructures.append(s)
            last = s
        }
        docStructureStart.append(UInt32(docStructures.count))
    }

    /// The name ids of a practitioner without a name.
    private mutating func emptyNames() throws -> UInt64 {
        let id = UInt64(try names.intern(UnsafeRawBufferPointer(start: nil, count: 0)))
        return id << 32 | id
    }

    /// Splits `text` into `fields` up to field `last`.
    @inline(__always)
    private mutating func split(_ text: UnsafeRawBufferPointer, upTo last: Int) {
        fields.removeAll(keepingCapacity: true)
        guard let base = text.baseAddress else {
            fields.append(0..<0)
            return
        }
        let n = text.count
        var start = 0
        var i = 0
        while fields.count <= last {
            var end = n
            // A `|` found eight bytes at a time.
            while i + 8 <= n {
                // safe: i + 8 ≤ n.
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x7C7C_7C7C_7C7C_7C7C
                let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
                let zero = ~(((word & low) &+ low) | word | low)
                if zero != 0 {
                    end = i + zero.trailingZeroBitCount / 8
                    break
                }
                i += 8
            }
            if end == n {
                // safe: i < n.
                while i < n, base.load(fromByteOffset: i, as: UInt8.self) != 0x7C { i += 1 }
                end = i
            }
            fields.append(start..<end)
            if end >= n { return }
            start = end + 1
            i = start
        }
    }

    /// The bytes of fields `first...last` of `text` as split (fewer when the text ends before).
    @inline(__always)
    private func span(_ text: UnsafeRawBufferPointer, _ first: Int, _ last: Int) -> UnsafeRawBufferPointer? {
        guard first < fields.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: text[fields[first].lowerBound..<fields[min(last, fields.count - 1)].upperBound])
    }

    /// Adds the terms of one row; returns the run id of its names.
    private mutating func row(_ text: UnsafeRawBufferPointer, _ head: RowLayout.Head, doc: UInt32) throws -> Int {
        let plan = plans[head.family.index * 2 + (head.identityElided ? 1 : 0)]
        split(text, upTo: plan.lastField)
        var namesRun = -1
        if plan.name >= 0, let bytes = span(text, plan.name, plan.name + 1) {
            namesRun = try run(.names, bytes, family: head.family, plan: plan)
        } else {
            namesRun = try run(.names, UnsafeRawBufferPointer(start: nil, count: 0), family: head.family, plan: plan)
        }
        if let activity = plan.activity, let bytes = span(text, activity.lowerBound, activity.upperBound), !bytes.isEmpty {
            _ = try run(.activity, bytes, family: head.family, plan: plan)
        }
        if plan.card >= 0, plan.card < fields.count, !fields[plan.card].isEmpty {
            let bytes = UnsafeRawBufferPointer(rebasing: text[fields[plan.card]])
            if !sameBytes(bytes, lastUnique[0]) {
                lastUnique[0] = bytes
                SearchText.code(.card, bytes, into: &scratch)
                if !scratch.isEmpty { try occurrence(Owner.practitioner | doc) }
            }
        }
        if plan.mailbox >= 0, plan.mailbox < fields.count, !fields[plan.mailbox].isEmpty {
            let bytes = UnsafeRawBufferPointer(rebasing: text[fields[plan.mailbox]])
            if !sameBytes(bytes, lastUnique[1]) {
                lastUnique[1] = bytes
                SearchText.mailbox(bytes, into: &scratch)
                if !scratch.isEmpty { try occurrence(Owner.practitioner | doc) }
            }
        }
        return namesRun
    }

    /// Records `scratch` as an occurrence of `owner`.
    @inline(__always)
    private mutating func occurrence(_ owner: UInt32) throws {
        try scratch.withUnsafeBytes { (b) in try occurrences.append(b) }
        owners.append(owner)
    }

    /// Adds the terms of a run of `kind` (its bytes `bytes`) to `found`; returns its id.
    private mutating func run(_ kind: RunKind, _ bytes: UnsafeRawBufferPointer, family: Family, plan: Plan) throws -> Int {
        let k = Int(kind.rawValue)
        if lastRunID[k] >= 0, sameBytes(lastRun[k], bytes) { return lastRunID[k] }
        key.removeAll(keepingCapacity: true)
        key.append(kind.rawValue)
        key.append(contentsOf: bytes)
        var added = false
        let id = Int(try key.withUnsafeBytes { (b) in try runs.intern(b, added: &added) })
        if added {
            let mark = found.count
            var pair: UInt64 = 0
            switch kind {
            case .names: pair = try nameTerms(bytes)
            case .activity: try activityTerms(bytes, family: family, plan: plan)
            case .company, .place: break
            }
            runTerms.append(contentsOf: found[mark...])
            runStart.append(UInt32(runTerms.count))
            runNames.append(pair)
        } else {
            found.append(contentsOf: runTerms[Int(runStart[id])..<Int(runStart[id + 1])])
        }
        lastRun[k] = bytes
        lastRunID[k] = id
        return id
    }

    /// The terms of a run of names (`name|first name`); returns their name ids (for the ranks).
    private mutating func nameTerms(_ bytes: UnsafeRawBufferPointer) throws -> UInt64 {
        var bar = 0
        while bar < bytes.count, bytes[bar] != 0x7C { bar += 1 }
        let name = UnsafeRawBufferPointer(rebasing: bytes[..<bar])
        let first = bar < bytes.count ? UnsafeRawBufferPointer(rebasing: bytes[(bar + 1)...]) : UnsafeRawBufferPointer(start: nil, count: 0)
        words.removeAll(keepingCapacity: true)
        TextNormalizer.normalize(name, into: &words)
        let nameID = try words.withUnsafeBytes { (b) in try names.intern(b) }
        try internWords(.name)
        words.removeAll(keepingCapacity: true)
        TextNormalizer.normalize(first, into: &words)
        let firstID = try words.withUnsafeBytes { (b) in try names.intern(b) }
        try internWords(.name)
        try internWords(.firstName)
        return UInt64(nameID) << 32 | UInt64(firstID)
    }

    /// The terms of a run of activity columns (`plan.activityColumns`).
    private mutating func activityTerms(_ bytes: UnsafeRawBufferPointer, family: Family, plan: Plan) throws {
        var start = 0
        var n = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x7C {
            if i > start, let activity = plan.activity, n < activity.count {
                let value = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
                switch Self.activityField(family, plan.activityColumn + n) {
                case let .code(field)?: try code(field, value)
                case let .words(field)?: try addWords(field, value)
                case nil: break
                }
            }
            n += 1
            start = i + 1
        }
    }

    private enum Use {
        case code(SearchField)
        case words(SearchField)
    }

    /// What an activity column gives the index.
    private static func activityField(_ family: Family, _ column: Int) -> Use? {
        switch family {
        case .personneActivite:
            switch PersonneActiviteColumn(rawValue: column) {
            case .codeProfession: .code(.professionCode)
            case .libelleProfession: .words(.professionWord)
            case .codeSavoirFaire: .code(.specialtyCode)
            case .libelleSavoirFaire: .words(.specialtyWord)
            case .codeModeExercice: .code(.mode)
            default: nil
            }
        case .savoirFaire:
            switch SavoirFaireColumn(rawValue: column) {
            case .codeProfession: .code(.professionCode)
            case .libelleProfession: .words(.professionWord)
            case .codeSavoirFaire: .code(.specialtyCode)
            case .libelleSavoirFaire: .words(.specialtyWord)
            default: nil
            }
        case .cartes:
            switch CartesColumn(rawValue: column) {
            case .codeProfession: .code(.professionCode)
            case .libelleProfession: .words(.professionWord)
            default: nil
            }
        case .mssante:
            switch MSSanteColumn(rawValue: column) {
            case .codeProfession: .code(.professionCode)
            case .libelleProfession: .words(.professionWord)
            default: nil
            }
        case .diplomes: nil
        }
    }

    private mutating func addWords(_ field: SearchField, _ bytes: UnsafeRawBufferPointer) throws {
        words.removeAll(keepingCapacity: true)
        TextNormalizer.normalize(bytes, into: &words)
        try internWords(field)
    }

    /// Interns each word of `words` (normalized) as a term of `field`, into `found`.
    private mutating func internWords(_ field: SearchField) throws {
        var start = 0
        let n = words.count
        for i in 0...n where i == n || words[i] == 0x20 {
            if i > start {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(field.rawValue)
                scratch.append(contentsOf: words[start..<i])
                try intern()
            }
            start = i + 1
        }
    }

    /// Interns `scratch` as a common term, into `found`.
    @inline(__always)
    private mutating func intern() throws {
        found.append(try scratch.withUnsafeBytes { (b) in try terms.intern(b) })
    }

    private mutating func code(_ field: SearchField, _ bytes: UnsafeRawBufferPointer) throws {
        SearchText.code(field, bytes, into: &scratch)
        if !scratch.isEmpty { try intern() }
    }

    // MARK: structures

    /// Makes the terms of structure `id` (its text `text`, its 28 columns): identifiers as
    /// occurrences, company name and place as runs, the ORG mailbox entities its identifiers name;
    /// returns its local number.
    private mutating func addStructure(_ id: Int, _ text: UnsafeRawBufferPointer) throws -> UInt32 {
        let s = UInt32(structureIDs.count)
        guard s < Owner.structure else { throw SnapshotError.corrupt("more than 2^30 structures") }
        structureTable.insert(id, Int(s))
        structureIDs.append(id)
        let first = RowLayout.structureColumns.lowerBound
        split(text, upTo: RowLayout.structureColumns.count)
        guard fields.count <= RowLayout.structureColumns.count else { throw SnapshotError.corrupt("a structure has more than 28 values") }
        func value(_ column: PersonneActiviteColumn) -> UnsafeRawBufferPointer {
            let f = column.rawValue - first
            return f < fields.count ? UnsafeRawBufferPointer(rebasing: text[fields[f]]) : UnsafeRawBufferPointer(start: nil, count: 0)
        }
        // Identifiers: met once or nearly, as occurrences.
        for column in [
            PersonneActiviteColumn.numeroSiretSite, .numeroSirenSite, .numeroFinessSite, .numeroFinessEtablissementJuridique,
            .identifiantTechniqueStructure,
        ] {
            let bytes = value(column)
            guard !bytes.isEmpty else { continue }
            SearchText.code(.structureID, bytes, into: &scratch)
            if !scratch.isEmpty { try occurrence(Owner.structure | s) }
        }
        // ORG mailbox entities, named by the identifiers as `Practitioner` matches them.
        let mark = structureEntities.count
        for column in [
            PersonneActiviteColumn.numeroFinessSite, .numeroSiretSite, .identifiantTechniqueStructure, .ancienIdentifiantStructure,
        ] {
            let bytes = value(column)
            guard !bytes.isEmpty else { continue }
            var candidates = [bytes]
            if column == .identifiantTechniqueStructure || column == .ancienIdentifiantStructure {
                // Also without its first character (a prefix letter, a type digit).
                var drop = 1
                while drop < bytes.count, bytes[drop] & 0xC0 == 0x80 { drop += 1 }
                if drop < bytes.count { candidates.append(UnsafeRawBufferPointer(rebasing: bytes[drop...])) }
            }
            for candidate in candidates {
                if let e = organisations.entity(candidate), !structureEntities[mark...].contains(e) { structureEntities.append(e) }
            }
        }
        structureEntityStart.append(UInt32(structureEntities.count))
        // Company name and place: runs met before, mostly.
        let termMark = found.count
        if let company = span(
            text, PersonneActiviteColumn.raisonSocialeSite.rawValue - first, PersonneActiviteColumn.enseigneCommercialeSite.rawValue - first
        ), !company.isEmpty {
            try structureRun(.company, company)
        }
        // The place's key: cedex, postcode, commune code and name (one run of the text), then the department.
        let place =
            span(text, PersonneActiviteColumn.bureauCedex.rawValue - first, PersonneActiviteColumn.libelleCommune.rawValue - first)
            ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let department = value(.codeDepartementStructure)
        if !place.isEmpty || !department.isEmpty {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: place)
            scratch.append(0xFF)
            scratch.append(contentsOf: department)
            let placeKey = scratch
            try placeKey.withUnsafeBytes { (b) in try structureRun(.place, b) }
        }
        // The structure's terms, each once.
        found[termMark...].sort()
        var last: UInt32 = .max
        for term in found[termMark...] where term != last {
            structureTerms.append(term)
            last = term
        }
        structureTermStart.append(UInt32(structureTerms.count))
        found.removeSubrange(termMark...)
        return s
    }

    /// Adds the terms of a structure's run (company name and sign, or place) to `found`.
    private mutating func structureRun(_ kind: RunKind, _ bytes: UnsafeRawBufferPointer) throws {
        key.removeAll(keepingCapacity: true)
        key.append(kind.rawValue)
        key.append(contentsOf: bytes)
        var added = false
        let id = Int(try key.withUnsafeBytes { (b) in try runs.intern(b, added: &added) })
        guard added else {
            found.append(contentsOf: runTerms[Int(runStart[id])..<Int(runStart[id + 1])])
            return
        }
        let mark = found.count
        // Split the run again: its fields, in order.
        var values: [UnsafeRawBufferPointer] = []
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x7C || (kind == .place && bytes[i] == 0xFF) {
            values.append(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            start = i + 1
        }
        if kind == .company {
            for value in values where !value.isEmpty { try addWords(.structureWord, value) }
        } else {
            try placeTerms(values)
        }
        runTerms.append(contentsOf: found[mark...])
        runStart.append(UInt32(runTerms.count))
        runNames.append(0)
    }

    /// The terms of a place: `values` are the cedex, postcode, commune code, commune name (fewer
    /// when empty at the end) and last the department.
    private mutating func placeTerms(_ values: [UnsafeRawBufferPointer]) throws {
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        let department = values.last ?? none
        let columns = values.dropLast()
        func at(_ i: Int) -> UnsafeRawBufferPointer { i < columns.count ? columns[i] : none }
        let (cedex, postcode, communeCode, communeName) = (at(0), at(1), at(2), at(3))
        var normalizedPostcode: [UInt8] = []
        if !communeCode.isEmpty { try code(.communeCode, communeCode) }
        if !communeName.isEmpty { try addWords(.communeWord, communeName) }
        if !postcode.isEmpty {
            SearchText.code(.postcode, postcode, into: &scratch)
            if !scratch.isEmpty {
                normalizedPostcode = Array(scratch.dropFirst())
                try intern()
            }
        }
        if !cedex.isEmpty {
            words.removeAll(keepingCapacity: true)
            TextNormalizer.normalize(cedex, into: &words)
            let all = words.split(separator: 0x20)
            for (n, word) in all.enumerated() {
                let isPostcode = n == 0 && word.withUnsafeBytes { SearchText.isPostcode($0) }
                if isPostcode || !word.withUnsafeBytes({ SearchText.isCedexWord($0) }) {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(isPostcode ? SearchField.postcode.rawValue : SearchField.communeWord.rawValue)
                    scratch.append(contentsOf: word)
                    try intern()
                }
            }
        }
        if !department.isEmpty {
            try code(.department, department)
        } else if let d = SearchText.department(ofPostcode: normalizedPostcode) {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(SearchField.department.rawValue)
            scratch.append(contentsOf: d)
            try intern()
        }
    }
}

/// The ORG mailboxes of a snapshot, read once before the scans: each distinct `Identification
/// Structure` is an entity, with its mailboxes as occurrences; a structure names the entities of
/// its identifiers (`SearchScan`). Read-only once made, shared by the scans.
final class OrganisationMailboxes: @unchecked Sendable {
    // @unchecked Sendable: filled in `init`, only read after.
    private var identifiers = TermTable()
    /// Mailboxes (field byte `m`, normalized), each with its entity (`SearchScan.Owner.entity`).
    private(set) var occurrences = ByteArena()
    private(set) var owners: [UInt32] = []

    init(_ snapshot: Snapshot) throws {
        var record = RawRecord(key: PractitionerKey(rawValue: 0))
        var views: [RowView] = []
        var scratch: [UInt8] = []
        let column = MSSanteColumn.identificationStructure.rawValue
        for g in 0..<snapshot.orgKeys.count {
            try BlockCodec.rows(of: snapshot.orgRecords, block: try snapshot.groupRange(g), into: &views)
            record.rows.removeAll(keepingCapacity: true)
            record.values.removeAll(keepingCapacity: true)
            for view in views {
                guard view.family == .mssante, !view.head.identityElided else {
                    throw SnapshotError.corrupt("an ORG mailbox group holds a \(view.family.rawValue) row")
                }
                try record.append(view)
            }
            for row in record.rows {
                guard let identifier = record.value(row, column), !identifier.isEmpty,
                    let address = record.value(row, MSSanteColumn.adresseBAL.rawValue)
                else { continue }
                SearchText.mailbox(address, into: &scratch)
                guard !scratch.isEmpty else { continue }
                let entity = try identifiers.intern(identifier)
                try scratch.withUnsafeBytes { (b) in try occurrences.append(b) }
                owners.append(SearchScan.Owner.entity | entity)
            }
        }
    }

    /// The number of entities.
    var count: Int { identifiers.count }

    /// The entity whose `Identification Structure` is `identifier`, if any.
    @inline(__always)
    func entity(_ identifier: UnsafeRawBufferPointer) -> UInt32? { identifiers.find(identifier) }
}

/// A hash table from integers to integers (open addressing, linear probing, at most half full):
/// structure ids to their local number.
struct IntTable {
    private var keys: [Int]
    private var values: [UInt32]
    private(set) var count = 0

    init(capacity: Int = 1 << 15) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = [Int](repeating: -1, count: size)
        values = [UInt32](repeating: 0, count: size)
    }

    @inline(__always)
    private static func slot(_ key: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 24) & mask
    }

    /// The value of `key` (≥ 0), if present.
    @inline(__always)
    func find(_ key: Int) -> Int? {
        let mask = keys.count - 1
        var s = Self.slot(key, mask)
        while true {
            let k = keys[s]
            if k == key { return Int(values[s]) }
            if k < 0 { return nil }
            s = (s + 1) & mask
        }
    }

    /// Adds `key` (≥ 0, not present) with `value`.
    mutating func insert(_ key: Int, _ value: Int) {
        let mask = keys.count - 1
        var s = Self.slot(key, mask)
        while keys[s] >= 0 { s = (s + 1) & mask }
        keys[s] = key
        values[s] = UInt32(value)
        count += 1
        if count * 2 > keys.count { grow() }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [Int](repeating: -1, count: oldKeys.count * 2)
        values = [UInt32](repeating: 0, count: oldKeys.count * 2)
        count = 0
        for i in oldKeys.indices where oldKeys[i] >= 0 { insert(oldKeys[i], Int(oldValues[i])) }
    }
}
