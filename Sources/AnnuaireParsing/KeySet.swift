/// A set of 64-bit keys (the distinct practitioners of a file): open addressing with linear
/// probing over one flat array, a multiply-shift hash, at most 3/4 full. Cheaper than `Set<UInt64>`,
/// whose per-insert SipHash dominated counting.
///
/// Each set draws its own odd multiplier: merging a set into another walks it in its hash order,
/// which under a shared hash would pile the keys into one long probe run.
struct KeySet {
    private let multiplier = UInt64.random(in: 1...UInt64.max) | 1
    /// 0 marks an empty slot; the key 0 itself is tracked by `hasZero`.
    private var slots = [UInt64](repeating: 0, count: 1 << 10)
    private var shift = 64 - 10
    private var hasZero = false
    private(set) var count = 0

    mutating func insert(_ key: UInt64) {
        guard key != 0 else {
            if !hasZero { count += 1 }
            hasZero = true
            return
        }
        if place(key) {
            count += 1
            if count * 4 > slots.count * 3 { grow() }
        }
    }

    mutating func formUnion(_ other: KeySet) {
        if other.hasZero { insert(0) }
        for key in other.slots where key != 0 { insert(key) }
    }

    /// Puts `key` in its slot; false when it was there already.
    private mutating func place(_ key: UInt64) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (key &* multiplier) >> UInt64(shift))
        while true {
            let found = slots[slot]
            if found == key { return false }
            if found == 0 {
                slots[slot] = key
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        shift -= 1
        for key in old where key != 0 { _ = place(key) }
    }
}
