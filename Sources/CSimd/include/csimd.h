#ifndef CSIMD_H
#define CSIMD_H
#include <stdint.h>

/// What splitting one line on `|` found (see FieldSplitter.swift).
typedef struct {
    /// Separators in the line, including those past `capacity` (only counted).
    intptr_t separators;
    /// Nonzero when some byte is >= 0x80.
    int32_t high_bytes;
    /// With `check_utf8`: nonzero when the line is well-formed UTF-8 (as `csimd_valid_utf8_avx2`
    /// says). Without: 1.
    int32_t valid_utf8;
    /// Offset of the first NUL byte, or -1.
    intptr_t first_nul;
} csimd_scan;

/// Nonzero when the CPU and the OS support AVX2 (and the BMI1/POPCNT that come with it), so that
/// `csimd_split_avx2` may be called. Always 0 off x86-64.
int csimd_has_avx2(void);

/// Entries `ends` must have past `capacity`: `csimd_split_avx2` may write scratch values there.
#define CSIMD_ENDS_SLACK 8

/// Splits `line[0..<count]` on `|` 64 bytes at a time with AVX2: the offset of each separator goes
/// to `ends` while fewer than `capacity` are stored, then the line's length if there is room
/// (`ends` has `capacity + CSIMD_ENDS_SLACK` entries: past the stored ones, it may hold scratch
/// values). Never reads a byte outside the line. With `check_utf8` nonzero, also checks in the same pass that the line
/// is well-formed UTF-8 (`valid_utf8`). Call only when `csimd_has_avx2()` is nonzero.
csimd_scan csimd_split_avx2(const uint8_t *line, intptr_t count, int32_t *ends, intptr_t capacity, int check_utf8);
/// Nonzero when `bytes[0..<count]` is well-formed UTF-8 (no overlong forms, no surrogates, nothing
/// past U+10FFFF), checked 32 bytes at a time with AVX2. Call only when `csimd_has_avx2()` is nonzero.
int csimd_valid_utf8_avx2(const uint8_t *bytes, intptr_t count);
#endif
