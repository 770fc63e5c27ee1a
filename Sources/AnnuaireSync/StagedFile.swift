/// A complete, verified download waiting in `partial/` to be archived once the whole night is
/// accepted (every source fetched, the PS_LibreAcces dates agreeing).
struct StagedFile: Sendable, Equatable {
    var source: SyncSource
    /// The file in the staging folder.
    var path: String
    /// The archive folder (the family's name, …).
    var folder: String
    var record: ArchiveRecord
}
