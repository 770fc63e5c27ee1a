/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator used to seed and to hash indices into
/// independent streams. Every value the synthesizer makes derives from `(seed, stream, index)`
/// through it, so any row can be generated without generating the ones before it. Public for the
/// tests and benchmarks that need a seeded generator.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    /// A generator whose sequence is fixed by `seed` (the same seed, the same numbers).
    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A well-mixed 64-bit value of three inputs (seed, stream tag, index).
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        var s = SplitMix64(seed: a)
        s.state ^= s.next() ^ b
        s.state ^= s.next() ^ c
        return s.next()
    }
}

/// The independent random streams of the synthesizer: each entity (a practitioner's identity, one
/// of its activities, a structure, a row of a family) draws from its own stream.
enum Stream: UInt64 {
    case identity = 1, activity, structure, savoirFaire, diplomes, cartes, mssante, organisation, names
    /// The wide set's own draws, apart from the standard ones so that those stay as they are.
    case wideNames, wideIdentity, wideStructure
}

/// xoshiro256** (Blackman, Vigna 2018): the generator that draws the values of one entity.
struct Random {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// The stream of `index` in `stream`, for the run's `seed`.
    @inline(__always)
    init(seed: UInt64, _ stream: Stream, _ index: Int) {
        var s = SplitMix64(seed: SplitMix64.mix(seed, stream.rawValue, UInt64(truncatingIfNeeded: index)))
        s0 = s.next()
        s1 = s.next()
        s2 = s.next()
        s3 = s.next()
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// Uniform in `0..<n` (`n` > 0) by a 64×64→128 multiply; the bias is below 2⁻⁴⁰ for the
    /// small ranges used here.
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// True with probability `perMille`/1000.
    @inline(__always)
    mutating func chance(_ perMille: Int) -> Bool { below(1000) < perMille }

    /// `count` uniform decimal digits as a number (`count` ≤ 18).
    @inline(__always)
    mutating func digits(_ count: Int) -> UInt64 { UInt64(below(Int(powerOfTen(count)))) }
}

@inline(__always)
private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// 10ⁿ for `n` in 0...19.
@inline(__always)
func powerOfTen(_ n: Int) -> UInt64 {
    var p: UInt64 = 1
    for _ in 0..<n { p &*= 10 }
    return p
}

/// A bijection of `0..<2^bits` (an odd multiply, an xor-shift, an odd multiply, modulo 2^bits):
/// spreads consecutive indices over the range without collisions.
struct Permutation {
    let bits: UInt64
    let mask: UInt64
    let a: UInt64
    let b: UInt64
    let c: UInt64

    /// The smallest power-of-two domain holding `count` values, keyed by `seed`.
    init(count: Int, seed: UInt64) {
        var bits: UInt64 = 1
        while (UInt64(1) << bits) < UInt64(max(count, 2)) { bits += 1 }
        self.bits = bits
        mask = (UInt64(1) << bits) &- 1
        var s = SplitMix64(seed: seed ^ 0x5EED_0F_1A3E)
        a = s.next() | 1
        b = s.next() | 1
        c = s.next()
    }

    @inline(__always)
    func callAsFunction(_ x: Int) -> UInt64 {
        var v = (UInt64(truncatingIfNeeded: x) &* a &+ c) & mask
        v ^= v >> ((bits + 1) / 2)
        return (v &* b) & mask
    }
}
