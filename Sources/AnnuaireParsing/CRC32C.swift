import CSimd

/// CRC-32C (Castagnoli) of `bytes`, continuing `crc` (0 to start): the SSE 4.2 instruction when the
/// CPU has it, else a table (`CSimd`). The snapshot's checks: a CRC detects every flipped byte.
@_spi(Internals) public func crc32c(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    csimd_crc32c(crc, bytes.baseAddress, bytes.count)
}
