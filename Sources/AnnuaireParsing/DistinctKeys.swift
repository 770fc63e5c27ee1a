/// The distinct 64-bit keys of a file (its practitioners), counted by sorting rather than hashing:
/// keys are appended as they come (sequential writes, where a hash set misses the cache on almost
/// every insert), then sorted and deduplicated when the buffer doubles and when counted. Keys that
/// come in increasing order, as from a file sorted by identifier, are never sorted at all.
///
/// A class: counting compacts the buffer, behind a read-only `count`.
///
/// Its state is used by one thread at a time and never lent out (not `Sendable`), so the run-time
/// exclusivity checks of a class's properties, a call into the runtime on every insert, are off.
final class DistinctKeys {
    @exclusivity(unchecked) private var keys: [UInt64] = []
    /// `keys[..<compacted]` is sorted and free of duplicates.
    @exclusivity(unchecked) private var compacted = 0
    @exclusivity(unchecked) private var nextCompaction = 1 << 16

    func insert(_ key: UInt64) {
        // Keys in increasing order, as a sorted file gives them, keep the buffer compact as they
        // come: no sort, no pass to deduplicate.
        if compacted == keys.count, keys.isEmpty || key > keys[keys.count - 1] {
            keys.append(key)
            compacted += 1
            return
        }
        keys.append(key)
        if keys.count >= nextCompaction { compact() }
    }

    var count: Int {
        compact()
        return keys.count
    }

    /// The keys, sorted, each once.
    var sortedKeys: [UInt64] {
        compact()
        return keys
    }

    /// The number of distinct keys in sorted, duplicate-free arrays (`sortedKeys` of several sets).
    static func countUnion(_ sets: [[UInt64]]) -> Int {
        guard var union = sets.first else { return 0 }
        for next in sets.dropFirst() {
            var merged: [UInt64] = []
            merged.reserveCapacity(union.count + next.count)
            var (i, j) = (0, 0)
            while i < union.count, j < next.count {
                let (a, b) = (union[i], next[j])
                merged.append(min(a, b))
                if a <= b { i += 1 }
                if b <= a { j += 1 }
            }
            merged += union[i...]
            merged += next[j...]
            union = merged
        }
        return union.count
    }

    /// Sorts and deduplicates the buffer; memory stays within about twice the distinct keys.
    func compact() {
        guard compacted < keys.count else { return }
        keys.sort()
        var unique = 0
        // By index: iterating `keys` itself would hold a second reference to its buffer, and the
        // first write would copy the whole buffer.
        for i in keys.indices where unique == 0 || keys[unique - 1] != keys[i] {
            keys[unique] = keys[i]
            unique += 1
        }
        keys.removeLast(keys.count - unique)
        compacted = unique
        nextCompaction = max(1 << 16, unique * 2)
    }
}
