/// What can go wrong while writing synthesized files: each case names the file.
public enum SynthError: Error, Equatable, CustomStringConvertible {
    /// The options are out of range (`reason` says which and why).
    case invalidOptions(reason: String)
    /// A file (or its directory) cannot be created; `errno` says why.
    case cannotCreate(path: String, errno: Int32)
    /// Writing a file failed (a full disk…); `errno` says why.
    case writeFailed(path: String, errno: Int32)
    /// A finished file could not be renamed into place; `errno` says why.
    case renameFailed(path: String, errno: Int32)
    /// zlib refused: `status` is its return code.
    case compressionFailed(path: String, status: Int32)
    /// A zip entry or archive passed 4 GiB: this writer does not write ZIP64.
    case zipTooLarge(path: String, entry: String)
    /// A call out of order (e.g. `write` before `beginEntry`).
    case misuse(path: String, reason: String)

    /// What happened, where, and what to do.
    public var description: String {
        switch self {
        case .invalidOptions(let reason): "invalid options: \(reason)"
        case .cannotCreate(let path, let errno): "cannot create \(path): \(errorText(errno))"
        case .writeFailed(let path, let errno): "cannot write \(path): \(errorText(errno)) (is the disk full?)"
        case .renameFailed(let path, let errno): "cannot rename the temporary file to \(path): \(errorText(errno))"
        case .compressionFailed(let path, let status): "zlib failed (status \(status)) while writing \(path)"
        case .zipTooLarge(let path, let entry):
            "\(path): entry \(entry) or the archive passes 4 GiB, which needs ZIP64: use a smaller scale or the gz format"
        case .misuse(let path, let reason): "\(path): \(reason)"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return "\(String(cString: text)) (errno \(code))"
}
