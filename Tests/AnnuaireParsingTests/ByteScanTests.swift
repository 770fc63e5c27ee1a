import Testing

@testable import AnnuaireParsing

/// `ByteScan`'s sixteen-bytes-at-a-time searches find what a byte-by-byte loop finds, at every
/// length and alignment.
@Suite struct ByteScanTests {
    @Test func newlinesAndHighBytesAsCountedOneByOne() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...300) + [4_095, 16_129, 16_130, 70_000] {
            // Mostly ASCII text with newlines; a few high bytes; sometimes none.
            var bytes = (0..<(length + 16)).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) }
            for i in bytes.indices where UInt8.random(in: 0...9, using: &generator) == 0 { bytes[i] = 0x0A }
            if length % 3 != 0, !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0x80...0xFF, using: &generator)
            }
            for offset in [0, 1, 7, 15] {
                let slice = Array(bytes[offset..<(offset + length)])
                let expectedNewlines = slice.filter { $0 == 0x0A }.count
                let expectedHigh = slice.firstIndex { $0 >= 0x80 }
                bytes.withUnsafeBytes { all in
                    let view = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                    #expect(ByteScan.newlines(in: view) == expectedNewlines, "length \(length), offset \(offset)")
                    #expect(ByteScan.firstHighByte(in: view) == expectedHigh, "length \(length), offset \(offset)")
                }
            }
        }
    }

    /// A buffer of newlines only: the per-lane counters are summed before they overflow.
    @Test func newlinesOnly() {
        for length in [64 * 63, 64 * 63 + 1, 64 * 64, 1 << 20] {
            let bytes = [UInt8](repeating: 0x0A, count: length)
            bytes.withUnsafeBytes { #expect(ByteScan.newlines(in: $0) == length) }
        }
        let high = [UInt8](repeating: 0xFF, count: 100)
        high.withUnsafeBytes { #expect(ByteScan.firstHighByte(in: $0) == 0) }
    }
}
