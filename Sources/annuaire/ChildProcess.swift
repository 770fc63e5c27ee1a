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
    let peakFile = NSTemporaryDirectory() + "annuaire-peak-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let environment: [String] =
        ProcessInfo.processInfo.environment.filter { $0.key != peakFileVariable }.map { "\($0.key)=\($0.value)" }
        + ["\(peakFileVariable)=\(peakFile)"]
    var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer { cEnv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = monotonicNow()
    let spawned = posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, &cEnv)
    guard spawned == 0 else { throw ValidationErrorText("cannot start \(argv[0]) (errno \(spawned))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = monotonicNow() - start
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    // An annuaire child (even inside a shell pipeline) reports its own peak; for other programs
    // `ru_maxrss` also counts the pages of this process at the time of the spawn.
    var peakKB = Int(usage.ru_maxrss)
    if let reported = try? String(contentsOfFile: peakFile, encoding: .utf8),
        let kb = Int(reported.trimmingCharacters(in: .whitespacesAndNewlines))
    {
        peakKB = kb
    }
    unlink(peakFile)
    return ChildRun(seconds: seconds, peakKB: peakKB, status: exit)
}

/// When set, `annuaire` writes its peak resident memory (kB) to this file on exit.
let peakFileVariable = "ANNUAIRE_PEAK_FILE"

/// This process's peak RSS in kB (`VmHWM`: its own address space only, unlike `ru_maxrss`,
/// which for a spawned process starts from its parent's pages), written where the variable says.
func writePeakMemory() {
    guard let path = getenv(peakFileVariable).map({ String(cString: $0) }),
        let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return }
    let kb = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
    try? kb.write(toFile: path, atomically: false, encoding: .utf8)
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
