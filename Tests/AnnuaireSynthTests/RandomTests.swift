import Testing

@testable import AnnuaireSynth

@Suite struct RandomTests {
    @Test(arguments: [1, 2, 1000, 4096, 5000])
    func permutationIsABijection(count: Int) {
        let p = Permutation(count: count, seed: 42)
        let size = 1 << Int(p.bits)
        #expect(size >= count)
        #expect(Set((0..<size).map { p($0) }).count == size)
        #expect((0..<size).allSatisfy { p($0) < UInt64(size) })
    }

    @Test func streamsAreReproducibleAndIndependent() {
        var a = Random(seed: 9, .identity, 5)
        var b = Random(seed: 9, .identity, 5)
        var c = Random(seed: 9, .activity, 5)
        var d = Random(seed: 9, .identity, 6)
        let x = (0..<8).map { _ in a.next() }
        #expect(x == (0..<8).map { _ in b.next() })
        #expect(x != (0..<8).map { _ in c.next() })
        #expect(x != (0..<8).map { _ in d.next() })
        #expect((0..<10_000).allSatisfy { _ in a.below(7) < 7 })
    }
}
