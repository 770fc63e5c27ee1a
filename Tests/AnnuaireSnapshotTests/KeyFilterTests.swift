import AnnuaireSynth
import Testing

@testable import AnnuaireSnapshot

/// `KeyFilter`: never "absent" for a key of the index, rarely "may contain" for another, and
/// not made from an index that fails a check (so that damage is reported by the index's search,
/// not taken for an absent key).
struct KeyFilterTests {
    /// The bytes of a key index section of `keys` (ascending), each key's offset its position;
    /// `check` gives each entry's check word. (`KeyIndexWriter` writes to a snapshot file and
    /// refuses keys out of order; these bytes may be wrong on purpose.)
    private func section(
        _ keys: [UInt64],
        check: (Int, UInt64, UInt64) -> UInt64 = { _, k, o in
            SnapshotFormat.entryCheck(k, o)
        }
    ) -> [UInt8] {
        let stride = KeyIndex.defaultStride
        var sink = ByteSink()
        sink.u64(UInt64(keys.count))
        sink.u32(UInt32(stride))
        sink.u32(0)
        for k in keys { sink.u64(k) }
        for (i, k) in keys.enumerated() {
            sink.u64(UInt64(i))
            sink.u64(check(i, k, UInt64(i)))
        }
        let summary = Swift.stride(from: 0, to: keys.count, by: stride).map { keys[$0] }
        for k in summary { sink.u64(k) }
        for i in Swift.stride(from: 0, to: summary.count, by: stride) { sink.u64(summary[i]) }
        return sink.bytes
    }

    private func randomKeys(_ n: Int, seed: UInt64) -> [UInt64] {
        var rng = SplitMix64(seed: seed)
        var set = Set<UInt64>()
        while set.count < n { set.insert(rng.next()) }
        return set.sorted()
    }

    @Test func everyKeyMayBeContainedAndFewOthersAre() throws {
        let keys = randomKeys(20_000, seed: 7)
        try section(keys).withUnsafeBytes { raw in
            let filter = try #require(KeyFilter(try KeyIndex(raw, name: "test index")))
            for k in keys { #expect(filter.mayContain(k)) }
            // 16 bits per key: about 1 in 16 other keys passes.
            var rng = SplitMix64(seed: 99)
            let known = Set(keys)
            let absent = (0..<100_000).map { _ in rng.next() }.filter { !known.contains($0) }
            let passed = absent.filter(filter.mayContain).count
            #expect(passed < absent.count / 8, "\(passed) of \(absent.count) absent keys passed the filter")
        }
    }

    /// Keys that are small numbers (identifiers rather than hashes) spread over the bitmap too.
    @Test func smallKeysSpreadAsWell() throws {
        let keys = (1...5_000).map { UInt64($0) * 3 }
        try section(keys).withUnsafeBytes { raw in
            let filter = try #require(KeyFilter(try KeyIndex(raw, name: "small index")))
            for k in keys { #expect(filter.mayContain(k)) }
            let turnedAway = keys.filter { !filter.mayContain($0 + 1) }.count
            #expect(turnedAway > 4_000)
        }
    }

    @Test func notMadeFromADamagedIndex() throws {
        let keys = randomKeys(1_000, seed: 3)
        // One entry's check word wrong.
        let damaged = section(keys) { i, k, o in i == 417 ? SnapshotFormat.entryCheck(k, o) ^ 1 : SnapshotFormat.entryCheck(k, o) }
        try damaged.withUnsafeBytes { raw in
            let index = try KeyIndex(raw, name: "damaged index")
            #expect(KeyFilter(index) == nil)
            // The search reports it.
            #expect(throws: SnapshotError.self) { _ = try index.position(of: keys[417]) }
        }
        // Keys out of order, every check word right.
        var shuffled = keys
        shuffled.swapAt(10, 11)
        try section(shuffled).withUnsafeBytes { raw in
            let index = try KeyIndex(raw, name: "unsorted index")
            #expect(KeyFilter(index) == nil)
        }
        // An empty index has no filter.
        try section([]).withUnsafeBytes { raw in
            let index = try KeyIndex(raw, name: "empty index")
            #expect(KeyFilter(index) == nil)
        }
    }
}
