#include "csimd.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

int csimd_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
}

#define CSIMD_AVX2 __attribute__((target("avx2,bmi,popcnt")))

/// Stores the separators of one 64-bit mask (bit i: byte `offset + i`).
CSIMD_AVX2 static inline intptr_t store_separators(uint64_t pipes, intptr_t offset, int32_t *ends, intptr_t n,
                                                  intptr_t capacity) {
    intptr_t found = __builtin_popcountll(pipes);
    if (n + found <= capacity) {
        while (pipes) {
            ends[n++] = (int32_t)(offset + __builtin_ctzll(pipes));
            pipes &= pipes - 1;
        }
        return n;
    }
    while (pipes) {
        if (n < capacity) ends[n] = (int32_t)(offset + __builtin_ctzll(pipes));
        n++;
        pipes &= pipes - 1;
    }
    return n;
}

CSIMD_AVX2 csimd_scan csimd_split_avx2(const uint8_t *line, intptr_t count, int32_t *ends, intptr_t capacity) {
    const __m256i bar = _mm256_set1_epi8(0x7C);
    const __m256i zero = _mm256_setzero_si256();
    __m256i high = zero;
    intptr_t n = 0;
    intptr_t first_nul = -1;
    intptr_t offset = 0;
    // Whole 64-byte blocks.
    for (; offset + 64 <= count; offset += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(line + offset));
        __m256i b = _mm256_loadu_si256((const __m256i *)(line + offset + 32));
        high = _mm256_or_si256(high, _mm256_or_si256(a, b));
        if (first_nul < 0) {
            __m256i z = _mm256_or_si256(_mm256_cmpeq_epi8(a, zero), _mm256_cmpeq_epi8(b, zero));
            if (!_mm256_testz_si256(z, z)) {
                uint64_t nul = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, zero))
                               | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, zero)) << 32;
                first_nul = offset + __builtin_ctzll(nul);
            }
        }
        uint64_t pipes = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, bar))
                         | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, bar)) << 32;
        n = store_separators(pipes, offset, ends, n, capacity);
    }
    // The last 1...63 bytes: from the line's last 64 bytes when it has that many (the masks are
    // shifted past the bytes already seen), else from a zero-padded copy.
    intptr_t valid = count - offset;
    if (valid > 0) {
        uint8_t padded[64];
        const uint8_t *block;
        int shift;
        if (count >= 64) {
            block = line + count - 64;
            shift = (int)(64 - valid);
        } else {
            memset(padded, 0, sizeof padded);
            memcpy(padded, line, (size_t)count);
            block = padded;
            shift = 0;
        }
        __m256i a = _mm256_loadu_si256((const __m256i *)block);
        __m256i b = _mm256_loadu_si256((const __m256i *)(block + 32));
        high = _mm256_or_si256(high, _mm256_or_si256(a, b));
        uint64_t in_line = valid == 64 ? ~0ull : (1ull << valid) - 1;
        if (first_nul < 0) {
            uint64_t nul = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, zero))
                           | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, zero)) << 32;
            nul = (nul >> shift) & in_line;
            if (nul) first_nul = offset + __builtin_ctzll(nul);
        }
        uint64_t pipes = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, bar))
                         | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, bar)) << 32;
        n = store_separators(pipes >> shift, offset, ends, n, capacity);
    }
    if (n < capacity) ends[n] = (int32_t)count;
    csimd_scan scan = {n, _mm256_movemask_epi8(high) != 0, first_nul};
    return scan;
}

#else

int csimd_has_avx2(void) { return 0; }

csimd_scan csimd_split_avx2(const uint8_t *line, intptr_t count, int32_t *ends, intptr_t capacity) {
    // Never called off x86-64 (csimd_has_avx2 is 0); a plain loop keeps the symbol defined.
    intptr_t n = 0, first_nul = -1;
    int32_t high = 0;
    for (intptr_t i = 0; i < count; i++) {
        uint8_t b = line[i];
        high |= b >= 0x80;
        if (b == 0 && first_nul < 0) first_nul = i;
        if (b == 0x7C) {
            if (n < capacity) ends[n] = (int32_t)i;
            n++;
        }
    }
    if (n < capacity) ends[n] = (int32_t)count;
    csimd_scan scan = {n, high, first_nul};
    return scan;
}

#endif
