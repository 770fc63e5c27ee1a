import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSync
import ArgumentParser
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Build the snapshot from a nightly set of extraction files.",
        discussion: """
            Reads any mix of the five families (.txt, .gz or .zip), joins them per practitioner and \
            writes one indexed snapshot, which replaces the current one atomically: readers never \
            see a partial file, and a failed or killed ingest leaves the previous snapshot as it was.

            One ingest at a time writes to a data directory (a lock on ingest.lock; another waits, \
            see --wait). Each compares the new snapshot with the current one, stores the counts in \
            it (see status), keeps the current one as previous.annuaire (see diff), and refuses the \
            night when a family read tonight loses more than --max-removed of its practitioners or \
            rows (exit 1, the snapshot untouched; --force accepts it).

            Files of the archive that `annuaire sync` keeps (archive/<family>/<extract time>-<name>) \
            take their extract time from the record beside them, so an archived night re-ingests \
            without --as-of.
            """
    )

    @Argument(help: "Extraction files (any family, any container).")
    var files: [String]

    @OptionGroup var location: DataLocation

    @Option(help: "Extract time (ISO-8601, e.g. 2026-11-22T03:00, Paris time without an offset) for files whose name has no _YYYYMMDDhhmm.")
    var asOf: ExtractTime?

    @Option(name: .customLong("entry"), help: "Read the zip entries whose name starts with this prefix (repeatable).")
    var entries: [String] = []

    @Option(help: "Save every quarantined line, with its line number, byte offset and reason, to this file.")
    var quarantine: String?

    @Flag(help: "Accept an extract older than the snapshot's for the same family, and a night the change guard refuses.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Refuse the night when a family read tonight loses more than this share of the current snapshot's practitioners of that family, or of its rows (e.g. 5%, 0.5%).",
            valueName: "percent"))
    var maxRemoved = "5%"

    @Option(
        help: ArgumentHelp(
            "How long to wait for another ingest into the same data directory to finish (e.g. 10m, 30s).", valueName: "duration"))
    var wait = "10m"

    @Flag(help: "Fail at once, naming the other process, when another ingest holds the data directory.")
    var noWait = false

    @Flag(help: "Ignore the current snapshot: do not carry absent families over from it.")
    var noBase = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// For tests that act at a given point of an ingest (the kill test): one line per progress
    /// report on standard error, `progress PHASE BYTES TOTAL`, whatever else is printed.
    @Flag(help: .hidden)
    var progressLines = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @OptionGroup var inflate: InflaterOption

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        _ = try maxRemovedFraction()
        _ = try waitPolicy()
    }

    /// `--max-removed` as a fraction: `5%` or `5` → 0.05.
    func maxRemovedFraction() throws -> Double {
        let text = maxRemoved.hasSuffix("%") ? String(maxRemoved.dropLast()).trimmingCharacters(in: .whitespaces) : maxRemoved
        guard let value = Double(text), value >= 0, value <= 100 else {
            throw ValidationError("--max-removed \(maxRemoved) is not a percentage from 0 to 100 (e.g. 5%).")
        }
        return value / 100
    }

    func waitPolicy() throws -> DataDirectoryLock.WaitPolicy {
        if noWait { return .noWait }
        do { return .upTo(seconds: Double(try duration(wait))) } catch { throw ValidationError("--wait: \(error)") }
    }

    func run() throws {
        LargeAllocations.returnToSystemWhenFreed()
        var options = ReadOptions()
        options.asOf = asOf
        // An archived file (annuaire sync) has its extract time and origin in the record beside it.
        options.extractTimes = ArchiveRecord.extractTimes(for: files)
        options.entryPrefixes = entries
        options.inflater = inflate.inflater
        limits.apply(to: &options)
        let builder = SnapshotBuilder(readOptions: options)
        let sink = try quarantine.map(QuarantineFile.init(path:))
        builder.quarantine = sink?.append
        let bar = !quiet && !json && isatty(2) != 0 ? ProgressBar() : nil
        builder.progress = bar.map { bar in { bar.update($0) } }
        if progressLines {
            builder.progress = { p in
                FileHandle.standardError.write(Data("progress \(p.phase.rawValue) \(p.bytesDone) \(p.totalBytes)\n".utf8))
            }
        }
        let destination = location.snapshotPath
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let paths = location.snapshot.map { NightlyIngest.Paths(snapshot: $0) } ?? NightlyIngest.Paths(dataDirectory: location.directory)
        let night = NightlyIngest(
            paths: paths,
            options: .init(
                force: force, useBase: !noBase, wait: try waitPolicy(), changeGuard: ChangeGuard(maxRemoved: try maxRemovedFraction())))
        let waitText = wait
        let summary: SnapshotBuilder.Summary
        do {
            summary = try night.run(files, with: builder) { holder in
                printError(
                    "waiting for another ingest into this data directory (\(holder.map { "PID \($0)" } ?? "PID not yet written"), holding \(paths.lock)), up to \(waitText)"
                )
            }
        } catch IngestError.unchanged(let inputs) {
            bar?.clear()
            if !quiet { print(IngestError.unchanged(inputs: inputs)) }
            return
        } catch {
            bar?.clear()
            throw error
        }
        bar?.clear()
        try sink?.close()
        let p = summary.provenance
        let textBytes = summary.reports.reduce(Int64(0)) { $0 + $1.textBytes }
        let quarantined = summary.reports.reduce(0) { $0 + $1.quarantined }
        if json {
            print(
                try jsonText(
                    IngestOutput(
                        snapshot: destination, snapshotBytes: summary.snapshotBytes,
                        elapsedSeconds: summary.elapsedSeconds, provenance: p)))
        } else if !quiet {
            print(
                "ingested \(summary.reports.count) inputs: \(p.rows.grouped) rows, \(p.practitioners.grouped) practitioners, \(p.structures.grouped) structures, \(p.organisationMailboxes.grouped) organisation mailboxes; \(quarantined.grouped) lines quarantined, \(p.unindexedRows.grouped) rows without a usable identifier, \(p.duplicateRows.grouped) duplicate rows stored once"
            )
            let carried = p.inputs.filter(\.carriedOver)
            if !carried.isEmpty {
                print(
                    "carried over from the previous snapshot: "
                        + carried.map { "\($0.family.rawValue) (\($0.extractTime?.parisDescription ?? "no extract time"))" }.joined(
                            separator: ", "))
            }
            if let c = p.changes {
                print("changes since the snapshot of \(c.baseCreatedAt.parisDescription): \(changeLine(c))")
            }
            print(
                "read \(megabytes(textBytes)) of text in \(summary.elapsedSeconds.fixed(1)) s (\(rate(textBytes, summary.elapsedSeconds))); snapshot \(megabytes(summary.snapshotBytes)) at \(destination)"
            )
        }
    }
}

struct IngestOutput: Encodable {
    var snapshot: String
    var snapshotBytes: Int64
    var elapsedSeconds: Double
    var provenance: SnapshotProvenance
}

/// A one-line progress bar on standard error: bytes, rows, rate, ETA.
final class ProgressBar {
    private var last = 0.0

    func update(_ p: IngestProgress) {
        let now = monotonicSeconds()
        guard now - last >= 0.2 || p.phase != .reading else { return }
        last = now
        let fraction = p.totalBytes > 0 ? min(1, Double(p.bytesDone) / Double(p.totalBytes)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = p.elapsedSeconds > 0 ? Double(p.bytesDone) / p.elapsedSeconds : 0
        let eta = rate > 0 && p.phase == .reading ? " ETA \(Int((Double(p.totalBytes - p.bytesDone) / rate).rounded())) s" : ""
        let phase = p.phase == .reading ? "reading" : "writing snapshot"
        let text =
            "\r\(bar) \(Int(fraction * 100))% \(phase): \(megabytes(p.bytesDone))/\(megabytes(p.totalBytes)), \(p.rows.grouped) rows, \((rate / 1e6).fixed(0)) MB/s\(eta)   "
        FileHandle.standardError.write(Data(text.utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
