import Foundation
import Testing

/// Issue 15, one writer at a time, with real processes: two ingests into one data directory run
/// one after the other and the second builds on the first; a held lock makes `--no-wait` fail
/// naming the holder and a waiting ingest go on when it is released; readers never wait.
@Suite final class WriterLockTests {
    let work = NSTemporaryDirectory() + "annuaire-lock-" + UUID().uuidString
    var data: String { work + "/data" }
    let fixtures = root + "/Fixtures"

    init() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let base = try annuaire(["ingest", "--quiet", "--data-dir", data] + fixtureZips)
        #expect(base.status == 0, "\(base.stderr)")
    }

    deinit { try? FileManager.default.removeItem(atPath: work) }

    /// A copy of a fixture under tonight's name: same rows, a newer extract time.
    private func tonight(_ fixture: String, as name: String) throws -> String {
        let path = work + "/" + name
        try FileManager.default.copyItem(atPath: fixtures + "/" + fixture, toPath: path)
        return path
    }

    /// The extract time of each family's inputs, from `status --json`.
    private func extractTimes() throws -> [String: String] {
        let status = try annuaire(["status", "--json", "--data-dir", data])
        #expect(status.status == 0, "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as! [String: Any]
        let inputs = (json["provenance"] as! [String: Any])["inputs"] as! [[String: Any]]
        return Dictionary(inputs.map { ($0["family"] as! String, $0["extractTime"] as! String) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func twoIngestsStartedTogetherLeaveBothFamilies() throws {
        let cards = try tonight("Porteurs_CPS_CPF_202611220315.txt", as: "Porteurs_CPS_CPF_202611230315.txt")
        let mail = try tonight(
            "Extraction_Correspondance_MSSante_202611220315.txt", as: "Extraction_Correspondance_MSSante_202611230315.txt")
        let first = Pipe()
        let second = Pipe()
        let a = try launch(["ingest", "--quiet", "--data-dir", data, cards], error: first.fileHandleForWriting)
        let b = try launch(["ingest", "--quiet", "--data-dir", data, mail], error: second.fileHandleForWriting)
        try first.fileHandleForWriting.close()
        try second.fileHandleForWriting.close()
        let errors = [first, second].map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "\(errors)")
        // Both nights are in the snapshot: the second writer built on what the first wrote.
        let times = try extractTimes()
        #expect(times["cartes"]?.hasPrefix("2026-11-23") == true, "\(times) \(errors)")
        #expect(times["mssante"]?.hasPrefix("2026-11-23") == true, "\(times) \(errors)")
        #expect(times["personne-activite"]?.hasPrefix("2026-11-22") == true, "\(times)")
        #expect(try annuaire(["verify", "--data-dir", data]).status == 0)
        #expect(try strayFiles(in: data) == [])
    }

    @Test func aHeldLockStopsANoWaitIngestNamingTheHolderAndAWaitingOneGoesOnWhenReleased() throws {
        // The lock taken by this process, as an ingest takes it: flock on the data directory's file.
        let fd = open(data + "/ingest.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        var released = false
        defer { if !released { close(fd) } }
        let before = try Data(contentsOf: URL(fileURLWithPath: data + "/current.annuaire"))
        let cards = try tonight("Porteurs_CPS_CPF_202611220315.txt", as: "Porteurs_CPS_CPF_202611230315.txt")

        let refused = try annuaire(["ingest", "--no-wait", "--data-dir", data, cards])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("PID \(getpid())"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--wait"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/current.annuaire")) == before)

        // Readers do not take the lock.
        let lookup = try annuaire(["lookup", "--data-dir", data, "10000000017"])
        #expect(lookup.status == 0, "\(lookup.stderr)")
        #expect(try annuaire(["status", "--data-dir", data]).status == 0)

        let short = try annuaire(["ingest", "--wait", "1s", "--data-dir", data, cards])
        #expect(short.status == 1 && short.stderr.contains("PID \(getpid())"), "\(short.stderr)")

        let err = Pipe()
        let waiting = try launch(["ingest", "--quiet", "--wait", "5m", "--data-dir", data, cards], error: err.fileHandleForWriting)
        try err.fileHandleForWriting.close()
        // It says it waits (and for whom) before it waits; then the lock goes, and it goes on.
        #expect(try readLines(from: err.fileHandleForReading, until: 1, prefix: "annuaire: waiting for another ingest") == 1)
        #expect(waiting.isRunning)
        close(fd)
        released = true
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0)
        #expect(try extractTimes()["cartes"]?.hasPrefix("2026-11-23") == true)
    }
}
