import Testing

@testable import AnnuaireSynth

@Suite struct PowerLawTests {
    @Test func theFirstRanksAreCommonAndTheTailLong() {
        let law = PowerLaw(count: 1 << 16, exponent: 0.9, offset: 20)
        var r = Random(seed: 1, .wideNames, 0)
        var counts = [Int](repeating: 0, count: law.count)
        for _ in 0..<200_000 { counts[law.draw(&r)] += 1 }
        #expect(counts[0] > counts[100] && counts[100] > counts[10_000] / 2)
        #expect(counts[0] > 200 && counts[0] < 2_000)
        let seen = counts.filter { $0 > 0 }.count
        #expect(seen > law.count / 2)
        #expect(counts.filter { $0 == 1 }.count > 5_000)
    }

    @Test func drawsStayInRangeAndDependOnTheStreamAlone() {
        let law = PowerLaw(count: 10, exponent: 1.1, offset: 10)
        var a = Random(seed: 9, .wideNames, 3)
        var b = Random(seed: 9, .wideNames, 3)
        for _ in 0..<10_000 {
            let x = law.draw(&a)
            #expect((0..<10).contains(x))
            #expect(x == law.draw(&b))
        }
        #expect(law.cumulative[law.count - 1] == UInt32.max)
    }
}
