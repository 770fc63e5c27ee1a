import AnnuaireParsing
import ArgumentParser
import Foundation

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read extraction files and report what they hold.",
        discussion: """
            For each file (.txt, .gz or the official .zip, detected from its bytes; - for standard \
            input): family, container, layout, encoding, extract time, rows, distinct practitioners, \
            quarantined lines, warnings by kind, and read speed.

            Exit status: 0 when every file was read (quarantined lines and warnings included), \
            1 when a file could not be read at all.
            """
    )

    @Argument(help: "Extraction files: .txt, .gz or .zip; - reads standard input.")
    var files: [String]

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Option(help: "Extract time (ISO-8601, e.g. 2026-11-22T03:00) for files whose name has no _YYYYMMDDhhmm.")
    var asOf: ExtractTime?

    @Option(
        name: .customLong("entry"),
        help: "Read the zip entries whose name starts with this prefix (repeatable; default: the five families).")
    var entries: [String] = []

    @Option(help: "Save every quarantined line, with its line number, byte offset and reason, to this file.")
    var quarantine: String?

    @Option(help: "How many quarantined lines and warnings to show per file.")
    var show = 5

    @OptionGroup var inflate: InflaterOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        var options = ReadOptions()
        options.asOf = asOf
        options.entryPrefixes = entries
        options.quarantineExamples = max(show, 0)
        options.inflater = inflate.inflater
        limits.apply(to: &options)
        let sink = try quarantine.map(QuarantineFile.init(path:))

        var reports: [ScanReport] = []
        var failures: [(path: String, message: String)] = []
        for file in files {
            do {
                let read = try ExtractionReader.scan(file, options: options, quarantine: sink?.append)
                reports += read
                if !json { read.forEach { print(describe($0), terminator: "\n\n") } }
            } catch {
                failures.append((file, String(describing: error)))
                if !json { printError(String(describing: error)) }
            }
        }
        try sink?.close()
        if json {
            print(try jsonText(ScanOutput(inputs: reports, failures: failures.map { .init(path: $0.path, error: $0.message) })))
        } else if reports.count > 1 {
            let rows = reports.reduce(0) { $0 + $1.rows }
            let bytes = reports.reduce(Int64(0)) { $0 + $1.textBytes }
            let seconds = reports.reduce(0.0) { $0 + $1.elapsedSeconds }
            print(
                "total: \(reports.count) inputs, \(rows.grouped) rows, \(megabytes(bytes)) of text in \(seconds.fixed(2)) s (\(rate(bytes, seconds)))"
            )
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    private func describe(_ r: ScanReport) -> String {
        var lines = [r.entry.map { "\(r.path) → \($0)" } ?? r.path]
        func row(_ name: String, _ value: String) { lines.append("  " + name.padding(toLength: 15, withPad: " ", startingAt: 0) + value) }
        row("family", r.family.rawValue)
        var container = r.container == .gzip ? "gzip (\(r.gzipMembers ?? 1) member\(r.gzipMembers == 1 ? "" : "s"))" : r.container.rawValue
        if let inflater = r.inflater { container += ", inflated by \(inflater)" }
        row("container", container)
        row(
            "layout",
            r.layout
                + (r.unknownColumns.isEmpty
                    ? "" : ", \(r.unknownColumns.count) unknown ignored: \(r.unknownColumns.prefix(5).joined(separator: ", "))"))
        if !r.missingColumns.isEmpty { row("missing", "\(r.missingColumns.count) known columns read as empty") }
        var encoding = r.encoding.rawValue
        if r.linesReadAsWindows1252 > 0 { encoding += ", \(r.linesReadAsWindows1252) lines not UTF-8 read as Windows-1252" }
        if r.hadByteOrderMark { encoding += ", with a byte-order mark" }
        row("encoding", encoding)
        row(
            "extract time",
            r.extractTime.map { "\($0.parisDescription) (from the \(r.extractTimeSource ?? "file name"))" }
                ?? "unknown: the name has no _YYYYMMDDhhmm; give --as-of")
        row("rows", r.rows.grouped)
        row("practitioners", r.practitioners.grouped)
        row("quarantined", r.quarantined.grouped + (r.quarantined > 0 && quarantine == nil ? " (save them with --quarantine FILE)" : ""))
        for q in r.quarantine.prefix(show) {
            lines.append("    line \(q.lineNumber) (byte \(q.byteOffset)): \(q.reason): \(q.excerpt.prefix(60))")
        }
        if r.warnings.isEmpty {
            row("warnings", "none")
        } else {
            row("warnings", r.warnings.reduce(0) { $0 + $1.count }.grouped)
            for w in r.warnings {
                let example =
                    w.examples.first.map {
                        " (first: line \($0.lineNumber)\($0.column.isEmpty ? "" : ", \($0.column)")\($0.value.isEmpty ? "" : " = \($0.value.prefix(40))"))"
                    } ?? ""
                lines.append("    \(w.count.grouped) \(w.kind.rawValue)\(example)")
            }
        }
        if r.blankLines > 0 { row("blank lines", r.blankLines.grouped) }
        let input = r.inputBytes.map { r.container == .text ? "" : " from \(megabytes($0)) \(r.container.rawValue)" } ?? ""
        row("read", "\(megabytes(r.textBytes)) of text\(input) in \(r.elapsedSeconds.fixed(3)) s (\(rate(r.textBytes, r.elapsedSeconds)))")
        return lines.joined(separator: "\n")
    }
}

struct ScanOutput: Encodable {
    var inputs: [ScanReport]
    var failures: [Failure]
    struct Failure: Encodable {
        var path: String
        var error: String
    }
}
