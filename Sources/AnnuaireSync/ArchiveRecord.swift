import AnnuaireParsing
import Foundation

/// What the archive keeps beside each downloaded file (`<file>.json`): where it came from, the
/// response's headers, its length and SHA-1, and its extract time with the rule that gave it.
public struct ArchiveRecord: Codable, Sendable, Equatable {
    /// The URL requested, and the one that answered after redirects.
    public var url: String
    public var finalURL: String
    /// The file's name as published (`Content-Disposition`, else the final URL's last segment).
    public var fileName: String
    public var extractTime: ExtractTime
    /// `Content-Disposition`, `upload folder`, `file name` or `Last-Modified`.
    public var extractTimeOrigin: String
    public var bytes: Int64
    /// SHA-1 of the bytes, 40 hex digits.
    public var sha1: String
    /// Whether the SHA-1 was checked against one the publisher gives.
    public var sha1Verified: Bool
    /// When the download finished.
    public var downloadedAt: ExtractTime
    /// The response's headers (the last response, for a resumed transfer), in order.
    public var headers: [[String]]

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.count == 2 && $0[0].lowercased() == name.lowercased() }?[1]
    }

    /// The extract time as ReadOptions take it.
    public var assignedExtractTime: AssignedExtractTime { AssignedExtractTime(time: extractTime, origin: extractTimeOrigin) }

    /// The record beside an archived file, or nil when there is none (a file not from the archive).
    public static func beside(_ file: String) -> ArchiveRecord? {
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
    public static func extractTimes(for paths: [String]) -> [String: AssignedExtractTime] {
        var times: [String: AssignedExtractTime] = [:]
        for path in paths { if let record = beside(path) { times[path] = record.assignedExtractTime } }
        return times
    }
}
