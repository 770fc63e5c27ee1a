/// A bitmap of the keys of a `KeyIndex`, made when a snapshot opens, that answers "certainly
/// absent" for most keys without searching the index.
///
/// The ORG mailbox index is searched for each identifier of each structure a lookup shows (four
/// or five searches per activity), and most structures have no ORG mailbox: with the filter, a
/// lookup that finds none costs a read of one bit in a table that stays in the processor's cache
/// (at most one bit in 16 is set; a set bit sends the key to the checked search).
///
/// It is made only from an index it has checked whole: keys strictly ascending, every entry with
/// its check word. From a damaged index it is not made (`nil`), and every key goes through the
/// index's search, which reports the damage where it lies: the filter never turns damage into
/// "absent".
struct KeyFilter {
    private let words: [UInt64]
    private let shift: UInt64

    /// The filter of `index`, or nil when the index is empty or fails a check.
    init?(_ index: KeyIndex) {
        guard index.count > 0 else { return nil }
        // 16 bits per key, a power of two: 2^12 to 2^27 bits (16 MB for 8 M keys and more).
        var bits = 4096
        while bits < 16 * index.count, bits < 1 << 27 { bits <<= 1 }
        shift = UInt64(64 - bits.trailingZeroBitCount)
        var words = [UInt64](repeating: 0, count: bits / 64)
        var previous: UInt64?
        for i in 0..<index.count {
            guard let key = try? index.entry(i).key, previous.map({ $0 < key }) ?? true else { return nil }
            previous = key
            let bit = Self.bit(key, shift)
            words[Int(bit >> 6)] |= 1 << (bit & 63)
        }
        self.words = words
    }

    /// Whether `key` may be in the index (false: it certainly is not).
    @inline(__always)
    func mayContain(_ key: UInt64) -> Bool {
        let bit = Self.bit(key, shift)
        return words[Int(bit >> 6)] & (1 << (bit & 63)) != 0
    }

    /// The key's bit: its top bits after a multiplicative mix (keys may be hashes or identifiers).
    @inline(__always)
    private static func bit(_ key: UInt64, _ shift: UInt64) -> UInt64 {
        (key &* 0x9E37_79B9_7F4A_7C15) >> shift
    }
}
