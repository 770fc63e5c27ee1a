import Foundation

/// `sources.json` in the data directory: a site's choice of sources, written by
/// `annuaire sync --save` and read by a bare `annuaire sync` (so cron needs no flags).
///
/// `{"sources": [{"url": "…", "family": "mssante"}], "caFile": "/etc/ssl/igc-sante.pem"}`
package struct SourcesFile: Codable, Sendable, Equatable {
    package var sources: [SyncSource]
    /// A PEM file of trusted roots (the IGC-Santé chain for the ANS web service).
    package var caFile: String?

    package init(sources: [SyncSource], caFile: String? = nil) {
        self.sources = sources
        self.caFile = caFile
    }

    /// The file's path in a data directory.
    package static func path(dataDirectory: String) -> String { dataDirectory + "/sources.json" }

    /// The file of `dataDirectory`, or nil when there is none.
    package static func load(dataDirectory: String) throws -> SourcesFile? {
        let path = path(dataDirectory: dataDirectory)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(SourcesFile.self, from: data)
        } catch {
            throw SyncError.badSourcesFile(path: path, reason: String(describing: error))
        }
    }

    /// Writes the file atomically (a temporary name, then a rename).
    package func save(dataDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(dataDirectory: dataDirectory)), options: .atomic)
    }
}
