#ifndef CCRYPTO_H
#define CCRYPTO_H

#include <stddef.h>
#include <stdint.h>

/// An incremental SHA-1 over the system libcrypto (OpenSSL's EVP interface).
typedef struct ccrypto_sha1 ccrypto_sha1;

/// A new digest state, or NULL when libcrypto cannot allocate one.
ccrypto_sha1 *ccrypto_sha1_new(void);
/// Adds `count` bytes; returns 0 on failure.
int ccrypto_sha1_update(ccrypto_sha1 *state, const void *bytes, size_t count);
/// Writes the 20-byte digest; returns 0 on failure. The state cannot be updated afterwards.
int ccrypto_sha1_final(ccrypto_sha1 *state, uint8_t digest[20]);
/// Frees the state.
void ccrypto_sha1_free(ccrypto_sha1 *state);

#endif
