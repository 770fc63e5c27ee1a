#include "ccrypto.h"

#include <openssl/evp.h>

ccrypto_sha1 *ccrypto_sha1_new(void) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return NULL;
    if (EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return NULL;
    }
    return (ccrypto_sha1 *)ctx;
}

int ccrypto_sha1_update(ccrypto_sha1 *state, const void *bytes, size_t count) {
    return EVP_DigestUpdate((EVP_MD_CTX *)state, bytes, count) == 1;
}

int ccrypto_sha1_final(ccrypto_sha1 *state, uint8_t digest[20]) {
    unsigned int length = 0;
    return EVP_DigestFinal_ex((EVP_MD_CTX *)state, digest, &length) == 1 && length == 20;
}

void ccrypto_sha1_free(ccrypto_sha1 *state) { EVP_MD_CTX_free((EVP_MD_CTX *)state); }
