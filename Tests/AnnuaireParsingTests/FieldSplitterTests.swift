import Testing

@testable import AnnuaireParsing

@Suite struct FieldSplitterTests {
    /// Lines of every length around the 64-byte blocks, with separators, high bytes and NULs in
    /// random places: the SIMD, SWAR and scalar splitters must agree on everything.
    @Test func simdSwarAndScalarAgree() {
        var rng = SplitMix(seed: 7)
        let alphabet: [UInt8] = [0x7C, 0x7C, 0x7C, 0x41, 0x20, 0x22, 0xC3, 0xA9, 0x00, 0x0D, 0x39]
        for capacity in [3, 8, 80] {
            let simd = FieldSplitter(capacity: capacity)
            let reference = FieldSplitter(capacity: capacity)
            for length in Array(0...200) + [511, 512, 513, 4095] {
                for _ in 0..<4 {
                    let line = (0..<length).map { _ in rng.next() % 5 == 0 ? alphabet[Int(rng.next() % 11)] : UInt8(0x61 + rng.next() % 26) }
                    line.withUnsafeBytes { bytes in
                        for portable in [false, true] {
                            let a = simd.split(bytes, portable: portable)
                            let b = reference.splitScalar(bytes)
                            #expect(a == b, "length \(length) portable \(portable)")
                            let stored = min(a.fields, capacity)
                            #expect(Array(UnsafeBufferPointer(start: simd.ends, count: stored)) == Array(UnsafeBufferPointer(start: reference.ends, count: stored)))
                        }
                    }
                }
            }
        }
    }
}

/// A small deterministic generator for tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
