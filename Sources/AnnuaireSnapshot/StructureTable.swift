/// Where each distinct structure of the snapshot being written is stored: a map from a 128-bit
/// hash of a structure's text to its id (its offset in the records section), by open addressing.
/// Each slot holds the whole hash and the id, so that a lookup costs one cache miss, not three.
/// Two structures of a million sharing a hash is negligible.
struct StructureTable: ~Copyable {
    private struct Slot {
        var hash: StructureHash
        /// The id + 1; 0 is an empty slot.
        var id: UInt64
    }

    private var slots = [Slot](repeating: Slot(hash: StructureHash(a: 0, b: 0), id: 0), count: 1 << 16)
    private(set) var count = 0

    /// The id stored for `hash`, if any.
    func id(of hash: StructureHash) -> UInt64? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash.a) & mask
            // safe: i is masked into the table; the table always has an empty slot (half full at most).
            while slots[i].id != 0 {
                if slots[i].hash == hash { return slots[i].id - 1 }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// Stores `id` for `hash`, which has none.
    mutating func insert(_ hash: StructureHash, id: UInt64) {
        put(Slot(hash: hash, id: id + 1))
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func put(_ slot: Slot) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: slot.hash.a) & mask
            while slots[i].id != 0 {
                precondition(slots[i].hash != slot.hash, "a structure stored twice")
                i = (i + 1) & mask
            }
            slots[i] = slot
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: StructureHash(a: 0, b: 0), id: 0), count: old.count * 2)
        for slot in old where slot.id != 0 { put(slot) }
    }
}

extension StructureHash {
    /// The hash of a structure's text.
    init(of text: UnsafeRawBufferPointer) {
        self.init(a: fastHash(text, seed: 0x6A09_E667_F3BC_C908), b: fastHash(text, seed: 0xBB67_AE85_84CA_A73B))
    }
}
