import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// Issue 15: a night through `NightlyIngest` stores its change summary, keeps the snapshot it
/// replaces as `previous.annuaire`, and is refused by the change guard when a family read tonight
/// loses too much, leaving the current snapshot as it was, unless forced.
@Suite struct NightlyIngestTests {
    let dir = TemporaryDirectory()
    var data: String { dir.path + "/data" }
    var paths: NightlyIngest.Paths { NightlyIngest.Paths(dataDirectory: data) }

    /// The fixture `family` file under a later extract time, keeping its first `keep` data lines.
    func tonight(_ index: Int, stamp: String, keep: Int = .max) throws -> String {
        let lines = try String(contentsOfFile: fixtureFiles[index], encoding: .utf8).split(separator: "\n").map(String.init)
        let name = fixtureFiles[index].split(separator: "/").last!.replacingOccurrences(of: fixtureStamp, with: stamp)
        return dir.write("in/" + name, text: ([lines[0]] + lines.dropFirst().prefix(keep)).joined(separator: "\n") + "\n")
    }

    @discardableResult
    func run(_ files: [String], _ options: NightlyIngest.Options = .init()) throws -> SnapshotBuilder.Summary {
        try NightlyIngest(paths: paths, options: options).run(files, with: SnapshotBuilder())
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func aNightStoresItsChangesAndKeepsThePreviousSnapshot() throws {
        let first = try run(fixtureFiles)
        #expect(first.provenance.changes == nil)
        #expect(!FileManager.default.fileExists(atPath: paths.previous))
        let before = try bytes(paths.snapshot)
        let second = try run([try tonight(3, stamp: "202611230315")])
        // The previous snapshot is the one replaced, byte for byte; the new one says what changed.
        #expect(try bytes(paths.previous) == before)
        let stored = try Snapshot(path: paths.snapshot).provenance
        #expect(stored == second.provenance)
        let changes = try #require(stored.changes)
        #expect((changes.added, changes.removed, changes.changed) == (0, 0, 0))
        #expect(changes.family(.cartes)?.rows == 2)
        #expect(changes.baseCreatedAt == (try Snapshot(path: paths.previous)).createdAt)
        #expect(try Snapshot(path: paths.snapshot).verify() == ())
        #expect(try SnapshotDiff(old: Snapshot(path: paths.previous), new: Snapshot(path: paths.snapshot)).summary() == changes)
    }

    @Test func aFamilyCutInHalfIsRefusedAndTheSnapshotKeptUnlessForced() throws {
        try run(fixtureFiles)
        let before = try bytes(paths.snapshot)
        let half = try tonight(0, stamp: "202611230315", keep: 3)
        do {
            try run([half])
            Issue.record("a personne-activite file cut in half was accepted")
        } catch let error as ChangeGuardError {
            #expect(error.family == .personneActivite)
            #expect((error.before, error.after) == (5, 2))
            let message = error.description
            for part in ["personne-activite", "5", "2", "5 %", "--force", "--max-removed", paths.snapshot] {
                #expect(message.contains(part), "\(part) missing from: \(message)")
            }
        }
        #expect(try bytes(paths.snapshot) == before)
        #expect(!FileManager.default.fileExists(atPath: paths.previous))
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).sorted() == ["current.annuaire", "ingest.lock"])
        // A larger threshold, or --force, accepts it.
        let forced = try run([half], .init(force: true))
        #expect(forced.provenance.changes?.family(.personneActivite)?.removed == 3)
        #expect(try bytes(paths.previous) == before)
    }

    @Test func rowsLostAreJudgedToo() throws {
        try run(fixtureFiles)
        // DURAND keeps one of her two rows: no practitioner is lost, one row of six is (17 %).
        let lines = try String(contentsOfFile: fixtureFiles[0], encoding: .utf8).split(separator: "\n").map(String.init)
        let name = "PS_LibreAcces_Personne_activite_202611230315.txt"
        let file = dir.write("in/" + name, text: ([lines[0], lines[1]] + lines[3...]).joined(separator: "\n") + "\n")
        #expect(throws: ChangeGuardError.self) { try run([file]) }
        #expect(try run([file], .init(changeGuard: ChangeGuard(maxRemoved: 0.2))).provenance.changes?.family(.personneActivite)?.rows == 5)
    }

    @Test func aHeldLockIsNamedOrWaitedFor() throws {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let lock = try DataDirectoryLock(path: paths.lock, wait: .noWait)
        #expect(throws: DataDirectoryLockError.held(path: paths.lock, pid: getpid())) {
            try run(fixtureFiles, .init(wait: .noWait))
        }
        #expect(throws: DataDirectoryLockError.timedOut(path: paths.lock, pid: getpid(), seconds: 0.1)) {
            try run(fixtureFiles, .init(wait: .upTo(seconds: 0.1)))
        }
        lock.release()
        #expect(try run(fixtureFiles, .init(wait: .noWait)).provenance.practitioners == 5)
    }

    @Test func aSnapshotNamedDirectlyKeepsItsPreviousBesideIt() {
        let p = NightlyIngest.Paths(snapshot: "/srv/a/night.annuaire")
        #expect(p.previous == "/srv/a/night.previous.annuaire" && p.lock == "/srv/a/ingest.lock")
        #expect(NightlyIngest.Paths(snapshot: "/srv/a/current.annuaire") == NightlyIngest.Paths(dataDirectory: "/srv/a"))
    }
}
