#if canImport(Glibc)
    import Glibc
#endif

/// How this process's allocator deals with large blocks.
///
/// glibc's `malloc` serves a block of 128 KiB or more by a mapping of its own and unmaps it when
/// freed, but raises that threshold to the size of every such block freed (up to 32 MiB). An
/// ingest builds and frees arrays of tens of megabytes phase after phase (the search index's
/// lists); once the threshold has risen, they come from the heap, and what is freed there stays
/// resident: 60 to 100 MB more at the national set's peak. Fixing the threshold at 128 KiB keeps
/// them as mappings, given back when freed, at no measured cost in time. The commands that ingest
/// (`ingest`, `sync`) set it; `serve` keeps the allocator as it is.
enum LargeAllocations {
    /// Keeps blocks of 128 KiB or more as mappings of their own (`mallopt(M_MMAP_THRESHOLD)`),
    /// unless `MALLOC_MMAP_THRESHOLD_` is set. Does nothing where `mallopt` is not found.
    static func returnToSystemWhenFreed() {
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        // `mallopt` is not in Swift's Glibc module: found by name (RTLD_DEFAULT is a null handle).
        guard let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        _ = mallopt(mmapThreshold, 128 * 1024)
    }
}
