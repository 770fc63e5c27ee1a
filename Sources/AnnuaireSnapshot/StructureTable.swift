/// Where each distinct structure of the snapshot being written is stored: a map from a 128-bit
/// hash of a structure's text to its id (its offset in the records section), by open addressing on
/// the hash's first half. Two structures of a million sharing a hash is negligible.
struct StructureTable: ~Copyable {
    /// Per slot, index + 1 in `hashes` and `ids`; 0 is empty.
    private var slots = [UInt32](repeating: 0, count: 1 << 16)
    private var hashes: [StructureHash] = []
    private var ids: [UInt64] = []

    var count: Int { hashes.count }

    /// The id stored for `hash`, if any.
    func id(of hash: StructureHash) -> UInt64? {
        let slot = slot(of: hash)
        return slots[slot] == 0 ? nil : ids[Int(slots[slot] - 1)]
    }

    /// Stores `id` for `hash`, which has none.
    mutating func insert(_ hash: StructureHash, id: UInt64) {
        let slot = slot(of: hash)
        precondition(slots[slot] == 0, "a structure stored twice")
        hashes.append(hash)
        ids.append(id)
        slots[slot] = UInt32(count)
        if count * 2 > slots.count { grow() }
    }

    /// The slot holding `hash`, or the empty slot where it goes.
    private func slot(of hash: StructureHash) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash.a) & mask
        while slots[slot] != 0, hashes[Int(slots[slot] - 1)] != hash { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash.a) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index) + 1
        }
    }
}

extension StructureHash {
    /// The hash of a structure's text.
    init(of text: UnsafeRawBufferPointer) {
        self.init(a: fastHash(text, seed: 0x6A09_E667_F3BC_C908), b: fastHash(text, seed: 0xBB67_AE85_84CA_A73B))
    }
}
