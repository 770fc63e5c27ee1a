import Testing

@testable import AnnuaireParsing

/// `DistinctKeys` counts what a `Set` counts, across its compactions and unions.
@Suite struct DistinctKeysTests {
    @Test func countsLikeASetWhateverTheOrder() {
        var generator = SystemRandomNumberGenerator()
        for (size, range) in [(0, UInt64(10)), (10, 5), (200_000, 150_000), (300_000, UInt64.max)] {
            let keys = (0..<size).map { _ in UInt64.random(in: 0...range, using: &generator) }
            let first = DistinctKeys()
            let second = DistinctKeys()
            for (i, key) in keys.enumerated() { (i % 3 == 0 ? second : first).insert(key) }
            #expect(first.count == Set(keys.enumerated().filter { $0.offset % 3 != 0 }.map(\.element)).count)
            first.formUnion(second)
            #expect(first.count == Set(keys).count, "\(size) keys up to \(range)")
            first.insert(keys.first ?? 0)
            #expect(first.count == Set(keys + [keys.first ?? 0]).count)
        }
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
            keys.formUnion(other)
            #expect(keys.count == set.count)
            keys.insert(next + 10_000)
            set.insert(next + 10_000)
            #expect(keys.count == set.count)
        }
    }
}
