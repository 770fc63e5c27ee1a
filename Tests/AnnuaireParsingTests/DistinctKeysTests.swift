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
}
