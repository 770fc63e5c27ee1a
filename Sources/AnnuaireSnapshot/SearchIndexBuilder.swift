@_spi(Internals) import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// Builds the search index of a snapshot from its own sections (the practitioners' blocks and the
/// ORG mailboxes), so that every row it holds, read tonight or carried over, is indexed alike.
///
/// 1. Ranks: each practitioner's normalized exercise name and first name (of the identity row,
///    as `Practitioner` chooses it) are interned; practitioners are sorted once by (name, first
///    name, national identifier) and numbered in that order.
/// 2. Terms: practitioners are visited in rank order; each one's distinct terms are interned and
///    every (term, rank) pair is appended to an unnamed spill file (8 bytes a pair), so postings
///    never sit in memory all at once. Repeated values (labels, codes, names) and structures are
///    turned into terms once each (cached by a hash of their bytes and by structure id).
/// 3. Postings: terms are sorted; the pairs are scattered into their term's list a slice of terms
///    at a time (`bucketPostings` at most in memory), each list coming out in rank order, which is
///    the order of the spill.
struct SearchIndexBuilder: ~Copyable {
    let snapshot: Snapshot
    private var terms = TermTable()
    /// Per term id, its number of postings.
    private var counts: [UInt32] = []
    /// Term ids of values met before, by role and a hash of the bytes (the bytes kept in
    /// `cachedBytes` to rule out collisions): a range of `cached`.
    private var valueCache: [ValueKey: (bytes: Range<Int>, terms: Range<Int>)] = [:]
    private var cachedBytes: [UInt8] = []
    /// Per structure id, the start in `cached` of its terms (count first).
    private var structureCache: [Int: Int] = [:]
    private var cached: [UInt32] = []
    private var scratch: [UInt8] = []
    private var words: [UInt8] = []
    private var found: [UInt32] = []

    private struct ValueKey: Hashable {
        var role: UInt8
        var hash: UInt64
    }

    /// Postings held in memory at once by the scatter (4 bytes each).
    static let bucketPostings = 8 << 20

    init(snapshot: Snapshot) {
        self.snapshot = snapshot
    }

    /// Adds the search index to a snapshot being written: opens what `writer` wrote to `file` so
    /// far (its header written), appends the index's sections and writes the header again.
    /// `ANNUAIRE_NO_SEARCH_INDEX=1` leaves the index out (the snapshot then answers lookups
    /// only): for measuring what the index costs an ingest (`annuaire bench`).
    static func append(to writer: inout SectionWriter, file: AtomicFile, created: ExtractTime) throws {
        guard getenv("ANNUAIRE_NO_SEARCH_INDEX").map({ String(cString: $0) }) != "1" else { return }
        let written = try Snapshot(path: file.procPath)
        try write(written, to: &writer, directory: file.directory)
        try writer.finishHeader(created: created)
    }

    /// Builds the index of `snapshot` and writes its three sections with `writer`; `directory`
    /// holds the spill file.
    static func write(_ snapshot: Snapshot, to writer: inout SectionWriter, directory: String) throws {
        // Read in rank order, the blocks are all over the file: no read-ahead, no fault-around
        // (which would map 64 KiB per fault and hold hundreds of MB between two releases).
        snapshot.adviseRandomAccess()
        var builder = SearchIndexBuilder(snapshot: snapshot)
        let order = try builder.rankOrder()
        let pairs = try PairSpill(directory: directory)
        // Blocks are read in key order, the file's own: sequential reads, and pages given back
        // every 65,536 blocks keep the resident set small. Each list is put in rank order when
        // its postings are gathered (writeSections).
        var rankOf = [UInt32](repeating: 0, count: order.count)
        for (rank, index) in order.enumerated() { rankOf[Int(index)] = UInt32(rank) }
        for index in 0..<order.count {
            try builder.collect(index)
            let rank = UInt64(rankOf[index])
            for term in builder.found {
                builder.counts[Int(term)] += 1
                try pairs.append(UInt64(term) << 32 | rank)
            }
            if index % 65_536 == 65_535 { snapshot.releasePages() }
        }
        rankOf = []
        snapshot.releasePages()
        builder.valueCache = [:]
        builder.cachedBytes = []
        builder.structureCache = [:]
        builder.cached = []
        let all = try pairs.finish()
        try withExtendedLifetime(pairs) { try builder.writeSections(order: order, pairs: all, spill: pairs, to: &writer) }
    }

    // MARK: ranks

    /// Practitioner indexes (key order) in answer order: normalized exercise name, first name,
    /// national identifier.
    private mutating func rankOrder() throws -> [UInt32] {
        var names = TermTable()
        let n = snapshot.count
        var sortKeys: [(UInt64, UInt32)] = []
        sortKeys.reserveCapacity(n)
        var nameIDs = [UInt32](repeating: 0, count: n)
        var firstIDs = [UInt32](repeating: 0, count: n)
        for i in 0..<n {
            let (name, first) = try identityNames(i)
            scratch.removeAll(keepingCapacity: true)
            TextNormalizer.normalize(name, into: &scratch)
            nameIDs[i] = try scratch.withUnsafeBytes { try names.intern($0) }
            scratch.removeAll(keepingCapacity: true)
            TextNormalizer.normalize(first, into: &scratch)
            firstIDs[i] = try scratch.withUnsafeBytes { try names.intern($0) }
            if i % 65_536 == 65_535 { snapshot.releasePages() }
        }
        snapshot.releasePages()
        var position = [UInt32](repeating: 0, count: names.count)
        for (p, id) in names.sortedIDs().enumerated() { position[Int(id)] = UInt32(p) }
        for i in 0..<n {
            sortKeys.append((UInt64(position[Int(nameIDs[i])]) << 32 | UInt64(position[Int(firstIDs[i])]), UInt32(i)))
        }
        sortKeys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        // Same name and first name: by national identifier, as text.
        var order = sortKeys.map(\.1)
        var start = 0
        while start < n {
            var end = start + 1
            while end < n, sortKeys[end].0 == sortKeys[start].0 { end += 1 }
            if end - start > 1 {
                let keys = try order[start..<end].map { (try snapshot.key(at: Int($0)), $0) }
                order.replaceSubrange(start..<end, with: keys.sorted { Self.nationalIDOrder($0.0, $1.0) }.map(\.1))
            }
            start = end
        }
        return order
    }

    /// Whether `a`'s national identifier comes before `b`'s as text. Keys of one type whose
    /// identifiers have the same length (all RPPS, all ADELI) compare as their raw values, whose
    /// base-37 digits are the identifier's characters in order; other pairs compare as text.
    static func nationalIDOrder(_ a: PractitionerKey, _ b: PractitionerKey) -> Bool {
        func length(_ k: PractitionerKey) -> Int {
            var v = k.rawValue % 177_917_621_779_460_413  // 37^11, the type's place
            var n = 0
            while v > 0 { v /= 37; n += 1 }
            return n
        }
        if a.typeCode == b.typeCode, length(a) == length(b) { return a.rawValue < b.rawValue }
        return a.nationalID < b.nationalID
    }

    /// The exercise name and first name of practitioner `i`'s identity row: its first
    /// personne-activite row, else its first row (as `Practitioner.identity`).
    private func identityNames(_ i: Int) throws -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer) {
        let raw = try snapshot.rawRecord(at: i)
        guard let row = raw.rows.first(where: { $0.family == .personneActivite }) ?? raw.rows.first else {
            throw SnapshotError.corrupt("block \(i) has no rows")
        }
        let (nameColumn, firstColumn) = Self.nameColumns(row.family)
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        return (raw.value(row, nameColumn) ?? none, raw.value(row, firstColumn) ?? none)
    }

    static func nameColumns(_ family: Family) -> (Int, Int) {
        switch family {
        case .personneActivite: (PersonneActiviteColumn.nomExercice.rawValue, PersonneActiviteColumn.prenomExercice.rawValue)
        case .savoirFaire: (SavoirFaireColumn.nomExercice.rawValue, SavoirFaireColumn.prenomExercice.rawValue)
        case .diplomes: (DiplomesColumn.nomExercice.rawValue, DiplomesColumn.prenomExercice.rawValue)
        case .cartes: (CartesColumn.nomExercice.rawValue, CartesColumn.prenomExercice.rawValue)
        case .mssante: (MSSanteColumn.nomExercice.rawValue, MSSanteColumn.prenomExercice.rawValue)
        }
    }

    // MARK: terms

    /// What a column of a row gives the index.
    private enum Role: UInt64 {
        case lastName, firstName, professionCode, professionLabel, specialtyCode, specialtyLabel, mode, card, mailbox
    }

    private static func role(_ family: Family, _ column: Int) -> Role? {
        let (name, first) = nameColumns(family)
        if column == name { return .lastName }
        if column == first { return .firstName }
        switch family {
        case .personneActivite:
            switch PersonneActiviteColumn(rawValue: column) {
            case .codeProfession: return .professionCode
            case .libelleProfession: return .professionLabel
            case .codeSavoirFaire: return .specialtyCode
            case .libelleSavoirFaire: return .specialtyLabel
            case .codeModeExercice: return .mode
            default: return nil
            }
        case .savoirFaire:
            switch SavoirFaireColumn(rawValue: column) {
            case .codeProfession: return .professionCode
            case .libelleProfession: return .professionLabel
            case .codeSavoirFaire: return .specialtyCode
            case .libelleSavoirFaire: return .specialtyLabel
            default: return nil
            }
        case .cartes:
            switch CartesColumn(rawValue: column) {
            case .codeProfession: return .professionCode
            case .libelleProfession: return .professionLabel
            case .numeroCarte: return .card
            default: return nil
            }
        case .mssante:
            switch MSSanteColumn(rawValue: column) {
            case .codeProfession: return .professionCode
            case .libelleProfession: return .professionLabel
            case .adresseBAL: return .mailbox
            default: return nil
            }
        case .diplomes: return nil
        }
    }

    /// Per family and column, its role (precomputed for the hot path).
    private static let roles: [[Role?]] = Family.all.map { family in (0..<family.columns.count).map { role(family, $0) } }

    /// Sets `found` to the distinct term ids of practitioner `i`, ascending.
    private mutating func collect(_ i: Int) throws {
        found.removeAll(keepingCapacity: true)
        let raw = try snapshot.rawRecord(at: i)
        for row in raw.rows {
            let roles = Self.roles[row.family.index]
            for value in raw.values[row.range] where value.column < roles.count {
                if let role = roles[value.column] { try addValue(role, value.bytes) }
            }
            if let id = row.structureID {
                try addStructure(id, raw.values[row.range].filter { RowLayout.structureColumns.contains($0.column) })
            }
        }
        found.sort()
        var w = 0
        for r in 0..<found.count where r == 0 || found[r] != found[r - 1] {
            found[w] = found[r]
            w += 1
        }
        found.removeLast(found.count - w)
    }

    private mutating func addValue(_ role: Role, _ bytes: UnsafeRawBufferPointer) throws {
        // Card numbers and mailboxes are nearly all distinct: not worth remembering.
        let cacheable = role != .card && role != .mailbox
        let key = ValueKey(role: UInt8(role.rawValue), hash: fastHash(bytes))
        if cacheable, let hit = valueCache[key], cachedBytes[hit.bytes].withUnsafeBytes({ sameBytes($0, bytes) }) {
            found.append(contentsOf: cached[hit.terms])
            return
        }
        let start = found.count
        switch role {
        case .lastName: try addWords(.name, bytes)
        case .firstName:
            try addWords(.name, bytes)
            try addWords(.firstName, bytes)
        case .professionCode: try addCode(.professionCode, bytes)
        case .professionLabel: try addWords(.professionWord, bytes)
        case .specialtyCode: try addCode(.specialtyCode, bytes)
        case .specialtyLabel: try addWords(.specialtyWord, bytes)
        case .mode: try addCode(.mode, bytes)
        case .card: try addCode(.card, bytes)
        case .mailbox: try addMailbox(bytes)
        }
        if cacheable, valueCache[key] == nil {
            let byteStart = cachedBytes.count
            cachedBytes.append(contentsOf: bytes)
            valueCache[key] = (byteStart..<cachedBytes.count, cached.count..<(cached.count + found.count - start))
            cached.append(contentsOf: found[start...])
        }
    }

    private mutating func addWords(_ field: SearchField, _ bytes: UnsafeRawBufferPointer) throws {
        words.removeAll(keepingCapacity: true)
        TextNormalizer.normalize(bytes, into: &words)
        var start = 0
        for i in 0...words.count where i == words.count || words[i] == 0x20 {
            if i > start { try intern(field, words[start..<i]) }
            start = i + 1
        }
    }

    private mutating func intern(_ field: SearchField, _ text: ArraySlice<UInt8>) throws {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(field.rawValue)
        scratch.append(contentsOf: text)
        found.append(try scratch.withUnsafeBytes { try terms.intern($0) })
        if counts.count < terms.count { counts.append(0) }
    }

    private mutating func addCode(_ field: SearchField, _ bytes: UnsafeRawBufferPointer) throws {
        SearchText.code(field, bytes, into: &scratch)
        guard !scratch.isEmpty else { return }
        found.append(try scratch.withUnsafeBytes { try terms.intern($0) })
        if counts.count < terms.count { counts.append(0) }
    }

    private mutating func addMailbox(_ bytes: UnsafeRawBufferPointer) throws {
        SearchText.mailbox(bytes, into: &scratch)
        guard !scratch.isEmpty else { return }
        found.append(try scratch.withUnsafeBytes { try terms.intern($0) })
        if counts.count < terms.count { counts.append(0) }
    }

    /// Adds the terms of structure `id` (whose values are `values`), computed on its first use.
    private mutating func addStructure(_ id: Int, _ values: [RawRecord.Value]) throws {
        if let start = structureCache[id] {
            found.append(contentsOf: cached[(start + 1)..<(start + 1 + Int(cached[start]))])
            return
        }
        let first = found.count
        var postcode: [UInt8] = []
        var department = false
        var candidates: [String] = []
        for value in values {
            let bytes = value.bytes
            switch PersonneActiviteColumn(rawValue: value.column)! {
            case .numeroSiretSite, .numeroFinessSite:
                try addCode(.structureID, bytes)
                candidates.append(String(decoding: bytes, as: UTF8.self))
            case .numeroSirenSite, .numeroFinessEtablissementJuridique:
                try addCode(.structureID, bytes)
            case .identifiantTechniqueStructure, .ancienIdentifiantStructure:
                if value.column == PersonneActiviteColumn.identifiantTechniqueStructure.rawValue { try addCode(.structureID, bytes) }
                let text = String(decoding: bytes, as: UTF8.self)
                candidates += [text, String(text.dropFirst())]
            case .raisonSocialeSite, .enseigneCommercialeSite:
                try addWords(.structureWord, bytes)
            case .codeCommune:
                try addCode(.communeCode, bytes)
            case .libelleCommune:
                try addWords(.communeWord, bytes)
            case .codePostal:
                SearchText.code(.postcode, bytes, into: &scratch)
                if !scratch.isEmpty {
                    postcode = Array(scratch.dropFirst())
                    try intern(.postcode, postcode[...])
                }
            case .bureauCedex:
                words.removeAll(keepingCapacity: true)
                TextNormalizer.normalize(bytes, into: &words)
                let all = words.split(separator: 0x20)
                for (n, word) in all.enumerated() {
                    let isPostcode = n == 0 && word.withUnsafeBytes { SearchText.isPostcode($0) }
                    if isPostcode {
                        try intern(.postcode, word)
                    } else if !word.withUnsafeBytes({ SearchText.isCedexWord($0) }) {
                        try intern(.communeWord, word)
                    }
                }
            case .codeDepartementStructure:
                try addCode(.department, bytes)
                department = true
            default: break
            }
        }
        if !department, let d = SearchText.department(ofPostcode: postcode) { try intern(.department, d) }
        // ORG mailboxes, matched on the structure's identifiers as `Practitioner` matches them.
        var seen = Set<String>()
        for candidate in candidates where !candidate.isEmpty && seen.insert(candidate).inserted {
            for row in try snapshot.organisationMailboxes(structure: candidate) {
                try Array(row[MSSanteColumn.adresseBAL].utf8).withUnsafeBytes { try addMailbox($0) }
            }
        }
        structureCache[id] = cached.count
        cached.append(UInt32(found.count - first))
        cached.append(contentsOf: found[first...])
    }

    // MARK: sections

    private mutating func writeSections(
        order: [UInt32], pairs: UnsafeBufferPointer<UInt64>, spill: PairSpill, to writer: inout SectionWriter
    ) throws {
        var sorted = terms.sortedIDs()
        // Start of each term's list (in sorted order), and the end.
        var starts = [UInt32](repeating: 0, count: sorted.count + 1)
        var total: UInt64 = 0
        for (p, id) in sorted.enumerated() {
            starts[p] = UInt32(truncatingIfNeeded: total)
            total += UInt64(counts[Int(id)])
        }
        guard total < UInt64(UInt32.max) else { throw SnapshotError.corrupt("more than 4 G search postings") }
        starts[sorted.count] = UInt32(total)
        counts = []
        try writer.section(.searchTerms) { (out) throws in
            try out.u64(UInt64(sorted.count))
            var offset: UInt32 = 0
            for id in sorted {
                try out.u32(offset)
                offset += terms.withBytes(Int(id)) { UInt32($0.count) }
            }
            try out.u32(offset)
            for s in starts { try out.u32(s) }
            for id in sorted { try terms.withBytes(Int(id)) { try out.bytes($0) } }
        }
        // The terms' text is written: only their places in the order are needed now.
        var position = [UInt32](repeating: 0, count: terms.count)
        for (p, id) in sorted.enumerated() { position[Int(id)] = UInt32(p) }
        let termCount = sorted.count
        sorted = []
        terms = TermTable()
        try writer.section(.searchPostings) { (out) throws in
            var low = 0
            var buffer: [UInt32] = []
            var fill: [UInt32] = []
            while low < termCount {
                // Terms low..<high, their postings at most bucketPostings (or one term).
                var high = low + 1
                while high < termCount, Int(starts[high + 1] - starts[low]) <= Self.bucketPostings { high += 1 }
                let base = starts[low]
                buffer = []
                buffer = [UInt32](repeating: 0, count: Int(starts[high] - base))
                fill = Array(starts[low..<high])
                var chunk = 0
                while chunk < pairs.count {
                    let end = min(chunk + (1 << 22), pairs.count)
                    for pair in pairs[chunk..<end] {
                        let p = Int(position[Int(pair >> 32)])
                        guard p >= low, p < high else { continue }
                        buffer[Int(fill[p - low] - base)] = UInt32(truncatingIfNeeded: pair)
                        fill[p - low] += 1
                    }
                    spill.releasePages()
                    chunk = end
                }
                // The pairs came in key order: each term's list is sorted into rank order.
                buffer.withUnsafeMutableBufferPointer { all in
                    for p in low..<high {
                        let from = Int(starts[p] - base)
                        let to = Int(starts[p + 1] - base)
                        if to - from > 1 { all[from..<to].sort() }
                    }
                }
                try buffer.withUnsafeBytes { try out.bytes($0) }
                low = high
            }
        }
        try writer.section(.searchRanks) { (out) throws in
            try out.u64(UInt64(order.count))
            for index in order { try out.u64(try snapshot.key(at: Int(index)).rawValue) }
        }
    }
}

/// (term, rank) pairs appended to an unnamed file, then mapped for reading.
final class PairSpill {
    private let file: SystemFile
    private var buffer: [UInt64] = []
    private var written = 0
    private var mapping: MappedFile?
    private let directory: String

    init(directory: String) throws(SnapshotError) {
        self.directory = directory
        do { file = try SystemFile.unnamed(in: directory, stem: "pairs") } catch {
            throw .writeFailed(path: directory, errno: error.rawValue, during: "creating the search spill file")
        }
        buffer.reserveCapacity(1 << 17)
    }

    func append(_ pair: UInt64) throws(SnapshotError) {
        buffer.append(pair)
        if buffer.count == 1 << 17 { try flush() }
    }

    private func flush() throws(SnapshotError) {
        let result = buffer.withUnsafeBytes { bytes in Result { () throws(Errno) in try file.write(bytes) } }
        if case let .failure(error) = result {
            throw .writeFailed(path: directory, errno: error.rawValue, during: "spilling search terms")
        }
        written += buffer.count * 8
        buffer.removeAll(keepingCapacity: true)
    }

    /// Drops the mapping's resident pages (they stay in the page cache).
    func releasePages() { mapping?.releasePages() }

    /// Every pair appended, in order, mapped.
    func finish() throws(SnapshotError) -> UnsafeBufferPointer<UInt64> {
        try flush()
        guard written > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        let mapping = try MappedFile(descriptor: file.descriptor, length: written, path: "\(directory) (search spill)")
        self.mapping = mapping
        // safe: mmap returns page-aligned memory, and `written` is a multiple of 8.
        return mapping.bytes.bindMemory(to: UInt64.self)
    }
}
