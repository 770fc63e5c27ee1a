#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FileInput {
    /// The offset of the first newline in `range` of the file, read forward with `pread`; nil
    /// when there is none (or the file ends first).
    func firstNewline(in range: Range<Int64>) throws(ExtractionError) -> Int64? {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { block.deallocate() }
        var at = range.lowerBound
        while at < range.upperBound {
            let want = Int(min(Int64(block.count), range.upperBound - at))
            // safe: want <= block.count.
            let n = try pread(into: UnsafeMutableRawBufferPointer(rebasing: block[0..<want]), at: at)
            guard n > 0 else { return nil }
            if let newline = memchr(block.baseAddress!, 0x0A, n) { return at + Int64(newline - block.baseAddress!) }
            at += Int64(n)
        }
        return nil
    }

    /// The offset of the last newline in `range` of the file, read backward with `pread`; nil
    /// when there is none.
    func lastNewline(in range: Range<Int64>) throws(ExtractionError) -> Int64? {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 << 10, alignment: 16)
        defer { block.deallocate() }
        var end = range.upperBound
        while end > range.lowerBound {
            let want = Int(min(Int64(block.count), end - range.lowerBound))
            let from = end - Int64(want)
            // safe: want <= block.count.
            let n = try pread(into: UnsafeMutableRawBufferPointer(rebasing: block[0..<want]), at: from)
            // safe: n <= want <= block.count.
            if let newline = UnsafeRawBufferPointer(rebasing: block[0..<n]).lastIndex(of: 0x0A) { return from + Int64(newline) }
            end = from
        }
        return nil
    }
}
