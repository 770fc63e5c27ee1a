import AnnuaireParsing

extension Snapshot {
    /// Every practitioner matching `query`, in answer order (normalized exercise name, first
    /// name, national identifier), with the exact total. Each criterion is a posting list of the
    /// mapped index (or the union of a few, for a prefix); criteria are intersected smallest
    /// first. Nothing is decoded but the terms compared: keys come from the rank array.
    public func search(_ query: SearchQuery) throws -> SearchResults {
        guard let index = searchIndex else { throw SearchError.noIndex(path: path) }
        if let damage = index.damage { throw SnapshotError.corrupt(damage) }
        var lists: [RankList] = []
        for criterion in SearchQuery.Criterion.allCases {
            guard let value = query[criterion] else { continue }
            let list = try Self.evaluate(criterion, value, in: index)
            if list.count == 0 { return SearchResults(snapshot: self, index: index, ranks: .owned([])) }
            lists.append(list)
        }
        return SearchResults(snapshot: self, index: index, ranks: try RankList.intersection(lists))
    }

    /// Bytes of the search index's sections (0 without one).
    public var searchIndexBytes: Int {
        [SnapshotFormat.Section.searchTerms, .searchPostings, .searchRanks].reduce(0) { $0 + sectionLength($1) }
    }

    /// Whether this snapshot has a search index.
    public var hasSearchIndex: Bool { searchIndex != nil }

    /// What ties a cursor to this snapshot: its creation time and size.
    var searchTag: UInt32 {
        UInt32(truncatingIfNeeded: UInt64(bitPattern: createdAt.secondsSince1970) &* 0x9E37_79B9 ^ UInt64(count))
    }

    static func evaluate(_ criterion: SearchQuery.Criterion, _ value: String, in index: SearchIndex) throws -> RankList {
        switch criterion {
        case .name: return try words(.name, value, index)
        case .firstName: return try words(.firstName, value, index)
        case .profession: return try codeOrWords(.professionCode, .professionWord, value, index)
        case .specialty: return try codeOrWords(.specialtyCode, .specialtyWord, value, index)
        case .commune: return try codeOrWords(.communeCode, .communeWord, value, index)
        case .structure: return try codeOrWords(.structureID, .structureWord, value, index)
        case .postcode:
            let compact = TextNormalizer.normalize(value).utf8.filter { $0 != 0x20 }
            return try prefix(.postcode, compact, index)
        case .department: return try exact(code(.department, value), index)
        case .card: return try exact(code(.card, value), index)
        case .mode: return try exact(code(.mode, value), index)
        case .mailbox:
            var key: [UInt8] = []
            Array(value.utf8).withUnsafeBytes { SearchText.mailbox($0, into: &key) }
            return try exact(key, index)
        }
    }

    private static func code(_ field: SearchField, _ value: String) -> [UInt8] {
        var key: [UInt8] = []
        Array(value.utf8).withUnsafeBytes { SearchText.code(field, $0, into: &key) }
        return key
    }

    private static func exact(_ key: [UInt8], _ index: SearchIndex) throws -> RankList {
        guard !key.isEmpty, let list = try index.exact(key) else { return .owned([]) }
        return .packed(list)
    }

    /// The union of the lists of the terms of `field` that start with `text`.
    private static func prefix(_ field: SearchField, _ text: [UInt8], _ index: SearchIndex) throws -> RankList {
        try RankList.union(index.lists(withPrefix: [field.rawValue] + text).map { .packed($0) })
    }

    /// Every word a prefix of a word of `field`.
    private static func words(_ field: SearchField, _ value: String, _ index: SearchIndex) throws -> RankList {
        let lists = try TextNormalizer.words(value).map { try prefix(field, Array($0.utf8), index) }
        return try RankList.intersection(lists)
    }

    /// The value as a whole code of `codeField`, or as words of `wordField`.
    private static func codeOrWords(_ codeField: SearchField, _ wordField: SearchField, _ value: String, _ index: SearchIndex) throws
        -> RankList
    {
        try RankList.union([exact(code(codeField, value), index), words(wordField, value, index)])
    }

    /// The key of the practitioner ranked `rank`: its place from the index, its key from the key
    /// index (both checked).
    func key(rank: UInt32, in index: SearchIndex) throws(SnapshotError) -> PractitionerKey {
        PractitionerKey(rawValue: try keys.entry(try index.position(rank: rank)).key)
    }
}

/// The matches of a search: practitioner keys in answer order, with their exact total, read
/// lazily from the index (a key is looked up when it is reached).
public struct SearchResults: Sequence, @unchecked Sendable {
    // @unchecked Sendable: the ranks are either an array or a list read in place from the
    // snapshot's read-only mapping, which `snapshot` keeps alive.
    let snapshot: Snapshot
    let index: SearchIndex
    let ranks: RankList

    /// How many practitioners match, exactly.
    public var total: Int { ranks.count }

    /// The keys from the first match on; iteration stops early only on a damaged index (which
    /// `page` reports as an error).
    public func makeIterator() -> AnyIterator<PractitionerKey> {
        var reader = ranks.reader()
        var i = 0
        return AnyIterator {
            guard i < ranks.count, let rank = try? reader.rank(at: i), let key = try? snapshot.key(rank: rank, in: index) else {
                return nil
            }
            i += 1
            return key
        }
    }

    /// The `limit` matches that follow `cursor` (from the first with nil), and the cursor of the
    /// page after them (nil when this page reaches the end).
    public func page(after cursor: SearchCursor?, limit: Int = 20) throws -> SearchPage {
        var start = 0
        var reader = ranks.reader()
        if let cursor {
            guard cursor.tag == snapshot.searchTag else { throw SearchError.staleCursor(cursor.description) }
            start = try reader.firstIndex(above: cursor.rank)
        }
        return try page(from: start, limit: limit, reader: &reader)
    }

    /// The `limit` matches from the `offset`-th (0 is the first).
    public func page(offset: Int, limit: Int = 20) throws -> SearchPage {
        guard offset >= 0 else { throw SearchError.offset(offset) }
        var reader = ranks.reader()
        return try page(from: Swift.min(offset, ranks.count), limit: limit, reader: &reader)
    }

    private func page(from start: Int, limit: Int, reader: inout RankList.Reader) throws -> SearchPage {
        guard limit >= 1, limit <= SearchError.maximumLimit else { throw SearchError.limit(limit) }
        let end = Swift.min(ranks.count, start + limit)
        var keys: [PractitionerKey] = []
        keys.reserveCapacity(end - start)
        var last: UInt32 = 0
        for i in start..<end {
            last = try reader.rank(at: i)
            keys.append(try snapshot.key(rank: last, in: index))
        }
        let next = end < ranks.count && end > start ? SearchCursor(rank: last, tag: snapshot.searchTag) : nil
        return SearchPage(keys: keys, next: next, total: ranks.count, offset: start)
    }
}

/// One page of a search's matches.
public struct SearchPage: Sendable, Equatable {
    /// The practitioners of the page, in answer order.
    public let keys: [PractitionerKey]
    /// What to ask for the next page with; nil when this is the last.
    public let next: SearchCursor?
    /// How many practitioners match in all.
    public let total: Int
    /// The place of the page's first practitioner among all matches (0 is the first).
    public let offset: Int
}

/// A sorted list of practitioner ranks: a term's posting list in place, or computed.
enum RankList {
    case packed(PostingList)
    case owned([UInt32])

    var count: Int {
        switch self {
        case let .packed(list): list.count
        case let .owned(a): a.count
        }
    }

    /// Every rank, decoded.
    func array() throws(SnapshotError) -> [UInt32] {
        switch self {
        case let .packed(list): try list.ranks()
        case let .owned(a): a
        }
    }

    /// Reads ranks by position, a block at a time.
    struct Reader {
        fileprivate var cursor: PostingCursor?
        fileprivate let owned: [UInt32]

        /// The rank at position `i` (0..<count).
        mutating func rank(at i: Int) throws(SnapshotError) -> UInt32 {
            if cursor != nil { return try cursor!.rank(at: i) }
            return owned[i]
        }

        /// The position of the first rank above `rank`.
        mutating func firstIndex(above rank: UInt32) throws(SnapshotError) -> Int {
            if cursor != nil { return try cursor!.firstIndex(above: rank) }
            var low = 0
            var high = owned.count
            while low < high {
                let mid = (low + high) / 2
                if owned[mid] <= rank { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    func reader() -> Reader {
        switch self {
        case let .packed(list): Reader(cursor: PostingCursor(list), owned: [])
        case let .owned(a): Reader(cursor: nil, owned: a)
        }
    }

    /// The ranks in any of `lists`, once each: merged two at a time, smallest first (each
    /// merge is linear, and keeps the order).
    static func union(_ lists: [RankList]) throws(SnapshotError) -> RankList {
        let nonEmpty = lists.filter { $0.count > 0 }
        if nonEmpty.count <= 1 { return nonEmpty.first ?? .owned([]) }
        var pending: [[UInt32]] = []
        for list in nonEmpty { pending.append(try list.array()) }
        pending.sort { $0.count < $1.count }
        while pending.count > 1 {
            let a = pending.removeFirst()
            let b = pending.removeFirst()
            let merged = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in merge(x, y) } }
            let at = pending.firstIndex { $0.count >= merged.count } ?? pending.count
            pending.insert(merged, at: at)
        }
        return .owned(pending[0])
    }

    /// The sorted union of two sorted lists, each rank once.
    private static func merge(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: x.count + y.count) { out, written in
            var i = 0
            var j = 0
            var w = 0
            // safe: w ≤ i + j < x.count + y.count, the capacity, at every write.
            while i < x.count, j < y.count {
                let a = x[i], b = y[j]
                out[w] = a <= b ? a : b
                w += 1
                if a <= b { i += 1 }
                if b <= a { j += 1 }
            }
            while i < x.count { out[w] = x[i]; w += 1; i += 1 }
            while j < y.count { out[w] = y[j]; w += 1; j += 1 }
            written = w
        }
    }

    /// The ranks in every one of `lists`: the smallest list's ranks looked up in the others by
    /// galloping search (each lookup starts where the previous one ended; in a list in place,
    /// over its skip table, then in one block).
    static func intersection(_ lists: [RankList]) throws(SnapshotError) -> RankList {
        guard !lists.isEmpty else { return .owned([]) }
        let sorted = lists.sorted { $0.count < $1.count }
        if sorted.count == 1 { return sorted[0] }
        var result = try sorted[0].array()
        for other in sorted.dropFirst() {
            if result.isEmpty { break }
            var w = 0
            switch other {
            case let .owned(a):
                a.withUnsafeBufferPointer { b in
                    var from = 0
                    for rank in result {
                        from = gallop(b, rank, from: from)
                        if from == b.count { break }
                        if b[from] == rank {
                            result[w] = rank
                            w += 1
                        }
                    }
                }
            case let .packed(list):
                var cursor = PostingCursor(list)
                for rank in result {
                    if try cursor.contains(rank) {
                        result[w] = rank
                        w += 1
                    }
                }
            }
            result.removeLast(result.count - w)
        }
        return .owned(result)
    }

    /// The first position at or after `from` whose rank is not below `rank`.
    static func gallop(_ b: UnsafeBufferPointer<UInt32>, _ rank: UInt32, from: Int) -> Int {
        var low = from
        var step = 1
        var high = from
        while high < b.count, b[high] < rank {
            low = high + 1
            high += step
            step <<= 1
        }
        high = min(high, b.count)
        while low < high {
            let mid = (low + high) / 2
            if b[mid] < rank { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
