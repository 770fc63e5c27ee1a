import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// One night's ingest into a data directory, as `annuaire ingest` (and any scheduled job) runs it.
///
/// In order: take the directory's writer lock (`DataDirectoryLock`, waiting as `Options.wait`
/// says), open the current snapshot as the base (format 3, or format 2 to be carried over into the
/// new format), build the new one (`SnapshotBuilder`), compare
/// it with the base (`SnapshotDiff.summary`, stored in its provenance as `changes`), refuse it if
/// the change guard says so (unless `force`), keep the current snapshot as the previous one (a
/// hard link, so `annuaire diff` can compare the two nights), and rename the new one into place;
/// then release the lock. A refused or failed night leaves the current snapshot as it was.
public struct NightlyIngest {
    /// The files of a data directory that an ingest touches.
    public struct Paths: Sendable, Equatable {
        /// The current snapshot.
        public var snapshot: String
        /// Where the snapshot it replaces is kept.
        public var previous: String
        /// The writers' lock file.
        public var lock: String

        /// `current.annuaire`, `previous.annuaire` and `ingest.lock` in `directory`.
        public init(dataDirectory directory: String) {
            snapshot = directory + "/current.annuaire"
            previous = directory + "/previous.annuaire"
            lock = directory + "/ingest.lock"
        }

        /// A snapshot named directly: `NAME.annuaire` keeps its previous as `NAME.previous.annuaire`
        /// (`current.annuaire`, as `previous.annuaire`); the lock is `ingest.lock` beside it.
        public init(snapshot: String) {
            let directory = AtomicFile.directory(of: snapshot)
            let name = snapshot.split(separator: "/").last.map(String.init) ?? snapshot
            let stem = name.hasSuffix(".annuaire") ? String(name.dropLast(".annuaire".count)) : name
            self.snapshot = snapshot
            previous = directory + "/" + (stem == "current" ? "previous.annuaire" : stem + ".previous.annuaire")
            lock = directory + "/ingest.lock"
        }
    }

    /// How the night is run.
    public struct Options: Sendable, Equatable {
        /// Accept an older extract than the base's, and a night the change guard refuses.
        public var force = false
        /// Build on the current snapshot (carry absent families over, compare with it).
        public var useBase = true
        /// How long to wait for another writer's lock.
        public var wait = DataDirectoryLock.WaitPolicy.standard
        /// How much of a family a night may lose before it is refused.
        public var changeGuard = ChangeGuard.standard

        /// Options of a nightly ingest (the defaults: build on the base, wait, guard at 5 %).
        public init(
            force: Bool = false, useBase: Bool = true, wait: DataDirectoryLock.WaitPolicy = .standard, changeGuard: ChangeGuard = .standard
        ) {
            self.force = force
            self.useBase = useBase
            self.wait = wait
            self.changeGuard = changeGuard
        }
    }

    /// The inputs, and the data directory's snapshot paths.
    public var paths: Paths
    /// How the night is run.
    public var options: Options

    /// A nightly ingest of `paths` under `options`.
    public init(paths: Paths, options: Options = Options()) {
        self.paths = paths
        self.options = options
    }

    /// Ingests `files` with `builder` (its read options, progress and quarantine). `waiting` is
    /// called once, with the holder's PID if known, when another writer holds the lock and the
    /// policy is to wait. Throws `DataDirectoryLockError`, `ChangeGuardError`, `IngestError`
    /// (`unchanged` for a night already ingested) or `SnapshotError`.
    public func run(_ files: [String], with builder: SnapshotBuilder, waiting: ((Int32?) -> Void)? = nil) throws -> SnapshotBuilder.Summary
    {
        let directory = AtomicFile.directory(of: paths.snapshot)
        if mkdir(directory, 0o755) != 0, errno != EEXIST {
            throw SnapshotError.writeFailed(path: directory, errno: errno, during: "creating the data directory")
        }
        let lock = try DataDirectoryLock(path: paths.lock, wait: options.wait, waiting: waiting)
        let exists = access(paths.snapshot, F_OK) == 0
        // A snapshot of the previous format is read too: its families carry over into the new one.
        let base = options.useBase && exists ? try openBase(paths.snapshot) : nil
        let paths = self.paths
        let options = self.options
        let saved = builder.review
        defer { builder.review = saved }
        builder.review = { new in
            var summary: ChangeSummary?
            if let base {
                summary = try SnapshotDiff.summary(old: base, new: new)
                if !options.force, let summary {
                    let tonight = Set(new.provenance.inputs.filter { !$0.carriedOver }.map(\.family))
                    try options.changeGuard.check(summary, families: tonight, snapshot: paths.snapshot)
                }
            }
            if exists { try Self.keep(paths.snapshot, as: paths.previous) }
            return summary
        }
        let summary = try builder.build(files, into: paths.snapshot, base: base, force: options.force)
        lock.release()
        return summary
    }

    /// Makes `previous` a hard link to `current`, atomically (a link under a temporary name, then
    /// a rename over the old `previous`).
    static func keep(_ current: String, as previous: String) throws {
        let directory = AtomicFile.directory(of: previous)
        let staging = "\(directory)/.annuaire-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard link(current, staging) == 0 else {
            throw SnapshotError.writeFailed(
                path: previous, errno: errno, during: "keeping the current snapshot as the previous one (hard link)")
        }
        guard rename(staging, previous) == 0 else {
            let err = errno
            unlink(staging)
            throw SnapshotError.writeFailed(path: previous, errno: err, during: "keeping the current snapshot as the previous one (rename)")
        }
    }
}
