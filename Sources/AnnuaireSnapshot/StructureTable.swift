/// Where each distinct structure of the snapshot being written is stored: a map from a 128-bit
/// hash of a structure's text to its id (its offset in the records section), by open addressing.
/// A slot is 16 bytes, the hash's first half whole and 24 bits of its second beside the id (40 bits:
/// records up to a terabyte), so that a lookup costs one cache miss and the table half the memory
/// of a whole hash: 88 bits of hash, two structures of a million sharing them is negligible.
struct StructureTable: ~Copyable {
    private struct Slot {
        var hash: UInt64
        /// The id + 1 (0: an empty slot) in the low 40 bits, 24 bits of the second hash above.
        var idAndTag: UInt64
    }

    private static let idBits: UInt64 = 40
    private static let idMask: UInt64 = (1 << idBits) - 1
    private var slots = [Slot](repeating: Slot(hash: 0, idAndTag: 0), count: 1 << 16)
    private(set) var count = 0

    private static func tag(_ hash: StructureHash) -> UInt64 { hash.b & ~idMask }

    /// The id stored for `hash`, if any.
    func id(of hash: StructureHash) -> UInt64? {
        let tag = Self.tag(hash)
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash.a) & mask
            // safe: i is masked into the table; the table always has an empty slot (half full at most).
            while slots[i].idAndTag != 0 {
                if slots[i].hash == hash.a, slots[i].idAndTag & ~Self.idMask == tag { return (slots[i].idAndTag & Self.idMask) - 1 }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// Stores `id` for `hash`, which has none.
    mutating func insert(_ hash: StructureHash, id: UInt64) {
        precondition(id < Self.idMask, "a structure past the first terabyte of the records")
        put(Slot(hash: hash.a, idAndTag: Self.tag(hash) | (id + 1)))
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func put(_ slot: Slot) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].idAndTag != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: 0, idAndTag: 0), count: old.count * 2)
        for slot in old where slot.idAndTag != 0 { put(slot) }
    }
}

extension StructureHash {
    /// The hash of a structure's text.
    init(of text: UnsafeRawBufferPointer) {
        self.init(a: fastHash(text, seed: 0x6A09_E667_F3BC_C908), b: fastHash(text, seed: 0xBB67_AE85_84CA_A73B))
    }
}
