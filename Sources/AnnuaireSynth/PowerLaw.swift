#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A skewed draw among ranks `0..<count`: rank `r` weighs `(r + offset)^-exponent`, so the first
/// ranks are very common and most of the others form a long tail, as names are in a population
/// (Zipf's law with a flattened head). The cumulative weights are computed once, as 32-bit
/// fractions; a draw is one 32-bit number and a binary search, so its result depends on the
/// random stream alone.
///
/// `@unchecked Sendable`: its table is immutable and lives as long as the process (the laws are
/// global constants).
struct PowerLaw: @unchecked Sendable {
    /// `cumulative[r]`: the share of ranks `0...r`, times 2³² (the last one saturated).
    let cumulative: Table<UInt32>

    init(count: Int, exponent: Double, offset: Double) {
        precondition(count > 0 && offset > 0, "a power law needs ranks and a positive offset")
        let a = 1 - exponent
        // The integral of (x + offset)^-exponent from 0 to x, up to a constant factor.
        func mass(_ x: Double) -> Double {
            abs(a) < 1e-9 ? log(x + offset) - log(offset) : (pow(x + offset, a) - pow(offset, a)) / a
        }
        let total = mass(Double(count))
        var table = [UInt32](repeating: 0, count: count)
        for r in 0..<count {
            let share = mass(Double(r + 1)) / total * 4_294_967_296
            table[r] = share >= 4_294_967_295 ? UInt32.max : UInt32(share)
        }
        table[count - 1] = UInt32.max
        cumulative = Table(table)
    }

    var count: Int { cumulative.count }

    /// A rank drawn with its weight.
    @inline(__always)
    func draw(_ random: inout Random) -> Int {
        let u = UInt32(truncatingIfNeeded: random.next() >> 32)
        // The first rank whose cumulative share exceeds u.
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
