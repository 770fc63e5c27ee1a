import Testing

@testable import AnnuaireParsing

/// `DistinctKeys` counts what a `Set` counts, across its compactions and unions.
@Suite struct DistinctKeysTests {
    @Test func countsLikeASetWhateverTheOrder() {
        var generator = SystemRandomNumberGenerator()
        for (size, range) in [(0, UInt64(10)), (10, 5), (200_000, 150_000), (300_000, UInt64.max)] {
            let keys = (0..<size).map { _ in UInt64.random(in: 0...range, using: &generator) }
            let sets = (0..<3).map { _ in DistinctKeys() }
            for (i, key) in keys.enumerated() { sets[i % 3].insert(key) }
            #expect(sets[0].count == Set(keys.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)).count)
            #expect(sets[1].sortedKeys == Set(keys.enumerated().filter { $0.offset % 3 == 1 }.map(\.element)).sorted())
            #expect(DistinctKeys.countUnion(sets.map(\.sortedKeys)) == Set(keys).count, "\(size) keys up to \(range)")
            #expect(
                DistinctKeys.countUnion(Array(sets.map(\.sortedKeys).prefix(2)))
                    == Set(keys.enumerated().filter { $0.offset % 3 != 2 }.map(\.element)).count)
            sets[0].insert(keys.first ?? 0)
            #expect(sets[0].count == Set(keys.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) + [keys.first ?? 0]).count)
        }
        #expect(DistinctKeys.countUnion([]) == 0)
    }

    /// Keys in increasing order (kept compact as they come) mixed with runs out of order, repeats
    /// and unions: the count stays a set's.
    @Test func sortedRunsAndStragglers() {
        var generator = SystemRandomNumberGenerator()
        for straggle in [0, 1, 7, 1000] {
            let keys = DistinctKeys()
            var set = Set<UInt64>()
            var next: UInt64 = 1
            for i in 0..<300_000 {
                next += UInt64.random(in: 0...3, using: &generator)
                let key = straggle > 0 && i % straggle == 0 ? UInt64.random(in: 0...next, using: &generator) : next
                keys.insert(key)
                set.insert(key)
                if i % 100_000 == 0 { #expect(keys.count == set.count) }
            }
            #expect(keys.count == set.count, "straggler every \(straggle)")
            let other = DistinctKeys()
            for key in stride(from: next / 2, to: next + 5000, by: 3) {
                other.insert(key)
                set.insert(key)
            }
            #expect(DistinctKeys.countUnion([keys.sortedKeys, other.sortedKeys]) == set.count)
            keys.insert(next + 10_000)
            set.insert(next + 10_000)
            #expect(DistinctKeys.countUnion([keys.sortedKeys, other.sortedKeys]) == set.count)
        }
    }
}
