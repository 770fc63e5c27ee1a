import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// The index's parts on their own: posting lists, the term table's order, the term dictionary;
/// and the whole index damaged byte by byte.
@Suite struct SearchIndexTests {
    /// Ascending random ranks below `limit`.
    private func randomList(_ count: Int, below limit: Int, using rng: inout some RandomNumberGenerator) -> [UInt32] {
        var set = Set<UInt32>()
        while set.count < count { set.insert(UInt32.random(in: 0..<UInt32(limit), using: &rng)) }
        return set.sorted()
    }

    @Test func postingListsRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        let limit = 3_000_000
        let lengths = [1, 2, 6, 7, 127, 128, 129, 255, 256, 257, 4095, 4096, 4097, 40_000]
        var sink = ByteSink()
        var scratch = ByteSink()
        var placed: [(Int, [UInt32])] = []
        for length in lengths {
            // Sparse and dense lists, and one of consecutive ranks (width 0).
            for list in [
                randomList(length, below: limit, using: &rng), randomList(length, below: length * 3 / 2 + 1, using: &rng),
                (0..<UInt32(length)).map { $0 + 7 },
            ] {
                let offset = sink.count
                list.withUnsafeBufferPointer { SearchPostings.appendBlocks($0, to: &sink, scratch: &scratch) }
                placed.append((offset, list))
            }
        }
        let bytes = sink.bytes
        try bytes.withUnsafeBytes { (region: UnsafeRawBufferPointer) throws in
            for (offset, list) in placed {
                let posting = PostingList(count: list.count, offset: offset, region: region, limit: limit)
                #expect(try posting.ranks() == list)
                var cursor = PostingCursor(posting)
                for i in stride(from: 0, to: list.count, by: max(1, list.count / 50)) { #expect(try cursor.rank(at: i) == list[i]) }
                // Membership, asked in ascending order, of every rank and of the ranks between.
                var probe = PostingCursor(posting)
                var candidates = Set(list)
                for r in list.prefix(300) { candidates.insert(r &+ 1) }
                for r in candidates.sorted() where r < limit {
                    #expect(try probe.contains(r) == list.contains(r))
                }
                var after = PostingCursor(posting)
                for r in [0, list[0], list[list.count / 2], list[list.count - 1], UInt32(limit - 1)] {
                    #expect(try after.firstIndex(above: r) == list.firstIndex { $0 > r } ?? list.count)
                }
            }
        }
        // Inline lists.
        for length in 1...SearchPostings.inlineLimit {
            let list = randomList(length, below: limit, using: &rng)
            var inline = ByteSink()
            list.withUnsafeBufferPointer { SearchPostings.appendInline($0, to: &inline) }
            try inline.bytes.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
                #expect(SearchPostings.inlineBytes(bytes, count: length).count == bytes.count)
                #expect(try PostingList(count: length, inline: bytes, limit: limit).ranks() == list)
            }
        }
    }

    @Test func aDamagedPostingListIsReported() throws {
        var rng = SystemRandomNumberGenerator()
        let list = randomList(1000, below: 100_000, using: &rng)
        var sink = ByteSink()
        var scratch = ByteSink()
        list.withUnsafeBufferPointer { SearchPostings.appendBlocks($0, to: &sink, scratch: &scratch) }
        let good = sink.bytes
        for position in good.indices {
            var bytes = good
            bytes[position] ^= 0x10
            bytes.withUnsafeBytes { region in
                let posting = PostingList(count: list.count, offset: 0, region: region, limit: 100_000)
                #expect(snapshotError { _ = try posting.ranks() } != nil, "byte \(position)")
                var cursor = PostingCursor(posting)
                do {
                    // Whatever it reads must be true, or reported.
                    for r in list {
                        if try !cursor.contains(r) { Issue.record("byte \(position): rank \(r) lost") }
                    }
                } catch is SnapshotError {
                } catch { Issue.record("\(error)") }
            }
        }
    }

    @Test func termTableSortsAsBytes() throws {
        var rng = SystemRandomNumberGenerator()
        var table = TermTable()
        var strings: Set<[UInt8]> = [[], [0x61], [0x61, 0x00], [0x61, 0x00, 0x00]]
        let alphabet: [UInt8] = [0x00, 0x30, 0x31, 0x61, 0x62, 0x7A, 0xC3, 0xFF]
        while strings.count < 20_000 {
            let prefix = Array("mjean.dupont@".utf8.prefix(Int.random(in: 0...13, using: &rng)))
            let tail = (0..<Int.random(in: 0...20, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            strings.insert(prefix + tail)
        }
        let all = Array(strings)
        for s in all { _ = try s.withUnsafeBytes { try table.intern($0) } }
        for s in all { #expect(try s.withUnsafeBytes { try table.intern($0) } < UInt32(all.count)) }
        #expect(table.count == all.count)
        let sorted = table.sortedIDs().map { Array(table.bytes(Int($0))) }
        #expect(sorted == all.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func byteArenaTakesAnothersStringsInOrder() throws {
        var rng = SystemRandomNumberGenerator()
        func strings(_ n: Int) -> [[UInt8]] {
            (0..<n).map { _ in (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        }
        // Several 1 MiB chunks each, the first one's last chunk partly used.
        let (first, second, after) = (strings(9_000), strings(11_000), strings(100))
        var a = ByteArena()
        var b = ByteArena()
        for s in first { try s.withUnsafeBytes { _ = try a.append($0) } }
        for s in second { try s.withUnsafeBytes { _ = try b.append($0) } }
        try a.absorb(&b)
        #expect(b.count == 0)
        for s in after { try s.withUnsafeBytes { _ = try a.append($0) } }
        let all = first + second + after
        #expect(a.count == all.count)
        for (i, s) in all.enumerated() where Array(a.bytes(i)) != s {
            Issue.record("string \(i) differs after absorb")
            break
        }
    }

    @Test func farReaderReadsEveryStructureAsTheMappingDoes() throws {
        let dir = TemporaryDirectory()
        try ingest(synthesisedNight(in: dir), into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        let far = try #require(FarReader(snapshot))
        var views: [RowView] = []
        var read = 0
        for i in 0..<snapshot.count {
            try snapshot.rows(at: i, into: &views)
            for view in views {
                guard let id = view.structureID, let mapped = view.structure else { continue }
                let stored = try #require(far.structure(at: id))
                #expect(Array(stored.text) == Array(mapped))
                #expect(stored.check == SnapshotFormat.check(mapped))
                read += 1
            }
        }
        #expect(read > 1_000)
        #expect(far.structure(at: snapshot.records.count) == nil)
        #expect(far.structure(at: -1) == nil)
    }

    @Test func termDictionaryFindsEveryTermAndPrefix() throws {
        let dir = TemporaryDirectory()
        try ingest(synthesisedNight(in: dir), into: dir.snapshot)
        let snapshot = try Snapshot(path: dir.snapshot)
        let index = try #require(snapshot.searchIndex)
        // Every term, in order, through a scan from the start.
        var all: [[UInt8]] = []
        try index.forEachTerm(from: UnsafeRawBufferPointer(start: nil, count: 0)) { term, _ in
            all.append(Array(term))
            return true
        }
        #expect(all.count > 1000)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        for term in all.enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) {
            #expect(try index.exact(term) != nil)
            var beyond = term
            beyond.append(0x00)
            #expect(try index.exact(beyond) == nil)
            #expect(try index.lists(withPrefix: term).count == all.filter { $0.starts(with: term) }.count)
        }
        #expect(try index.exact([0x7B]) == nil)
        #expect(try index.exact([]) == nil)
    }
}

/// Every byte of the search index flipped in turn: each search answers as the intact index does,
/// or reports damage. Never a crash, never a wrong answer.
@Suite struct SearchDamageTests {
    @Test func everyFlippedByteOfTheIndexIsCaughtOrHarmless() throws {
        let dir = TemporaryDirectory()
        try ingest(fixtureFiles, into: dir.snapshot)
        let good = try Snapshot(path: dir.snapshot)
        let queries: [[SearchQuery.Criterion: String]] = [
            [.name: "durand"], [.name: "ma"], [.firstName: "jean"], [.profession: "10"], [.profession: "médecin"],
            [.specialty: "SM54"], [.commune: "belley"], [.postcode: "01"], [.department: "01"], [.structure: "750000010"],
            [.structure: "centre hospitalier"], [.mailbox: "secretariat@ch-belley.mssante.fr"], [.card: "0007654321"],
            [.mode: "L"], [.mode: "S", .postcode: "01"], [.name: "martin", .profession: "26"],
        ]
        func answers(_ snapshot: Snapshot) -> [String] {
            queries.map { values in
                do {
                    let results = try snapshot.search(SearchQuery(values))
                    let page = try results.page(after: nil, limit: 3)
                    let rest = page.next.map { try? results.page(after: $0, limit: 1000).keys.map(\.nationalID) } ?? []
                    return "\(results.total) \(page.keys.map(\.nationalID)) \(rest ?? ["damaged"])"
                } catch is SnapshotError {
                    return "damaged"
                } catch {
                    return "unexpected \(error)"
                }
            }
        }
        let expected = answers(good)
        #expect(!expected.contains("damaged"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)))
        var positions: [Int] = []
        for kind in [SnapshotFormat.Section.searchTerms, .searchPostings, .searchRanks] {
            positions += Array(try #require(good.header.section(kind.rawValue)).range)
        }
        #expect(positions.count > 100)
        let path = dir.path + "/damaged.annuaire"
        var caught = 0
        for position in positions {
            var damaged = bytes
            damaged[position] ^= 0x04
            FileManager.default.createFile(atPath: path, contents: Data(damaged))
            let snapshot = try Snapshot(path: path)
            for (got, want) in zip(answers(snapshot), expected) {
                if got == "damaged" {
                    caught += 1
                } else {
                    #expect(got == want, "byte \(position): wrong answer")
                }
            }
        }
        #expect(caught > 0)
    }
}
