import Foundation
import Testing

/// Issue 6, crash safety, with the real `annuaire` executable in child processes: a killed
/// ingest (tonight's synthesised set replaces the fixtures' practitioners, so these ingests pass
/// `--force` to the change guard), a file size limit and a full disk each leave the previous snapshot byte for byte, and
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
        #expect(try strayFiles(in: data) == [], "\(context): stray files")
        let lookup = try annuaire(["lookup", "--data-dir", data, "10000000017"])
        #expect(lookup.status == 0 && lookup.stdout.contains("DURAND"), "\(context): the previous snapshot does not answer")
    }

    @Test func aKilledIngestLeavesThePreviousSnapshotAndNoStrayFile() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        // The progress reports of a whole ingest of tonight's set (`--progress-lines`), to spread
        // the kills over them: each kill lands just after the ingest itself says it got that far,
        // however fast or loaded the machine is.
        let full = try annuaire(["ingest", "--quiet", "--progress-lines", "--no-base", "--snapshot", work + "/timing.annuaire"] + tonight)
        #expect(full.status == 0, "\(full.stderr)")
        let reports = full.stderr.split(separator: "\n").filter { $0.hasPrefix("progress ") }
        // Up to the report that the snapshot is being written (the last before the rename).
        guard let writing = reports.firstIndex(where: { $0.hasPrefix("progress writing") }) else {
            Issue.record("no `progress writing` line in \(full.stderr)")
            return
        }
        var killedBeforeTheEnd = 0
        for step in 0..<8 {
            let target = min(writing, writing * step / 7)
            let err = Pipe()
            let child = try launch(
                ["ingest", "--quiet", "--progress-lines", "--force", "--data-dir", data] + tonight, error: err.fileHandleForWriting)
            try err.fileHandleForWriting.close()
            let seen = try readLines(from: err.fileHandleForReading, until: target + 1, prefix: "progress ")
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let after = try Data(contentsOf: URL(fileURLWithPath: snapshot))
            if child.terminationReason == .uncaughtSignal && after == before {
                killedBeforeTheEnd += 1
                try previousSnapshotIsIntact(before, "killed after progress report \(seen) of \(reports.count)")
            } else {
                // The kill came after the rename: the new snapshot is whole, and alone.
                #expect(try annuaire(["verify", "--data-dir", data]).status == 0)
                #expect(try strayFiles(in: data) == [])
                try before.write(to: URL(fileURLWithPath: snapshot))
            }
        }
        // Every kill is sent before the rename; only the last (at `writing`) could arrive after it.
        #expect(killedBeforeTheEnd >= 7, "the kills should land during the ingest")
        // Afterwards an ingest runs to the end as if nothing had happened: the killed ones held the
        // data directory's lock, which went with them (`--no-wait` would fail at once otherwise).
        let done = try annuaire(["ingest", "--quiet", "--force", "--no-wait", "--data-dir", data] + tonight)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try annuaire(["verify", "--data-dir", data]).status == 0)
    }

    @Test func aFileSizeLimitIsAClearErrorAndTheSnapshotIsKept() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        // 256 blocks of 512 bytes (dash) or 1 KiB (bash): far less than tonight's snapshot.
        let limited = try annuaire(["ingest", "--force", "--data-dir", data] + tonight, shellPrefix: "ulimit -f 256")
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
        let full = try annuaire(["ingest", "--force", "--data-dir", small] + tonight)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("disk is full"), "\(full.stderr)")
        #expect(full.stderr.contains("previous snapshot"), "\(full.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: small + "/current.annuaire")) == before)
        #expect(try strayFiles(in: small) == [])
    }

    @Test func temporaryNamesLeftByDeadProcessesAreRemovedByTheNextIngest() throws {
        let dead = data + "/.annuaire-2147480000-1.tmp"
        _ = FileManager.default.createFile(atPath: dead, contents: Data("half a snapshot".utf8))
        let run = try annuaire(["ingest", "--quiet", "--force", "--data-dir", data] + tonight)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(try strayFiles(in: data) == [])
    }
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
