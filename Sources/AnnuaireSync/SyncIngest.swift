import AnnuaireParsing
import AnnuaireSnapshot
import Foundation

/// The one place `annuaire sync` ingests: the night's archived files against the current
/// snapshot, through the same library entry point as `annuaire ingest` (`NightlyIngest`: the
/// writers' lock, the base snapshot, the change guard, `previous.annuaire`), with each file's
/// extract time and its origin as sync determined them.
package enum SyncIngest {
    /// Ingests `files` into the snapshot at `snapshotPath` (families absent tonight carried over,
    /// an older extract refused, a night that loses too much refused by the change guard, as
    /// `annuaire ingest` does). Throws `IngestError.unchanged` when the files are already in the
    /// snapshot, `ChangeGuardError` for a refused night, `DataDirectoryLockError` when another
    /// ingest holds the data directory past the default wait.
    package static func ingest(
        _ files: [Archive.Item], snapshotPath: String, readOptions: ReadOptions = ReadOptions(),
        progress: ((IngestProgress) -> Void)? = nil, waiting: ((Int32?) -> Void)? = nil
    ) throws -> SnapshotBuilder.Summary {
        var options = readOptions
        for file in files { options.extractTimes[file.path] = file.record.assignedExtractTime }
        let builder = SnapshotBuilder(readOptions: options)
        builder.progress = progress
        let night = NightlyIngest(paths: NightlyIngest.Paths(snapshot: snapshotPath))
        return try night.run(files.map(\.path), with: builder, waiting: waiting)
    }
}
