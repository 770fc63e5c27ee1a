import CCrypto

/// An incremental SHA-1 (the checksum data.gouv.fr publishes for each resource), computed by the
/// system's libcrypto.
package struct SHA1: ~Copyable {
    private let state: OpaquePointer

    /// A new digest; stops the program when libcrypto cannot allocate one (out of memory).
    package init() {
        guard let state = ccrypto_sha1_new() else { fatalError("libcrypto could not allocate a SHA-1 state") }
        self.state = state
    }

    deinit { ccrypto_sha1_free(state) }

    /// Adds `bytes` to the digest.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = ccrypto_sha1_update(state, base, bytes.count)
    }

    /// The digest of everything added, as 40 lowercase hex digits.
    package consuming func hexDigest() -> String {
        var digest = [UInt8](repeating: 0, count: 20)
        _ = digest.withUnsafeMutableBufferPointer { ccrypto_sha1_final(state, $0.baseAddress!) }
        return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
