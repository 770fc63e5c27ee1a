#ifndef CISAL_H
#define CISAL_H
#include <stddef.h>
#include <stdint.h>

// A shim over ISA-L's inflate (Intel's Intelligent Storage Acceleration Library, Debian
// `libisal-dev`). Nothing here needs ISA-L to build or link: the implementation compiles its real
// code only when <isa-l/igzip_lib.h> is present, and loads libisal.so.2 at run time. Without
// either, `cisal_available` returns 0 and no inflater can be created.

/// One inflate state: ISA-L's `struct inflate_state` plus the gzip framing the shim adds.
typedef struct cisal_inflater cisal_inflater;

/// What `cisal_inflate` did.
enum {
    /// Progress was made, or more input or output space is needed.
    CISAL_OK = 0,
    /// The deflate stream (raw mode) or the gzip member (gzip mode) ended and was checked.
    CISAL_STREAM_END = 1,
    /// The data is corrupt: `cisal_message` says why.
    CISAL_ERROR = -1,
};

/// 1 when ISA-L can be used: its header was present at build time and libisal.so.2 loaded.
int cisal_available(void);

/// Why ISA-L cannot be used (a constant string), or NULL when it can.
const char *cisal_unavailable_reason(void);

/// Continues the CRC-32 (the gzip/zip polynomial) `*crc` over `count` bytes with ISA-L's
/// carry-less-multiply kernel and returns 1; returns 0, `*crc` untouched, when ISA-L is unavailable.
int cisal_crc32(uint32_t *crc, const uint8_t *bytes, uint64_t count);

/// A new inflater: `gzip` 1 reads one gzip member (header, deflate data, then the CRC-32 and
/// length of the trailer, both checked), 0 a raw deflate stream. NULL when ISA-L is unavailable
/// or memory is short.
cisal_inflater *cisal_inflater_create(int gzip);

void cisal_inflater_destroy(cisal_inflater *inflater);

/// Ready for the next stream or gzip member; the mode stays.
void cisal_inflater_reset(cisal_inflater *inflater);

/// Inflates from `*next_in` (`*avail_in` bytes) into `*next_out` (`*avail_out` bytes), advancing
/// the four as zlib's `inflate` does. Returns CISAL_OK, CISAL_STREAM_END or CISAL_ERROR. After
/// CISAL_STREAM_END in gzip mode, `*next_in` is exactly the byte after the member's trailer.
int cisal_inflate(cisal_inflater *inflater, const uint8_t **next_in, uint32_t *avail_in, uint8_t **next_out,
    uint32_t *avail_out);

/// CRC-32 (the gzip/zip polynomial) of the current stream's output so far.
uint32_t cisal_output_crc32(const cisal_inflater *inflater);

/// Input bytes taken from the caller that the inflater holds but has not yet used (only while it
/// reads a gzip trailer; 0 otherwise), to report exact offsets of trailer errors.
uint32_t cisal_held_input(const cisal_inflater *inflater);

/// Why the last call returned CISAL_ERROR, in zlib's words where zlib has a word for it.
const char *cisal_message(const cisal_inflater *inflater);

#endif
