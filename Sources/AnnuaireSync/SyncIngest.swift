import AnnuaireParsing
import AnnuaireSnapshot
import Foundation

/// The one place `annuaire sync` ingests: the night's archived files against the current
/// snapshot, by the same library path as `annuaire ingest` (the base snapshot opened, then
/// `SnapshotBuilder.ingest`), with each file's extract time and its origin as sync determined them.
public enum SyncIngest {
    /// Ingests `files` into the snapshot at `snapshotPath` (families absent tonight carried over,
    /// an older extract refused, as `annuaire ingest` does). Throws `IngestError.unchanged` when
    /// the files are already in the snapshot.
    public static func ingest(
        _ files: [Archive.Item], snapshotPath: String, readOptions: ReadOptions = ReadOptions(),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> SnapshotBuilder.Summary {
        var options = readOptions
        for file in files { options.extractTimes[file.path] = file.record.assignedExtractTime }
        let builder = SnapshotBuilder(readOptions: options)
        builder.progress = progress
        try FileManager.default.createDirectory(
            atPath: (snapshotPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let base = FileManager.default.fileExists(atPath: snapshotPath) ? try Snapshot(path: snapshotPath) : nil
        return try builder.ingest(files.map(\.path), into: snapshotPath, base: base, force: false)
    }
}
