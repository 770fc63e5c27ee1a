#include "csimd.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

int csimd_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
}

#define CSIMD_AVX2 __attribute__((target("avx2,bmi,popcnt")))

/// Stores the separators of one 64-bit mask (bit i: byte `offset + i`). While they all fit below
/// `capacity`, eight offsets are written at a time whatever the count (`tzcnt` of an empty mask is
/// 64): no branch per separator to mispredict, and up to 7 scratch entries written past the last
/// one, which `ends` has room for (CSIMD_ENDS_SLACK).
CSIMD_AVX2 static inline intptr_t store_separators(uint64_t pipes, intptr_t offset, int32_t *ends, intptr_t n,
                                                  intptr_t capacity) {
    intptr_t found = __builtin_popcountll(pipes);
    if (n + found <= capacity) {
        int32_t *out = ends + n;
        int32_t base = (int32_t)offset;
        for (intptr_t i = 0; i < found; i += 8) {
            out[i + 0] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 1] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 2] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 3] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 4] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 5] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 6] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
            out[i + 7] = base + (int32_t)_tzcnt_u64(pipes);
            pipes = _blsr_u64(pipes);
        }
        return n + found;
    }
    while (pipes) {
        if (n < capacity) ends[n] = (int32_t)(offset + __builtin_ctzll(pipes));
        n++;
        pipes &= pipes - 1;
    }
    return n;
}

/* UTF-8 validation, 32 bytes at a time, after Keiser and Lemire, "Validating UTF-8 in less than
 * one instruction per byte" (2021): three nibble lookups classify each pair of consecutive bytes
 * into error bits; a pair is wrong when its three lookups share a bit. Third and fourth bytes of
 * a sequence (the only places where two continuation bytes may follow each other) are found from
 * the bytes two and three places back. */

#define TOO_SHORT (1 << 0)      /* a lead byte not followed by a continuation */
#define TOO_LONG (1 << 1)       /* an ASCII byte followed by a continuation */
#define OVERLONG_3 (1 << 2)     /* E0 followed by 80..9F */
#define TOO_LARGE (1 << 3)      /* F4 90.. and above: past U+10FFFF */
#define SURROGATE (1 << 4)      /* ED A0..BF */
#define OVERLONG_2 (1 << 5)     /* C0, C1 */
#define TOO_LARGE_1000 (1 << 6) /* F5..FF followed by 80..8F */
#define OVERLONG_4 (1 << 6)     /* F0 followed by 80..8F */
#define TWO_CONTS (1 << 7)      /* two continuation bytes in a row */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

/* The 32 bytes of `input` shifted right by n bytes across the 128-bit lanes, the first n coming
 * from the end of `previous`. */
#define PREVIOUS(input, previous, n) \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((previous), (input), 0x21), 16 - (n))

CSIMD_AVX2 static inline __m256i utf8_errors(__m256i input, __m256i previous) {
    static const uint8_t byte_1_high_table_bytes[32] = {
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TOO_LONG, TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};
    const __m256i byte_1_high_table = _mm256_loadu_si256((const __m256i *)byte_1_high_table_bytes);
    static const uint8_t byte_1_low_table_bytes[32] = {
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
        CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000};
    const __m256i byte_1_low_table = _mm256_loadu_si256((const __m256i *)byte_1_low_table_bytes);
    static const uint8_t byte_2_high_table_bytes[32] = {
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE, TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE, TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT};
    const __m256i byte_2_high_table = _mm256_loadu_si256((const __m256i *)byte_2_high_table_bytes);
    const __m256i low_nibble = _mm256_set1_epi8(0x0F);
    __m256i prev1 = PREVIOUS(input, previous, 1);
    __m256i byte_1_high = _mm256_shuffle_epi8(byte_1_high_table, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low_nibble));
    __m256i byte_1_low = _mm256_shuffle_epi8(byte_1_low_table, _mm256_and_si256(prev1, low_nibble));
    __m256i byte_2_high = _mm256_shuffle_epi8(byte_2_high_table, _mm256_and_si256(_mm256_srli_epi16(input, 4), low_nibble));
    __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);
    /* A byte must be a continuation as the third (two after E0..FF) or fourth (three after
     * F0..FF) of a sequence: then TWO_CONTS is expected, not an error. */
    __m256i third = _mm256_subs_epu8(PREVIOUS(input, previous, 2), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(PREVIOUS(input, previous, 3), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_continue, special);
}

/* The bytes ≥ 0xC0, 0xE0 and 0xF0 among the last three of a block: nonzero where it ends inside a
 * sequence. */
#define LAST_THREE                                                                                                 \
    _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, \
                     -1, -1, -1, -1, -1, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1))

/* A block whose last three bytes are the three before `line + start` (zero before the line), for
 * the UTF-8 check of a block that starts there. */
CSIMD_AVX2 static inline __m256i bytes_before(const uint8_t *line, intptr_t start) {
    uint32_t word = 0;
    if (start >= 4) {
        memcpy(&word, line + start - 4, 4);
    } else {
        for (intptr_t k = 1; k <= 3 && start - k >= 0; k++) word |= (uint32_t)line[start - k] << (32 - 8 * k);
    }
    return _mm256_set_epi32((int)word, 0, 0, 0, 0, 0, 0, 0);
}

/* The UTF-8 state of a check walking the line 64 bytes at a time. */
typedef struct {
    __m256i previous;
    __m256i errors;
    __m256i incomplete;
} utf8_state;

/* Checks the 64 bytes a, b that follow `state->previous`. */
CSIMD_AVX2 static inline void utf8_block(utf8_state *state, __m256i a, __m256i b) {
    __m256i any = _mm256_or_si256(a, b);
    if (_mm256_movemask_epi8(any) == 0) {
        /* ASCII: a sequence left open by the block before is cut short. */
        state->errors = _mm256_or_si256(state->errors, state->incomplete);
        state->incomplete = _mm256_setzero_si256();
    } else {
        state->errors = _mm256_or_si256(state->errors, utf8_errors(a, state->previous));
        state->errors = _mm256_or_si256(state->errors, utf8_errors(b, a));
        state->incomplete = _mm256_subs_epu8(b, LAST_THREE);
    }
    state->previous = b;
}

CSIMD_AVX2 csimd_scan csimd_split_avx2(const uint8_t *line, intptr_t count, int32_t *ends, intptr_t capacity,
                                       int check_utf8) {
    const __m256i bar = _mm256_set1_epi8(0x7C);
    const __m256i zero = _mm256_setzero_si256();
    __m256i high = zero;
    utf8_state utf8 = {zero, zero, zero};
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
        if (check_utf8) utf8_block(&utf8, a, b);
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
            // The UTF-8 check starts again at the block (bytes checked twice give the same
            // errors), after the three bytes before it.
            utf8.previous = bytes_before(line, count - 64);
            utf8.incomplete = _mm256_subs_epu8(utf8.previous, LAST_THREE);
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
        // The padding of a short line is NUL bytes: ASCII, so it ends any sequence left open.
        if (check_utf8) utf8_block(&utf8, a, b);
    }
    if (n < capacity) ends[n] = (int32_t)count;
    int32_t valid_utf8 = 1;
    if (check_utf8) {
        __m256i errors = _mm256_or_si256(utf8.errors, utf8.incomplete);
        valid_utf8 = _mm256_testz_si256(errors, errors);
    }
    csimd_scan scan = {n, _mm256_movemask_epi8(high) != 0, valid_utf8, first_nul};
    return scan;
}

CSIMD_AVX2 int csimd_valid_utf8_avx2(const uint8_t *bytes, intptr_t count) {
    __m256i previous = _mm256_setzero_si256();
    __m256i errors = _mm256_setzero_si256();
    /* Nonzero where the last block ends inside a sequence. */
    __m256i incomplete = _mm256_setzero_si256();
    const __m256i last_three = LAST_THREE;
    intptr_t i = 0;
    for (;;) {
        __m256i input;
        if (i + 32 <= count) {
            input = _mm256_loadu_si256((const __m256i *)(bytes + i));
        } else if (i < count) {
            /* The tail, padded with NUL bytes (ASCII: they end any sequence, so an unfinished one
             * at the end is an error). */
            uint8_t tail[32] = {0};
            memcpy(tail, bytes + i, (size_t)(count - i));
            input = _mm256_loadu_si256((const __m256i *)tail);
        } else {
            break;
        }
        if (_mm256_movemask_epi8(input) == 0) {
            errors = _mm256_or_si256(errors, incomplete);
            incomplete = _mm256_setzero_si256();
        } else {
            errors = _mm256_or_si256(errors, utf8_errors(input, previous));
            incomplete = _mm256_subs_epu8(input, last_three);
        }
        previous = input;
        i += 32;
    }
    errors = _mm256_or_si256(errors, incomplete);
    return _mm256_testz_si256(errors, errors);
}

#else

int csimd_has_avx2(void) { return 0; }

int csimd_valid_utf8_avx2(const uint8_t *bytes, intptr_t count) {
    // Never called off x86-64 (csimd_has_avx2 is 0).
    (void)bytes;
    (void)count;
    return 0;
}

csimd_scan csimd_split_avx2(const uint8_t *line, intptr_t count, int32_t *ends, intptr_t capacity, int check_utf8) {
    // Never called off x86-64 (csimd_has_avx2 is 0); a plain loop keeps the symbol defined.
    (void)check_utf8;
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
    csimd_scan scan = {n, high, 1, first_nul};
    return scan;
}

#endif
