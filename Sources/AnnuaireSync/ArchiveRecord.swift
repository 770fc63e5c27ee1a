import AnnuaireParsing
import Foundation

/// What the archive keeps beside each downloaded file (`<file>.json`): where it came from, the
/// response's headers, its length and SHA-1, and its extract time with the rule that gave it.
package struct ArchiveRecord: Codable, Sendable, Equatable {
    /// The URL requested, and the one that answered after redirects.
    package var url: String
    package var finalURL: String
    /// The file's name as published (`Content-Disposition`, else the final URL's last segment).
    package var fileName: String
    package var extractTime: ExtractTime
    /// `Content-Disposition`, `upload folder`, `file name` or `Last-Modified`.
    package var extractTimeOrigin: String
    package var bytes: Int64
    /// SHA-1 of the bytes, 40 hex digits.
    package var sha1: String
    /// Whether the SHA-1 was checked against one the publisher gives.
    package var sha1Verified: Bool
    /// When the download finished.
    package var downloadedAt: ExtractTime
    /// The response's headers (the last response, for a resumed transfer), in order.
    package var headers: [[String]]

    /// The first value of a header, by case-insensitive name.
    package func header(_ name: String) -> String? {
        headers.first { $0.count == 2 && $0[0].lowercased() == name.lowercased() }?[1]
    }

    /// The extract time as ReadOptions take it.
    package var assignedExtractTime: AssignedExtractTime { AssignedExtractTime(time: extractTime, origin: extractTimeOrigin) }

    /// The record beside an archived file, or nil when there is none (a file not from the archive).
    package static func beside(_ file: String) -> ArchiveRecord? {
        guard let data = FileManager.default.contents(atPath: file + ".json") else { return nil }
        return try? JSONDecoder().decode(ArchiveRecord.self, from: data)
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension ArchiveRecord {
    /// The extract times recorded beside those of `paths` that are archived files (for
    /// `annuaire ingest` of an archived night: their names carry no timestamp).
    package static func extractTimes(for paths: [String]) -> [String: AssignedExtractTime] {
        var times: [String: AssignedExtractTime] = [:]
        for path in paths { if let record = beside(path) { times[path] = record.assignedExtractTime } }
        return times
    }
}
