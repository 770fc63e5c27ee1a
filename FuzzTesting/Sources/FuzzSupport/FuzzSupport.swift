#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file holding the current input, for readers that only take a path (zip, snapshot): written
/// when made, removed when it goes away, in `/dev/shm` when it exists (no disk I/O per run).
public struct ScratchFile: ~Copyable {
    public let path: String

    /// Writes `bytes` to a scratch file named after `name` and the process id. A failure here is
    /// the harness's, not the reader's: it stops the run.
    public init(_ name: String, contents bytes: UnsafeRawBufferPointer) {
        path = Self.path(name)
        Self.write(bytes, to: path)
    }

    /// Writes `bytes` to a scratch file named after `name` and the process id.
    public init(_ name: String, contents bytes: [UInt8]) {
        path = Self.path(name)
        bytes.withUnsafeBytes { Self.write($0, to: path) }
    }

    private static func path(_ name: String) -> String {
        var info = stat()
        let directory = stat("/dev/shm", &info) == 0 ? "/dev/shm" : (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        return "\(directory)/annuaire-fuzz-\(getpid())-\(name)"
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(fd >= 0, "cannot create the scratch file \(path) (errno \(errno))")
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            precondition(n > 0, "cannot write the scratch file \(path) (errno \(errno))")
            done += n
        }
    }

    deinit { unlink(path) }
}

/// A size picked among `choices` by a hash of the input's length and first bytes, so the same
/// input always runs the same way (libFuzzer needs reproducible runs) while different inputs
/// exercise different chunk boundaries.
public func pick(_ choices: [Int], for input: UnsafeRawBufferPointer, salt: UInt64 = 0) -> Int {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
    h = (h ^ UInt64(input.count)) &* 0x0000_0100_0000_01B3
    for b in input.prefix(8) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return choices[Int(h % UInt64(choices.count))]
}

/// Reads `stream`-like sources to the end through `read`, at most `limit` bytes (a bomb that
/// inflates past it is not a finding: the library's own cap is `ReadOptions.maxTextBytes`).
/// Returns the bytes read.
@discardableResult
public func drain(bufferSize: Int, limit: Int = 256 << 20, _ read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Int {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
    defer { buffer.deallocate() }
    var total = 0
    while total < limit {
        let n = try read(buffer)
        precondition(n >= 0 && n <= bufferSize, "read returned \(n) for a buffer of \(bufferSize)")
        if n == 0 { break }
        total += n
    }
    return total
}

/// The signature of `LLVMFuzzerTestOneInput`.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ target: FuzzTarget
) -> Int32

/// Hands the process to libFuzzer's driver (flags, corpus, mutation loop) with `target`.
///
/// Why: SwiftPM links every executable target with `--defsym main=<Target>_main` (so that tests
/// can import executables), and `-parse-as-library` leaves no Swift entry point to alias. Each
/// target therefore exports `<Target>_main` itself, and that function only calls this one;
/// `main` still comes from libFuzzer's runtime in spirit: its driver runs the whole process.
public func runLibFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: FuzzTarget) -> Int32 {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv, target)
}
