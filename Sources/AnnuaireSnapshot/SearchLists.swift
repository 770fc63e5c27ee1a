@_spi(Internals) import AnnuaireParsing

/// The scans of a search index build put together (`SearchIndexBuilder`), then written:
///
/// 1. names and common terms of the second scan renumbered into the first's tables, structures
///    into one numbering; practitioners ranked by (name, first name, national identifier);
/// 2. in rank order, each common term's own practitioners and each structure's practitioners
///    (ascending ranks, no sort), then each ORG mailbox entity's (the union of its structures');
/// 3. the posting lists: a common term's is its own practitioners and its structures'; the
///    occurrences (identifiers, cards, mailboxes) are sorted by their bytes on a second thread
///    during steps 2 and 3 (`OccurrenceGroups`), and equal ones make one term whose list is its
///    practitioners', structures' and entities' — the list of one structure or one entity
///    written once for all its terms;
/// 4. the terms in byte order, front-coded; the ranks.
final class SearchLists {
    let snapshot: Snapshot
    let box: SearchScanBox
    let organisations: OrganisationMailboxes
    /// Practitioners (positions in the key index) in rank order, and the rank of each.
    private(set) var order: [UInt32] = []
    private var rankOf: [UInt32] = []
    /// The number of structures (the scans' put together).
    private var structureCount = 0
    /// Per common term, its own practitioners: `own[ownStart[t] ..< ownStart[t + 1]]`, ascending.
    private var ownStart: [UInt32] = []
    private var own: [UInt32] = []
    /// Per structure, its practitioners, ascending.
    private var memberStart: [UInt32] = []
    private var members: [UInt32] = []
    /// Per common term, the structures that have it.
    private var holderStart: [UInt32] = []
    private var holders: [UInt32] = []
    /// Per ORG mailbox entity, its practitioners (those of its structures), ascending.
    private var entityStart: [UInt32] = []
    private var entityRanks: [UInt32] = []
    /// The occurrences, grouped on a thread of their own (`grouper`) from the merge on, while the
    /// lists are inverted and the common terms' postings written.
    private let occurrences = OccurrenceGroups()
    private var grouper: WorkerThread?

    init(_ first: SearchScanBox, _ second: SearchScanBox, organisations: OrganisationMailboxes, snapshot: Snapshot) throws {
        self.snapshot = snapshot
        box = first
        self.organisations = organisations
        try rank(first, second)
        snapshot.releasePages()
        BuildClock.mark("rank")
        try merge(first, second)
        try occurrences.take(&first.scan, rankOf: rankOf)
        let groups = occurrences
        grouper = WorkerThread.start { groups.make() }
        BuildClock.mark("merge")
        invert(first, second)
        BuildClock.mark("invert")
    }

    deinit { grouper?.join() }

    /// Sorts the practitioners by (normalized exercise name, first name, national identifier).
    private func rank(_ first: SearchScanBox, _ second: SearchScanBox) throws {
        let n = snapshot.count
        let middle = first.scan.range.count
        // Names: the second scan's into the first's table, then sorted.
        var nameMap = [UInt32](repeating: 0, count: second.scan.names.count)
        for id in 0..<second.scan.names.count { nameMap[id] = try first.scan.names.intern(second.scan.names.bytes(id)) }
        var namePlace = [UInt32](repeating: 0, count: first.scan.names.count)
        for (p, id) in first.scan.names.sortedIDs().enumerated() { namePlace[Int(id)] = UInt32(p) }
        var keys = [UInt64](repeating: 0, count: n)
        var values = [UInt32](repeating: 0, count: n)
        let (firstNames, firstFirstNames) = (first.scan.nameIDs, first.scan.firstNameIDs)
        let (secondNames, secondFirstNames) = (second.scan.nameIDs, second.scan.firstNameIDs)
        for scan in [first, second] {
            scan.scan.nameIDs = []
            scan.scan.firstNameIDs = []
        }
        for i in 0..<middle {
            keys[i] = UInt64(namePlace[Int(firstNames[i])]) << 32 | UInt64(namePlace[Int(firstFirstNames[i])])
            values[i] = UInt32(i)
        }
        for i in middle..<n {
            let name = nameMap[Int(secondNames[i - middle])]
            let firstName = nameMap[Int(secondFirstNames[i - middle])]
            keys[i] = UInt64(namePlace[Int(name)]) << 32 | UInt64(namePlace[Int(firstName)])
            values[i] = UInt32(i)
        }
        nameMap = []
        namePlace = []
        var spareKeys = [UInt64](repeating: 0, count: n)
        var spareValues = [UInt32](repeating: 0, count: n)
        RadixSort.sort(0..<n, keys: &keys, values: &values, spareKeys: &spareKeys, spareValues: &spareValues)
        spareKeys = []
        spareValues = []
        // Same name and first name: by national identifier, as text.
        var start = 0
        while start < n {
            var end = start + 1
            while end < n, keys[end] == keys[start] { end += 1 }
            if end - start > 1 {
                let tied = try values[start..<end].map { (try snapshot.key(at: Int($0)), $0) }
                values.replaceSubrange(start..<end, with: tied.sorted { SearchIndexBuilder.nationalIDOrder($0.0, $1.0) }.map(\.1))
            }
            start = end
        }
        order = values
        rankOf = [UInt32](repeating: 0, count: n)
        for (rank, i) in order.enumerated() { rankOf[Int(i)] = UInt32(rank) }
    }

    /// Renumbers the second scan's common terms, structures and occurrences into the first's.
    private func merge(_ first: SearchScanBox, _ second: SearchScanBox) throws {
        let middle = UInt32(first.scan.range.count)
        var termMap = [UInt32](repeating: 0, count: second.scan.terms.count)
        for id in 0..<second.scan.terms.count { termMap[id] = try first.scan.terms.intern(second.scan.terms.bytes(id)) }
        second.scan.terms = TermTable(capacity: 0)
        second.scan.names = TermTable(capacity: 0)
        var docTerms = second.scan.docTerms
        second.scan.docTerms = []
        for i in docTerms.indices { docTerms[i] = termMap[Int(docTerms[i])] }
        second.scan.docTerms = docTerms
        docTerms = []
        // Structures: the second scan's not met by the first are added to the first's.
        let count = second.scan.structureIDs.count
        var structureMap = [UInt32](repeating: 0, count: count)
        let ids = second.scan.structureIDs
        let terms = second.scan.structureTerms
        let termStart = second.scan.structureTermStart
        let entities = second.scan.structureEntities
        let entityStart = second.scan.structureEntityStart
        for s in 0..<count {
            if let known = first.scan.localStructure(ids[s]) {
                structureMap[s] = UInt32(known)
                continue
            }
            structureMap[s] = UInt32(first.scan.structureIDs.count)
            first.scan.addMergedStructure(
                ids[s], terms: terms[Int(termStart[s])..<Int(termStart[s + 1])].map { termMap[Int($0)] },
                entities: entities[Int(entityStart[s])..<Int(entityStart[s + 1])])
        }
        structureCount = first.scan.structureIDs.count
        first.scan.releaseStructureLookup()
        second.scan.releaseStructureLookup()
        second.scan.structureTerms = []
        second.scan.structureEntities = []
        var docStructures = second.scan.docStructures
        second.scan.docStructures = []
        for i in docStructures.indices { docStructures[i] = structureMap[Int(docStructures[i])] }
        second.scan.docStructures = docStructures
        docStructures = []
        // Occurrences: owners in one numbering (practitioners by their place in the key index).
        try first.scan.takeOccurrences(of: &second.scan) { owner in
            switch owner & SearchScan.Owner.mask {
            case SearchScan.Owner.structure: SearchScan.Owner.structure | structureMap[Int(owner & ~SearchScan.Owner.mask)]
            case SearchScan.Owner.practitioner: owner + middle
            default: owner
            }
        }
        try first.scan.appendOccurrences(organisations)
    }

    /// Fills the lists, visiting the practitioners in rank order: each comes out ascending.
    private func invert(_ first: SearchScanBox, _ second: SearchScanBox) {
        let middle = first.scan.range.count
        let termCount = first.scan.terms.count
        let (docTerms0, docTermStart0, docStructures0, docStructureStart0) =
            (first.scan.docTerms, first.scan.docTermStart, first.scan.docStructures, first.scan.docStructureStart)
        let (docTerms1, docTermStart1, docStructures1, docStructureStart1) =
            (second.scan.docTerms, second.scan.docTermStart, second.scan.docStructures, second.scan.docStructureStart)
        for scan in [first, second] {
            scan.scan.docTerms = []
            scan.scan.docTermStart = []
            scan.scan.docStructures = []
            scan.scan.docStructureStart = []
        }
        ownStart = Self.starts(termCount) { count in
            for t in docTerms0 { count[Int(t)] += 1 }
            for t in docTerms1 { count[Int(t)] += 1 }
        }
        memberStart = Self.starts(structureCount) { count in
            for s in docStructures0 { count[Int(s)] += 1 }
            for s in docStructures1 { count[Int(s)] += 1 }
        }
        own = [UInt32](repeating: 0, count: Int(ownStart[termCount]))
        members = [UInt32](repeating: 0, count: Int(memberStart[structureCount]))
        var ownFill = ownStart
        var memberFill = memberStart
        own.withUnsafeMutableBufferPointer { own in
            members.withUnsafeMutableBufferPointer { members in
                ownFill.withUnsafeMutableBufferPointer { ownFill in
                    memberFill.withUnsafeMutableBufferPointer { memberFill in
                        for (rank, i) in order.enumerated() {
                            let low = Int(i) < middle
                            let d = low ? Int(i) : Int(i) - middle
                            let (terms, termStart) = low ? (docTerms0, docTermStart0) : (docTerms1, docTermStart1)
                            for t in terms[Int(termStart[d])..<Int(termStart[d + 1])] {
                                own[Int(ownFill[Int(t)])] = UInt32(rank)
                                ownFill[Int(t)] += 1
                            }
                            let (structures, structureStart) =
                                low ? (docStructures0, docStructureStart0) : (docStructures1, docStructureStart1)
                            for s in structures[Int(structureStart[d])..<Int(structureStart[d + 1])] {
                                members[Int(memberFill[Int(s)])] = UInt32(rank)
                                memberFill[Int(s)] += 1
                            }
                        }
                    }
                }
            }
        }
        // Per common term, the structures that have it; per entity, its structures' practitioners.
        let structureTerms = first.scan.structureTerms
        let structureTermStart = first.scan.structureTermStart
        first.scan.structureTerms = []
        first.scan.structureTermStart = []
        (holderStart, holders) = Self.invert(structureTerms, structureTermStart, targets: termCount)
        let structureEntities = first.scan.structureEntities
        let structureEntityStart = first.scan.structureEntityStart
        first.scan.structureEntities = []
        first.scan.structureEntityStart = []
        let (entityStructureStart, entityStructures) = Self.invert(structureEntities, structureEntityStart, targets: organisations.count)
        var maker = ListMaker(practitioners: snapshot.count)
        entityStart = [0]
        for e in 0..<organisations.count {
            let structures = entityStructures[Int(entityStructureStart[e])..<Int(entityStructureStart[e + 1])]
            maker.withList([], structures, [], memberStart: memberStart, members: members, entityStart: [0], entityRanks: []) { ranks in
                entityRanks.append(contentsOf: ranks)
            }
            entityStart.append(UInt32(entityRanks.count))
        }
    }

    /// The sources of each target, from the targets of each source (`lists[start[s] ..< start[s + 1]]`).
    private static func invert(_ lists: [UInt32], _ start: [UInt32], targets: Int) -> ([UInt32], [UInt32]) {
        let starts = Self.starts(targets) { count in
            for t in lists { count[Int(t)] += 1 }
        }
        var sources = [UInt32](repeating: 0, count: Int(starts[targets]))
        var fill = starts
        for s in 0..<(start.count - 1) {
            for t in lists[Int(start[s])..<Int(start[s + 1])] {
                sources[Int(fill[Int(t)])] = UInt32(s)
                fill[Int(t)] += 1
            }
        }
        return (starts, sources)
    }

    /// Prefix sums of the counts `count` makes (n + 1 starts).
    private static func starts(_ n: Int, _ count: (inout [UInt32]) -> Void) -> [UInt32] {
        var counts = [UInt32](repeating: 0, count: n + 1)
        count(&counts)
        var sum: UInt32 = 0
        for i in 0...n {
            let c = counts[i]
            counts[i] = sum
            sum &+= c
        }
        return counts
    }

    // MARK: writing

    /// A term's list, as the terms section refers to it: its count, and its offset in the
    /// postings section (or in the inline lists' buffer when short).
    private struct Placed {
        var count: UInt32 = 0
        var offset: UInt32 = 0
    }

    /// Writes the postings, terms and ranks sections.
    func write(to writer: inout SectionWriter) throws {
        let common = box.scan.terms.sortedIDs()
        BuildClock.mark("sort terms")
        var placedCommon = [Placed](repeating: Placed(), count: common.count)
        var inline = ByteSink(capacity: 1 << 20)
        var placedGroups: [Placed] = []
        try writer.section(.searchPostings) { (out) throws in
            let writer = PostingWriter(practitioners: snapshot.count, structures: memberStart.count - 1, entities: organisations.count)
            for (p, t) in common.enumerated() {
                let t = Int(t)
                let ownRanks = own[Int(ownStart[t])..<Int(ownStart[t + 1])]
                let structures = holders[Int(holderStart[t])..<Int(holderStart[t + 1])]
                placedCommon[p] = try writer.place(
                    ownRanks, structures, [], lists: self, inline: &inline, out: &out)
            }
            BuildClock.mark("postings (common)")
            (own, ownStart, holders, holderStart) = ([], [], [], [])
            if let grouper {
                occurrences.help()
                grouper.join()
            } else {
                occurrences.make()
            }
            occurrences.finish()
            if let failure = occurrences.failure { throw failure }
            BuildClock.mark("occurrences grouped (waited for)")
            var ranks: [UInt32] = []
            var structures: [UInt32] = []
            var entities: [UInt32] = []
            placedGroups.reserveCapacity(occurrences.terms.count)
            let (groupStart, owners) = (occurrences.groupStart, occurrences.owners)
            for g in 0..<occurrences.terms.count {
                ranks.removeAll(keepingCapacity: true)
                structures.removeAll(keepingCapacity: true)
                entities.removeAll(keepingCapacity: true)
                for owner in owners[Int(groupStart[g])..<Int(groupStart[g + 1])] {
                    let number = owner & ~SearchScan.Owner.mask
                    switch owner & SearchScan.Owner.mask {
                    case SearchScan.Owner.practitioner: ranks.append(number)
                    case SearchScan.Owner.structure: structures.append(number)
                    default: entities.append(number)
                    }
                }
                if ranks.count > 1 { ranks.sort() }
                if structures.count > 1 { structures.sort() }
                if entities.count > 1 { entities.sort() }
                placedGroups.append(
                    try writer.place(
                        ranks[...], Self.distinct(&structures), Self.distinct(&entities), lists: self, inline: &inline, out: &out))
            }
            BuildClock.mark("postings (occurrences)")
        }
        members = []
        memberStart = []
        entityRanks = []
        entityStart = []
        occurrences.releaseOwners()
        let termCount = common.count + placedGroups.count
        try writer.section(.searchTerms) { (out) throws in
            try SearchTerms.appendHeader(count: termCount, to: &out)
            var dictionary = SearchTermWriter()
            func add(_ bytes: UnsafeRawBufferPointer, _ placed: Placed) throws {
                let count = Int(placed.count)
                if count <= SearchPostings.inlineLimit {
                    let rest = UnsafeRawBufferPointer(rebasing: inline.contents[Int(placed.offset)...])
                    try dictionary.append(bytes, count: count, inline: SearchPostings.inlineBytes(rest, count: count), to: &out)
                } else {
                    try dictionary.append(bytes, count: count, offset: Int(placed.offset), to: &out)
                }
            }
            // In byte order: the common terms' (sorted) and the occurrences' (sorted) between.
            var g = 0
            let groups = occurrences.terms.count
            for (p, t) in common.enumerated() {
                let bytes = box.scan.terms.bytes(Int(t))
                while g < groups, compareBytes(occurrences.terms.bytes(g), bytes) < 0 {
                    try add(occurrences.terms.bytes(g), placedGroups[g])
                    g += 1
                }
                try add(bytes, placedCommon[p])
            }
            while g < groups {
                try add(occurrences.terms.bytes(g), placedGroups[g])
                g += 1
            }
            try dictionary.finish(&out)
        }
        BuildClock.mark("terms")
        let n = snapshot.count
        try writer.section(.searchRanks) { (out) throws in
            try out.u64(UInt64(n))
            var chunk = ByteSink(capacity: 4 * SearchIndex.rankChunk)
            var r = 0
            while r < n {
                chunk.removeAll()
                for i in r..<min(n, r + SearchIndex.rankChunk) { chunk.u32(order[i]) }
                try out.u32(SnapshotFormat.check(chunk.contents))
                try out.bytes(chunk.contents)
                r += SearchIndex.rankChunk
            }
        }
    }

    /// `values` (sorted) without repeats.
    private static func distinct(_ values: inout [UInt32]) -> ArraySlice<UInt32> {
        var w = 0
        for r in 0..<values.count where r == 0 || values[r] != values[r - 1] {
            values[w] = values[r]
            w += 1
        }
        return values[..<w]
    }

    /// Writes lists, each once: the list of exactly one structure's practitioners, or one entity's,
    /// is written the first time a term has it and referred to after.
    private final class PostingWriter {
        var maker: ListMaker
        var sharedStructure: [UInt32]
        var sharedEntity: [UInt32]
        var scratch = ByteSink(capacity: 1 << 16)

        init(practitioners: Int, structures: Int, entities: Int) {
            maker = ListMaker(practitioners: practitioners)
            sharedStructure = [UInt32](repeating: 0, count: structures)
            sharedEntity = [UInt32](repeating: 0, count: entities)
        }

        func place(
            _ ranks: ArraySlice<UInt32>, _ structures: ArraySlice<UInt32>, _ entities: ArraySlice<UInt32>, lists: SearchLists,
            inline: inout ByteSink, out: inout SectionOutput
        ) throws -> Placed {
            if structures.isEmpty, entities.isEmpty, ranks.count <= SearchPostings.inlineLimit {
                // Ranks alone, few (most occurrences: a card, a mailbox): inline as they are.
                let placed = Placed(count: UInt32(ranks.count), offset: UInt32(inline.count))
                ranks.withUnsafeBufferPointer { SearchPostings.appendInline($0, to: &inline) }
                return placed
            }
            var shared: (structure: Bool, index: Int)?
            if ranks.isEmpty, structures.count + entities.count == 1 {
                if let s = structures.first {
                    let c = lists.memberStart[Int(s) + 1] - lists.memberStart[Int(s)]
                    if sharedStructure[Int(s)] > 0 { return Placed(count: c, offset: sharedStructure[Int(s)] - 1) }
                    shared = (true, Int(s))
                } else if let e = entities.first {
                    let c = lists.entityStart[Int(e) + 1] - lists.entityStart[Int(e)]
                    if sharedEntity[Int(e)] > 0 { return Placed(count: c, offset: sharedEntity[Int(e)] - 1) }
                    shared = (false, Int(e))
                }
            }
            var placed = Placed()
            try maker.withList(
                ranks, structures, entities, memberStart: lists.memberStart, members: lists.members, entityStart: lists.entityStart,
                entityRanks: lists.entityRanks
            ) { (list) throws in
                placed.count = UInt32(list.count)
                if list.count <= SearchPostings.inlineLimit {
                    placed.offset = UInt32(inline.count)
                    SearchPostings.appendInline(list, to: &inline)
                    return
                }
                var offset = 0
                out.write { sink, start in
                    offset = Int(start) + sink.count
                    SearchPostings.appendBlocks(list, to: &sink, scratch: &scratch)
                }
                try out.flushIfFull()
                guard offset < Int(UInt32.max) else { throw SnapshotError.corrupt("more than 4 GiB of search postings") }
                placed.offset = UInt32(offset)
            }
            if let shared, placed.count > UInt32(SearchPostings.inlineLimit) {
                if shared.structure {
                    sharedStructure[shared.index] = placed.offset + 1
                } else {
                    sharedEntity[shared.index] = placed.offset + 1
                }
            }
            return placed
        }
    }
}

/// Makes a list: ranks given, and the practitioners of structures and entities given, ascending,
/// each once (merged through a bitmap of every rank when they are many, else sorted).
struct ListMaker {
    let practitioners: Int
    private var bitmap: [UInt64]
    private var buffer: [UInt32] = []

    init(practitioners: Int) {
        self.practitioners = practitioners
        bitmap = [UInt64](repeating: 0, count: practitioners / 64 + 1)
    }

    mutating func withList(
        _ own: ArraySlice<UInt32>, _ structures: ArraySlice<UInt32>, _ entities: ArraySlice<UInt32>,
        memberStart: [UInt32], members: [UInt32], entityStart: [UInt32], entityRanks: [UInt32],
        _ body: (UnsafeBufferPointer<UInt32>) throws -> Void
    ) rethrows {
        func slice(_ s: UInt32) -> ArraySlice<UInt32> { members[Int(memberStart[Int(s)])..<Int(memberStart[Int(s) + 1])] }
        func entity(_ e: UInt32) -> ArraySlice<UInt32> { entityRanks[Int(entityStart[Int(e)])..<Int(entityStart[Int(e) + 1])] }
        let parts = (structures.isEmpty ? 0 : structures.count) + (entities.isEmpty ? 0 : entities.count) + (own.isEmpty ? 0 : 1)
        if parts <= 1 {
            if let s = structures.first { return try slice(s).withUnsafeBufferPointer(body) }
            if let e = entities.first { return try entity(e).withUnsafeBufferPointer(body) }
            return try own.withUnsafeBufferPointer(body)
        }
        var total = own.count
        for s in structures { total += slice(s).count }
        for e in entities { total += entity(e).count }
        buffer.removeAll(keepingCapacity: true)
        // A bitmap costs a pass over n / 64 words; sorting, some 20 ns an entry: the bitmap wins
        // from about n / 1,024 entries on.
        if total > practitioners / 1_024 {
            bitmap.withUnsafeMutableBufferPointer { bits in
                func set(_ ranks: ArraySlice<UInt32>) { for r in ranks { bits[Int(r) >> 6] |= 1 << UInt64(r & 63) } }
                set(own)
                for s in structures { set(slice(s)) }
                for e in entities { set(entity(e)) }
                for w in bits.indices where bits[w] != 0 {
                    var word = bits[w]
                    while word != 0 {
                        buffer.append(UInt32(w << 6 | word.trailingZeroBitCount))
                        word &= word - 1
                    }
                    bits[w] = 0
                }
            }
        } else {
            buffer.append(contentsOf: own)
            for s in structures { buffer.append(contentsOf: slice(s)) }
            for e in entities { buffer.append(contentsOf: entity(e)) }
            buffer.sort()
            var w = 0
            for r in 0..<buffer.count where r == 0 || buffer[r] != buffer[r - 1] {
                buffer[w] = buffer[r]
                w += 1
            }
            buffer.removeLast(buffer.count - w)
        }
        try buffer.withUnsafeBufferPointer(body)
    }
}
