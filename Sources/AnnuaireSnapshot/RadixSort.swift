/// A least-significant-digit radix sort of 64-bit keys, each with a u32 value: 11 bits a pass, a
/// pass whose digit is the same for every key skipped (sorted keys of one search field share their
/// first byte, names their high digits).
enum RadixSort {
    static func sort(
        _ run: Range<Int>, keys: inout [UInt64], values: inout [UInt32], spareKeys: inout [UInt64], spareValues: inout [UInt32]
    ) {
        let passes = 6
        var counts = [Int](repeating: 0, count: passes << 11)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for i in run {
                    let key = k[i]
                    for p in 0..<passes { c[p << 11 | Int(truncatingIfNeeded: key >> UInt64(11 * p)) & 0x7FF] += 1 }
                }
            }
        }
        var inSpare = false
        for p in 0..<passes {
            let base = p << 11
            let first = (inSpare ? spareKeys : keys)[run.lowerBound]
            // A pass whose digits are all alike moves nothing.
            if counts[base | Int(truncatingIfNeeded: first >> UInt64(11 * p)) & 0x7FF] == run.count { continue }
            var sum = run.lowerBound
            for d in 0..<2048 {
                let c = counts[base | d]
                counts[base | d] = sum
                sum += c
            }
            if inSpare {
                scatter(run, pass: p, counts: &counts, from: spareKeys, spareValues, to: &keys, &values)
            } else {
                scatter(run, pass: p, counts: &counts, from: keys, values, to: &spareKeys, &spareValues)
            }
            inSpare.toggle()
        }
        if inSpare {
            for i in run {
                keys[i] = spareKeys[i]
                values[i] = spareValues[i]
            }
        }
    }

    private static func scatter(
        _ run: Range<Int>, pass p: Int, counts: inout [Int], from keys: [UInt64], _ values: [UInt32], to toKeys: inout [UInt64],
        _ toValues: inout [UInt32]
    ) {
        let base = p << 11
        let shift = UInt64(11 * p)
        keys.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                toKeys.withUnsafeMutableBufferPointer { tk in
                    toValues.withUnsafeMutableBufferPointer { tv in
                        counts.withUnsafeMutableBufferPointer { c in
                            for i in run {
                                let key = k[i]
                                let d = base | Int(truncatingIfNeeded: key >> shift) & 0x7FF
                                let at = c[d]
                                c[d] = at + 1
                                // safe: at < run.upperBound, the counts being prefix sums of the run's digits.
                                tk[at] = key
                                tv[at] = v[i]
                            }
                        }
                    }
                }
            }
        }
    }
}
