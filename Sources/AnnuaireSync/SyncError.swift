/// Why a transfer or a sync failed; `isTransient` tells whether trying again may help.
package enum SyncError: Error, Equatable, CustomStringConvertible {
    /// An HTTP status other than 200, 206 and 304.
    case status(url: String, code: Int, reason: String)
    /// The connection failed, was reset, or timed out; `detail` is the client's error.
    case transport(url: String, detail: String)
    /// No byte arrived for the read timeout.
    case timeout(url: String, seconds: Double)
    /// The body ended before its announced length.
    case shortBody(url: String, received: Int64, expected: Int64)
    /// The body's SHA-1 is not the one the publisher gives.
    case checksumMismatch(url: String, file: String, actual: String, expected: String)
    /// A 206 answer whose `Content-Range` does not continue the partial file.
    case badRange(url: String, contentRange: String, partialBytes: Int64)
    /// No rule gave the file an extract time.
    case noExtractTime(url: String, fileName: String)
    /// The PS_LibreAcces files of the night carry different dates.
    case mixedNight(files: [String])
    /// A local file could not be written or moved.
    case file(path: String, detail: String)
    case badSourcesFile(path: String, reason: String)
    /// The TLS chain was not trusted (the ANS service needs `--ca-file`).
    case untrustedCertificate(url: String, detail: String)

    /// Whether a later attempt may succeed: connection errors, timeouts, 5xx, 408, 429, short
    /// bodies, a checksum mismatch (a file swapped during its upload) and a mixed night.
    package var isTransient: Bool {
        switch self {
        case let .status(_, code, _): return code == 408 || code == 429 || code >= 500
        case .transport, .timeout, .shortBody, .checksumMismatch, .badRange, .mixedNight: return true
        case .noExtractTime, .file, .badSourcesFile, .untrustedCertificate: return false
        }
    }

    package var description: String {
        switch self {
        case let .status(url, code, reason):
            let hint =
                code == 404
                ? " (the file is not there: check the URL, or the publisher removed this version)"
                : code >= 500 || code == 429 || code == 408 ? " (a transient failure, retried within --retry-for)" : ""
            return "\(url): HTTP \(code) \(reason)\(hint)"
        case let .transport(url, detail): return "\(url): connection failed: \(detail)"
        case let .timeout(url, seconds):
            // Said without a culprit: a stalled server, a broken network path and a machine too
            // busy to read for that long all look the same from here.
            return
                "\(url): no byte received for \(formatSeconds(seconds)) (read timeout): the server or the network stalled, or this machine was too busy to read; retried within --retry-for"
        case let .shortBody(url, received, expected):
            return
                "\(url): the body ended at byte \(received) of \(expected) announced (Content-Length); the partial file is kept and resumed with Range on the next attempt"
        case let .checksumMismatch(url, file, actual, expected):
            return "\(url): \(file) has SHA-1 \(actual), but the publisher gives \(expected); the file was discarded"
        case let .badRange(url, range, partial):
            return "\(url): asked for the bytes from \(partial), the server answered Content-Range \(range); restarting from byte 0"
        case let .noExtractTime(url, name):
            return
                "\(url): cannot tell the extract time of \(name): no timestamp in a Content-Disposition file name, no upload folder in the URL, no Last-Modified"
        case let .mixedNight(files):
            return
                "the PS_LibreAcces files of the night carry different dates (\(files.joined(separator: ", "))): a download during the publisher's upload; not ingesting a mixed night. Run sync again later."
        case let .file(path, detail): return "\(path): \(detail)"
        case let .badSourcesFile(path, reason):
            return "\(path): not a sources file (\(reason)); fix it or write it again with `annuaire sync --save`"
        case let .untrustedCertificate(url, detail):
            return
                "\(url): the server's certificate is not trusted (\(detail)). The ANS service chains to the IGC-Santé root, which public trust stores lack: give its chain with --ca-file FILE.pem (certificate checks are never turned off)."
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s < 10 ? "\((s * 10).rounded() / 10) s" : "\(Int(s.rounded())) s"
}
