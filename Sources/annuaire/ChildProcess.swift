import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A finished child process: wall time, peak resident memory and exit status.
struct ChildRun {
    var seconds: Double
    var peakKB: Int
    var status: Int32
}

/// Runs `argv` with standard output to `stdoutPath` (and standard error to /dev/null unless
/// asked), measuring wall time and the peak RSS that `wait4` reports.
func runChild(_ argv: [String], stdoutPath: String = "/dev/null", keepStderr: Bool = false) throws -> ChildRun {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if !keepStderr { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    var cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    var pid: pid_t = 0
    let start = monotonicNow()
    let spawned = posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ)
    guard spawned == 0 else { throw ValidationErrorText("cannot start \(argv[0]) (errno \(spawned))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = monotonicNow() - start
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ChildRun(seconds: seconds, peakKB: Int(usage.ru_maxrss), status: exit)
}

func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// This program's own executable, to run phases as children.
var selfExecutable: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
