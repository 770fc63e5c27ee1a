@_spi(Internals) import AnnuaireParsing

/// The occurrences (identifiers, cards, mailboxes) sorted by their bytes, equal ones made one
/// term: each term's bytes in byte order, and its owners (practitioners by rank), so that the
/// postings and the terms are then written in one sequential pass.
///
/// The occurrences are bucketed by their first two bytes (a counting sort), then each bucket is
/// sorted and grouped. `make` runs on a thread of its own while the lists are inverted and the
/// common terms' postings written, taking buckets from the front; once done with those, the
/// other thread `help`s, taking them from the back, a stretch at a time; `finish` puts the two
/// together. The sort's scratch is a bucket's (a few MB), not the whole set's.
final class OccurrenceGroups: @unchecked Sendable {
    // @unchecked Sendable: the buckets to take are shared under `lock`; the input is only read
    // while shared; each thread writes only its own part, read after the threads meet in `finish`.
    /// The distinct occurrences, in byte order.
    private(set) var terms = ByteArena()
    /// Per term, its owners (`SearchScan.Owner`, a practitioner by its rank):
    /// `owners[groupStart[g] ..< groupStart[g + 1]]`.
    private(set) var groupStart: [UInt32] = [0]
    private(set) var owners: [UInt32] = []
    private(set) var failure: SnapshotError?

    /// The scans' occurrences and their owners (a practitioner by its place in the key index).
    private var input = ByteArena()
    private var inputOwners: [UInt32] = []
    private var rankOf: [UInt32] = []
    /// The occurrences' numbers by bucket: `sorted[bucketStart[k] ..< bucketStart[k + 1]]`.
    private var byBucket: [UInt32] = []
    private var bucketStart: [UInt32] = []
    private static let buckets = 65_536
    /// The buckets not yet taken: `front ..< back`; whether they are made yet.
    private let lock = Lock()
    private var front = 0
    private var back = OccurrenceGroups.buckets
    private var bucketed = false
    /// What `help` made, stretch by stretch from the back.
    private var helped: [Part] = []

    /// Terms and owners of a stretch of buckets, as `terms`, `groupStart` (ends only) and `owners`.
    private final class Part {
        var terms = ByteArena()
        var ends: [UInt32] = []
        var owners: [UInt32] = []
    }

    /// Takes the occurrences of `scan` (all of them, merged), to be grouped with `rankOf`.
    func take(_ scan: inout SearchScan, rankOf: [UInt32]) throws {
        try input.absorb(&scan.occurrences)
        inputOwners = scan.owners
        scan.owners = []
        self.rankOf = rankOf
    }

    /// Buckets the occurrences, then groups buckets from the front until none is left.
    func make() {
        bucket()
        let part = Part()
        while let k = lock.withLock({ () -> Int? in
            guard front < back else { return nil }
            front += 1
            return front - 1
        }) {
            group(k..<(k + 1), into: part)
        }
        // Its own part is the front of the whole.
        do { try terms.absorb(&part.terms) } catch { lock.withLock { failure = failure ?? error } }
        owners = part.owners
        for end in part.ends { groupStart.append(end) }
    }

    /// Groups buckets from the back, a stretch at a time, until none is left (waiting for the
    /// buckets to be made first).
    func help() {
        lock.withLock {
            while !bucketed { lock.wait() }
        }
        while let stretch = lock.withLock({ () -> Range<Int>? in
            guard front < back else { return nil }
            // An eighth of what is left, at least one bucket.
            let from = max(front, back - max(1, (back - front) / 8))
            defer { back = from }
            return from..<back
        }) {
            let part = Part()
            group(stretch, into: part)
            helped.append(part)
        }
    }

    /// Puts `help`'s parts after `make`'s, once both are done, and lets the input go.
    func finish() {
        for part in helped.reversed() {
            let base = UInt32(owners.count)
            do { try terms.absorb(&part.terms) } catch { failure = failure ?? error }
            for end in part.ends { groupStart.append(base + end) }
            owners.append(contentsOf: part.owners)
        }
        helped = []
        input = ByteArena()
        inputOwners = []
        rankOf = []
        byBucket = []
        bucketStart = []
    }

    /// Lets the owners go once the postings are written.
    func releaseOwners() {
        owners = []
        groupStart = []
    }

    /// Sorts the occurrences into buckets by their first two bytes.
    private func bucket() {
        let n = input.count
        func bucket(_ i: Int) -> Int {
            let b = input.bytes(i)
            return Int(b[0]) << 8 | (b.count > 1 ? Int(b[1]) : 0)
        }
        var starts = [UInt32](repeating: 0, count: Self.buckets + 1)
        for i in 0..<n { starts[bucket(i) + 1] += 1 }
        for k in 0..<Self.buckets { starts[k + 1] += starts[k] }
        var all = [UInt32](repeating: 0, count: n)
        var fill = starts
        for i in 0..<n {
            let k = bucket(i)
            all[Int(fill[k])] = UInt32(i)
            fill[k] += 1
        }
        lock.withLock {
            byBucket = all
            bucketStart = starts
            bucketed = true
            lock.broadcast()
        }
    }

    /// Sorts and groups the buckets of `stretch`, in order, into `part`.
    private func group(_ stretch: Range<Int>, into part: Part) {
        do {
            for k in stretch where bucketStart[k] < bucketStart[k + 1] {
                let ids = input.sorted(Array(byBucket[Int(bucketStart[k])..<Int(bucketStart[k + 1])]))
                var previous = UnsafeRawBufferPointer(start: nil, count: 0)
                for (n, id) in ids.enumerated() {
                    let bytes = input.bytes(Int(id))
                    if n == 0 || !sameBytes(bytes, previous) {
                        if n > 0 { part.ends.append(UInt32(part.owners.count)) }
                        try part.terms.append(bytes)
                        previous = bytes
                    }
                    let owner = inputOwners[Int(id)]
                    part.owners.append(
                        owner & SearchScan.Owner.mask == SearchScan.Owner.practitioner
                            ? SearchScan.Owner.practitioner | rankOf[Int(owner)] : owner)
                }
                part.ends.append(UInt32(part.owners.count))
            }
        } catch {
            lock.withLock { failure = failure ?? error }
        }
    }
}
