import AnnuaireParsing
import AnnuaireSnapshot

/// Which practitioners practise at a structure, by the structure's `Identifiant technique`: what
/// `Organization/{id}` and `PractitionerRole?organization=` need and the snapshot does not index.
///
/// Built in one pass over the snapshot (seconds at national scale, so the service builds it in the
/// background and answers 503 for these two until it is ready). It holds 12 bytes per
/// (structure, practitioner) pair: a 64-bit hash of the identifier and the practitioner's
/// position, sorted; a hit is confirmed against the decoded practitioner, so a hash collision
/// costs a lookup, never a wrong answer.
public struct StructureIndex: Sendable {
    private let hashes: [UInt64]
    private let positions: [UInt32]

    /// Reads every practitioner of `snapshot` once.
    public init(_ snapshot: Snapshot) throws {
        var pairs: [(UInt64, UInt32)] = []
        var position: UInt32 = 0
        let column = PersonneActiviteColumn.identifiantTechniqueStructure.rawValue
        try snapshot.forEachPractitioner { record in
            var last: UInt64?
            for row in record.rows where row.family == .personneActivite && row.structureID != nil {
                let id = row.value(known: column)
                guard !id.isEmpty else { continue }
                let h = Self.hash(id)
                if h != last { pairs.append((h, position)) }
                last = h
            }
            position += 1
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var deduplicated: [(UInt64, UInt32)] = []
        deduplicated.reserveCapacity(pairs.count)
        for p in pairs where deduplicated.last.map({ $0 != p }) ?? true { deduplicated.append(p) }
        hashes = deduplicated.map(\.0)
        positions = deduplicated.map(\.1)
    }

    /// The number of (structure, practitioner) pairs.
    public var count: Int { hashes.count }

    /// The keys of the practitioners with an activity at the structure `id`, in key order.
    public func practitioners(atStructure id: String, in snapshot: Snapshot) throws -> [PractitionerKey] {
        let h = Self.hash(id)
        var lo = 0
        var hi = hashes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if hashes[mid] < h { lo = mid + 1 } else { hi = mid }
        }
        var keys: [PractitionerKey] = []
        while lo < hashes.count, hashes[lo] == h {
            let position = Int(positions[lo])
            if position < snapshot.count { keys.append(try snapshot.key(at: position)) }
            lo += 1
        }
        return keys
    }

    /// FNV-1a, 64 bits.
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }
}
