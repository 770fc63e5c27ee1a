import AnnuaireParsing
import Foundation

/// The archive of downloaded files under a data directory: `archive/<family>/<extract time>-<name>`
/// with `<file>.json` (an `ArchiveRecord`) beside each, since the publisher keeps only the latest
/// version. Transfers in progress live in `partial/`, never under a final name.
package struct Archive: Sendable {
    package let root: String
    /// Where transfers in progress are written (and kept between runs, to be resumed).
    package let staging: String

    package init(dataDirectory: String) {
        root = dataDirectory + "/archive"
        staging = dataDirectory + "/partial"
    }

    /// One archived file and its record.
    package struct Item: Sendable, Equatable {
        package var path: String
        package var record: ArchiveRecord
    }

    /// Every archived file that has its record, oldest extract first.
    package func items() -> [Item] {
        let fm = FileManager.default
        var result: [Item] = []
        for folder in (try? fm.contentsOfDirectory(atPath: root)) ?? [] where !folder.hasPrefix(".") {
            let dir = root + "/" + folder
            for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasSuffix(".json") {
                let file = dir + "/" + String(name.dropLast(5))
                guard fm.fileExists(atPath: file), let record = ArchiveRecord.beside(file) else { continue }
                result.append(Item(path: file, record: record))
            }
        }
        return result.sorted { ($0.record.extractTime, $0.path) < ($1.record.extractTime, $1.path) }
    }

    /// The newest archived file fetched from `url`, whose validators make the next request conditional.
    package func latest(url: String) -> Item? {
        items().filter { $0.record.url == url }.max { $0.record.downloadedAt < $1.record.downloadedAt }
    }

    /// The final path of a file: `<root>/<folder>/<YYYYMMDDThhmmssZ>-<name>` (the extract time in UTC).
    package func path(folder: String, record: ArchiveRecord) -> String {
        let stamp = record.extractTime.utcDescription.filter { $0 != "-" && $0 != ":" }
        return "\(root)/\(folder)/\(stamp)-\(record.fileName)"
    }

    /// Moves a complete, verified transfer to its final name, its record beside it (written under
    /// a temporary name, then renamed); returns the final path.
    func commit(_ file: StagedFile) throws -> String {
        let final = path(folder: file.folder, record: file.record)
        let dir = (final as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let temporary = final + ".json.tmp"
            try file.record.encoded().write(to: URL(fileURLWithPath: temporary))
            guard rename(file.path, final) == 0 else { throw SyncError.file(path: final, detail: String(cString: strerror(errno))) }
            guard rename(temporary, final + ".json") == 0 else {
                throw SyncError.file(path: final + ".json", detail: String(cString: strerror(errno)))
            }
            unlink(file.path + ".json")
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.file(path: final, detail: "cannot archive the download: \(error)")
        }
        return final
    }

    /// Removes the files of all but the newest `keep` nights (a night: an extract date, Paris
    /// time), oldest first, sparing `protected` file names (the current snapshot's inputs);
    /// returns the removed paths.
    @discardableResult
    package func prune(keep: Int, protected: Set<String>) -> [String] {
        let all = items()
        let nights = Set(all.map { night($0.record.extractTime) }).sorted()
        let kept = Set(nights.suffix(max(0, keep)))
        var removed: [String] = []
        for item in all where !kept.contains(night(item.record.extractTime)) {
            let name = (item.path as NSString).lastPathComponent
            if protected.contains(name) { continue }
            unlink(item.path + ".json")
            unlink(item.path)
            removed.append(item.path)
        }
        return removed
    }

    /// The Paris calendar date of an extract time, `YYYY-MM-DD`.
    func night(_ time: ExtractTime) -> String { String(time.description.prefix(10)) }
}
