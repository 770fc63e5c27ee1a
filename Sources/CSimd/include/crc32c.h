#ifndef CSIMD_CRC32C_H
#define CSIMD_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli, the iSCSI polynomial 0x1EDC6F41, reflected) of `bytes[0..<count]`,
/// continuing `crc` (0 to start): the SSE 4.2 `crc32` instruction eight bytes at a time when the CPU
/// has it, else a table. A CRC detects every error burst of up to 32 bits, so every flipped byte.
uint32_t csimd_crc32c(uint32_t crc, const void *bytes, size_t count);
#endif
