#if canImport(Glibc)
    import Glibc
#endif

/// The index entries of an ingest (16 bytes per row, the only memory that grows with the input),
/// in one anonymous mapping reserved up front: appending never reallocates, so there is no moment
/// where the old and the doubled array are both resident, and the unused reservation costs address
/// space only (`MAP_NORESERVE`; pages become memory as they are written).
///
/// Not `Sendable`: one ingest owns it.
final class EntryBuffer<Element: BitwiseCopyable> {
    private let base: UnsafeMutablePointer<Element>
    private let reservedBytes: Int
    /// How many elements fit; appending more throws.
    let capacity: Int
    private(set) var count = 0

    /// Reserves room for `capacity` elements (fewer if the system refuses so much address space).
    init(capacity requested: Int = 1 << 27) {
        var capacity = requested
        while true {
            let bytes = capacity * MemoryLayout<Element>.stride
            let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            if let address, address != MAP_FAILED {
                base = address.bindMemory(to: Element.self, capacity: capacity)
                reservedBytes = bytes
                self.capacity = capacity
                return
            }
            precondition(capacity > 1 << 16, "cannot reserve memory for the index entries (errno \(errno))")
            capacity /= 4
        }
    }

    deinit { munmap(base, reservedBytes) }

    /// Appends `element`; false when the reservation is full.
    func append(_ element: Element) -> Bool {
        guard count < capacity else { return false }
        // safe: count < capacity, inside the reservation.
        (base + count).initialize(to: element)
        count += 1
        return true
    }

    /// The elements appended so far, in place.
    var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// Sorts the elements in place.
    func sort() where Element: Comparable {
        var all = elements
        all.sort()
    }

    /// Gives the memory of the elements before `end` back to the system (they read as zero
    /// afterwards): for a buffer read once, front to back.
    func releaseMemory(before end: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let bytes = min(end, count) * MemoryLayout<Element>.stride / page * page
        // safe: the range lies inside the reservation.
        if bytes > 0 { madvise(UnsafeMutableRawPointer(base), bytes, MADV_DONTNEED) }
    }

    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count)
        // safe: 0 ≤ i < count.
        return base[i]
    }
}
