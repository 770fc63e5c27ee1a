import Foundation
import Testing

/// Issue 6, crash safety, with the real `annuaire` executable in child processes: a killed
/// ingest, a file size limit and a full disk each leave the previous snapshot byte for byte, and
/// no stray file for later runs to trip on.
@Suite(.serialized) final class CrashSafetyTests {
    let work = NSTemporaryDirectory() + "annuaire-crash-" + UUID().uuidString
    var data: String { work + "/data" }
    var snapshot: String { data + "/current.annuaire" }
    /// Tonight's set: synthesised, newer than the fixtures, a few MB of text.
    var tonight: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: work + "/set")) ?? []).sorted().map { work + "/set/" + $0 }
    }

    init() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let synth = try annuaire(["synth", "--scale", "0.005", "--format", "gz", "--output", work + "/set", "--as-of", "2026-11-22T06:00Z"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let base = try annuaire(["ingest", "--quiet", "--data-dir", data] + fixtureZips)
        #expect(base.status == 0, "\(base.stderr)")
    }

    deinit { try? FileManager.default.removeItem(atPath: work) }

    private func previousSnapshotIsIntact(_ before: Data, _ context: String) throws {
        #expect(try Data(contentsOf: URL(fileURLWithPath: snapshot)) == before, "\(context): the previous snapshot changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data) == ["current.annuaire"], "\(context): stray files")
        let lookup = try annuaire(["lookup", "--data-dir", data, "10000000017"])
        #expect(lookup.status == 0 && lookup.stdout.contains("DURAND"), "\(context): the previous snapshot does not answer")
    }

    @Test func aKilledIngestLeavesThePreviousSnapshotAndNoStrayFile() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        // How long a whole ingest of tonight's set takes here, to spread the kills over it.
        let start = Date()
        let full = try annuaire(["ingest", "--quiet", "--no-base", "--snapshot", work + "/timing.annuaire"] + tonight)
        #expect(full.status == 0, "\(full.stderr)")
        let duration = Date().timeIntervalSince(start)
        var killedBeforeTheEnd = 0
        for step in 0..<8 {
            let delay = duration * Double(step) / 8
            let child = try launch(["ingest", "--quiet", "--data-dir", data] + tonight)
            usleep(useconds_t(delay * 1e6))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let after = try Data(contentsOf: URL(fileURLWithPath: snapshot))
            if child.terminationReason == .uncaughtSignal && after == before {
                killedBeforeTheEnd += 1
                try previousSnapshotIsIntact(before, "killed after \(delay) s")
            } else {
                // The kill came after the rename: the new snapshot is whole, and alone.
                #expect(try annuaire(["verify", "--data-dir", data]).status == 0)
                #expect(try FileManager.default.contentsOfDirectory(atPath: data) == ["current.annuaire"])
                try before.write(to: URL(fileURLWithPath: snapshot))
            }
        }
        #expect(killedBeforeTheEnd >= 4, "most kills should land during the ingest")
        // Afterwards an ingest runs to the end as if nothing had happened.
        let done = try annuaire(["ingest", "--quiet", "--data-dir", data] + tonight)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try annuaire(["verify", "--data-dir", data]).status == 0)
    }

    @Test func aFileSizeLimitIsAClearErrorAndTheSnapshotIsKept() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        // 256 blocks of 512 bytes (dash) or 1 KiB (bash): far less than tonight's snapshot.
        let limited = try annuaire(["ingest", "--data-dir", data] + tonight, shellPrefix: "ulimit -f 256")
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(limited.stderr.contains("file size limit"), "\(limited.stderr)")
        #expect(limited.stderr.contains("previous snapshot"), "\(limited.stderr)")
        try previousSnapshotIsIntact(before, "ulimit -f")
    }

    @Test(.enabled(if: canMountSmallFileSystems, "needs root and permission to mount a tmpfs"))
    func aFullDiskIsAClearErrorAndTheSnapshotIsKept() throws {
        let small = work + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        #expect(try command(["/bin/mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", small]).status == 0)
        defer { _ = try? command(["/bin/umount", small]) }
        let base = try annuaire(["ingest", "--quiet", "--data-dir", small] + fixtureZips)
        #expect(base.status == 0, "\(base.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: small + "/current.annuaire"))
        let full = try annuaire(["ingest", "--data-dir", small] + tonight)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("disk is full"), "\(full.stderr)")
        #expect(full.stderr.contains("previous snapshot"), "\(full.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: small + "/current.annuaire")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: small) == ["current.annuaire"])
    }

    @Test func temporaryNamesLeftByDeadProcessesAreRemovedByTheNextIngest() throws {
        let dead = data + "/.annuaire-2147480000-1.tmp"
        FileManager.default.createFile(atPath: dead, contents: Data("half a snapshot".utf8))
        let run = try annuaire(["ingest", "--quiet", "--data-dir", data] + tonight)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(try FileManager.default.contentsOfDirectory(atPath: data) == ["current.annuaire"])
    }
}

// MARK: - Child processes

private let fixtureZips = ["PS_LibreAcces", "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante"].map {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        + "/Fixtures/\($0)_202611220315.zip"
}

/// The `annuaire` executable built beside this test bundle.
private let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("annuaire").path

struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

private func launch(_ arguments: [String], shellPrefix: String? = nil, output: FileHandle? = nil, error: FileHandle? = nil) throws
    -> Process
{
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(executable) is missing: build the package first"])
    }
    let process = Process()
    if let shellPrefix {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", shellPrefix + " && exec \"$0\" \"$@\"", executable] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    }
    process.standardOutput = output ?? FileHandle.nullDevice
    process.standardError = error ?? FileHandle.nullDevice
    try process.run()
    return process
}

/// Runs `annuaire ARGS…` to its end, with its output.
private func annuaire(_ arguments: [String], shellPrefix: String? = nil) throws -> Finished {
    let out = Pipe()
    let err = Pipe()
    let process = try launch(arguments, shellPrefix: shellPrefix, output: out.fileHandleForWriting, error: err.fileHandleForWriting)
    try out.fileHandleForWriting.close()
    try err.fileHandleForWriting.close()
    // Read both to the end (in turn is fine: the outputs here are small).
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Finished(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

private func command(_ argv: [String]) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0])
    process.arguments = Array(argv.dropFirst())
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Finished(status: process.terminationStatus, stdout: "", stderr: "")
}

/// Whether this machine lets the tests mount a tmpfs (root in a VM: yes; an unprivileged
/// container: no).
private let canMountSmallFileSystems: Bool = {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
    let probe = NSTemporaryDirectory() + "annuaire-mount-probe-" + UUID().uuidString
    guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else { return false }
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard (try? command(["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]))?.status == 0 else { return false }
    _ = try? command(["/bin/umount", probe])
    return true
}()
