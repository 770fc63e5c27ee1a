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
}
