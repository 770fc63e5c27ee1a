#include "cisal.h"

// Build with -DCISAL_DISABLE (or without libisal-dev) to get the stubs at the end of the file.
#if __has_include(<isa-l/igzip_lib.h>) && !defined(CISAL_DISABLE)

#include <dlfcn.h>
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// ISA-L's entry points, found at run time so that nothing links against libisal.
static struct {
    void (*inflate_init)(struct inflate_state *);
    void (*inflate_reset)(struct inflate_state *);
    int (*inflate)(struct inflate_state *);
    int (*read_gzip_header)(struct inflate_state *, struct isal_gzip_header *);
    void (*gzip_header_init)(struct isal_gzip_header *);
    uint32_t (*crc32_gzip_refl)(uint32_t, const unsigned char *, uint64_t);
    const char *missing;
} isal;

static pthread_once_t isal_once = PTHREAD_ONCE_INIT;

static void isal_load(void) {
    // Lets a machine with ISA-L behave as one without it (tests, comparisons).
    const char *off = getenv("ANNUAIRE_NO_ISAL");
    if (off && *off && strcmp(off, "0") != 0) {
        isal.missing = "ISA-L is disabled by the environment variable ANNUAIRE_NO_ISAL";
        return;
    }
    static const char *const names[] = {"libisal.so.2", "libisal.2.dylib", "libisal.so"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        isal.missing = "libisal.so.2 cannot be loaded (is libisal2 installed?)";
        return;
    }
    *(void **)&isal.inflate_init = dlsym(library, "isal_inflate_init");
    *(void **)&isal.inflate_reset = dlsym(library, "isal_inflate_reset");
    *(void **)&isal.inflate = dlsym(library, "isal_inflate");
    *(void **)&isal.read_gzip_header = dlsym(library, "isal_read_gzip_header");
    *(void **)&isal.gzip_header_init = dlsym(library, "isal_gzip_header_init");
    *(void **)&isal.crc32_gzip_refl = dlsym(library, "crc32_gzip_refl");
    if (!isal.inflate_init || !isal.inflate_reset || !isal.inflate || !isal.read_gzip_header || !isal.gzip_header_init) {
        isal.missing = "libisal.so.2 lacks isal_inflate or isal_read_gzip_header (ISA-L older than 2.21?)";
        isal.inflate = NULL;
        isal.crc32_gzip_refl = NULL;
        dlclose(library);
    }
}

int cisal_available(void) {
    pthread_once(&isal_once, isal_load);
    return isal.missing == NULL;
}

const char *cisal_unavailable_reason(void) {
    pthread_once(&isal_once, isal_load);
    return isal.missing;
}

int cisal_crc32(uint32_t *crc, const uint8_t *bytes, uint64_t count) {
    pthread_once(&isal_once, isal_load);
    if (isal.missing != NULL || isal.crc32_gzip_refl == NULL) return 0;
    *crc = isal.crc32_gzip_refl(*crc, bytes, count);
    return 1;
}

enum phase { PHASE_HEADER, PHASE_BODY, PHASE_TRAILER, PHASE_DONE, PHASE_FAILED };

struct cisal_inflater {
    struct inflate_state state;
    struct isal_gzip_header header;
    int gzip;
    enum phase phase;
    // The first four header bytes (magic, method, flags) have been checked.
    int start_checked;
    // Whole bytes left in ISA-L's bit buffer when the deflate data ends: the trailer's first bytes.
    uint8_t held[8];
    uint32_t held_count, held_used;
    uint8_t trailer[8];
    uint32_t trailer_count;
    const char *message;
};

static void start(cisal_inflater *s) {
    s->state.crc_flag = ISAL_GZIP_NO_HDR;  // CRC-32 of the output; the shim reads the wrapper itself
    isal.gzip_header_init(&s->header);
    s->phase = s->gzip ? PHASE_HEADER : PHASE_BODY;
    s->start_checked = 0;
    s->held_count = s->held_used = s->trailer_count = 0;
    s->message = NULL;
}

cisal_inflater *cisal_inflater_create(int gzip) {
    if (!cisal_available()) return NULL;
    void *memory = NULL;
    // The state is ~90 KB; a cache-line start keeps its tables aligned.
    if (posix_memalign(&memory, 64, sizeof(cisal_inflater)) != 0) return NULL;
    cisal_inflater *s = memory;
    memset(s, 0, sizeof *s);
    isal.inflate_init(&s->state);
    s->gzip = gzip != 0;
    start(s);
    return s;
}

void cisal_inflater_destroy(cisal_inflater *s) { free(s); }

void cisal_inflater_reset(cisal_inflater *s) {
    isal.inflate_reset(&s->state);
    start(s);
}

static int fail(cisal_inflater *s, const char *message) {
    s->phase = PHASE_FAILED;
    s->message = message;
    return CISAL_ERROR;
}

static const char *body_message(int status) {
    switch (status) {
    case ISAL_INVALID_BLOCK: return "invalid block";
    case ISAL_INVALID_SYMBOL: return "invalid code";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    default: return "invalid deflate data";
    }
}

static const char *header_message(int status) {
    switch (status) {
    case ISAL_INVALID_WRAPPER: return "incorrect header check";
    case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM: return "header crc mismatch";
    default: return "invalid gzip header";
    }
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

// Fails at `position` bytes into the member, as zlib does: the bytes before it are consumed.
static int fail_at(cisal_inflater *s, uint32_t position, const char *message) {
    struct inflate_state *st = &s->state;
    uint32_t buffered = (uint32_t)st->tmp_in_size;
    uint32_t take = position > buffered ? position - buffered : 0;
    if (take > st->avail_in) take = st->avail_in;
    st->next_in += take;
    st->avail_in -= take;
    return fail(s, message);
}

// Checks the magic bytes, method and flags as soon as they are in, at zlib's offsets (after the
// 2nd byte for the magic, after the 4th for the others); ISA-L would only look once the 10-byte
// base header is complete, and check a header CRC first. Until the base header is complete,
// ISA-L keeps its first bytes in tmp_in_buffer.
static int check_start(cisal_inflater *s) {
    struct inflate_state *st = &s->state;
    if (s->start_checked || st->block_state != ISAL_BLOCK_NEW_HDR) return CISAL_OK;
    uint32_t buffered = (uint32_t)st->tmp_in_size, have = buffered + st->avail_in;
    uint8_t bytes[4];
    for (uint32_t i = 0; i < 4 && i < have; i++) bytes[i] = i < buffered ? st->tmp_in_buffer[i] : st->next_in[i - buffered];
    if (have >= 2 && (bytes[0] != 0x1F || bytes[1] != 0x8B)) return fail_at(s, 2, "incorrect header check");
    if (have < 4) return CISAL_OK;
    if (bytes[2] != 8) return fail_at(s, 4, "unknown compression method");
    if (bytes[3] & 0xE0) return fail_at(s, 4, "unknown header flags set");
    s->start_checked = 1;
    return CISAL_OK;
}

// One step of the member's state machine; returns -2 to go on with the next phase.
static int step(cisal_inflater *s) {
    struct inflate_state *st = &s->state;
    switch (s->phase) {
    case PHASE_HEADER: {
        if (check_start(s) != CISAL_OK) return CISAL_ERROR;
        int status = isal.read_gzip_header(st, &s->header);
        if (status > 0) return CISAL_OK;  // the header goes on in the next input
        if (status < 0) return fail(s, header_message(status));
        s->phase = PHASE_BODY;
        return -2;
    }
    case PHASE_BODY: {
        int status = isal.inflate(st);
        if (status < 0) return fail(s, body_message(status));
        if (st->block_state != ISAL_BLOCK_FINISH) return CISAL_OK;  // needs input or output space
        if (!s->gzip) {
            s->phase = PHASE_DONE;
            return -2;
        }
        // The deflate data may end inside a byte: drop the padding bits. ISA-L reads ahead at
        // most 64 bits, so what is left in its bit buffer is the trailer's first bytes.
        int32_t length = st->read_in_length > 0 ? st->read_in_length : 0;
        uint64_t bits = st->read_in >> (length % 8);
        s->held_count = (uint32_t)(length / 8);
        for (uint32_t i = 0; i < s->held_count; i++) s->held[i] = (uint8_t)(bits >> (8 * i));
        st->read_in = 0;
        st->read_in_length = 0;
        s->phase = PHASE_TRAILER;
        return -2;
    }
    case PHASE_TRAILER:
        // CRC-32 then length modulo 2^32, little-endian; checked in zlib's order and at zlib's
        // offsets (right after the field that does not match).
        while (s->trailer_count < 8) {
            uint8_t byte;
            if (s->held_used < s->held_count) {
                byte = s->held[s->held_used++];
            } else if (st->avail_in > 0) {
                byte = *st->next_in++;
                st->avail_in--;
            } else {
                return CISAL_OK;
            }
            s->trailer[s->trailer_count++] = byte;
            if (s->trailer_count == 4 && le32(s->trailer) != st->crc) return fail(s, "incorrect data check");
            if (s->trailer_count == 8 && le32(s->trailer + 4) != st->total_out) return fail(s, "incorrect length check");
        }
        s->phase = PHASE_DONE;
        return -2;
    case PHASE_DONE:
        return CISAL_STREAM_END;
    case PHASE_FAILED:
        return CISAL_ERROR;
    }
    return CISAL_ERROR;
}

int cisal_inflate(cisal_inflater *s, const uint8_t **next_in, uint32_t *avail_in, uint8_t **next_out,
    uint32_t *avail_out) {
    struct inflate_state *st = &s->state;
    static const uint8_t nothing = 0;
    // ISA-L only reads through next_in; never hand it NULL, even with no input.
    st->next_in = (uint8_t *)(*next_in != NULL ? *next_in : &nothing);
    st->avail_in = *avail_in;
    st->next_out = *next_out;
    st->avail_out = *avail_out;
    int result;
    while ((result = step(s)) == -2) {}
    if (*next_in != NULL) *next_in = st->next_in;
    *avail_in = st->avail_in;
    *next_out = st->next_out;
    *avail_out = st->avail_out;
    return result;
}

uint32_t cisal_output_crc32(const cisal_inflater *s) { return s->state.crc; }

uint32_t cisal_held_input(const cisal_inflater *s) {
    return s->phase == PHASE_TRAILER || s->phase == PHASE_FAILED ? s->held_count - s->held_used : 0;
}

const char *cisal_message(const cisal_inflater *s) { return s->message ? s->message : "invalid compressed data"; }

#else  // no ISA-L header at build time: the same API, never available

int cisal_available(void) { return 0; }

const char *cisal_unavailable_reason(void) {
    return "annuaire was built without ISA-L's header <isa-l/igzip_lib.h> (rebuild it once libisal-dev is installed)";
}

int cisal_crc32(uint32_t *crc, const uint8_t *bytes, uint64_t count) {
    (void)crc, (void)bytes, (void)count;
    return 0;
}

cisal_inflater *cisal_inflater_create(int gzip) {
    (void)gzip;
    return NULL;
}

void cisal_inflater_destroy(cisal_inflater *inflater) { (void)inflater; }

void cisal_inflater_reset(cisal_inflater *inflater) { (void)inflater; }

int cisal_inflate(cisal_inflater *inflater, const uint8_t **next_in, uint32_t *avail_in, uint8_t **next_out,
    uint32_t *avail_out) {
    (void)inflater, (void)next_in, (void)avail_in, (void)next_out, (void)avail_out;
    return CISAL_ERROR;
}

uint32_t cisal_output_crc32(const cisal_inflater *inflater) {
    (void)inflater;
    return 0;
}

uint32_t cisal_held_input(const cisal_inflater *inflater) {
    (void)inflater;
    return 0;
}

const char *cisal_message(const cisal_inflater *inflater) {
    (void)inflater;
    return "ISA-L is not available";
}

#endif
