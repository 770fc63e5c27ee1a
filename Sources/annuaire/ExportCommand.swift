import AnnuaireFHIR
import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

/// What `export` writes.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    case jsonl, fhir, csv, sqlite

    /// Where the export goes without `--output`, in the current directory.
    var defaultOutput: String {
        switch self {
        case .jsonl: "annuaire.jsonl"
        case .fhir: "annuaire-fhir"
        case .csv: "annuaire-csv"
        case .sqlite: "annuaire.sqlite"
        }
    }
}

extension Family: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the snapshot as JSON lines, FHIR NDJSON or CSV.",
        discussion: """
            jsonl writes one file, one `lookup --json` object per practitioner per line \
            (docs/lookup-json.md; its query is the national identifier), default annuaire.jsonl; \
            an --output that is a directory gets annuaire.jsonl inside. fhir writes a directory \
            (default annuaire-fhir, created if missing) holding Practitioner.ndjson, \
            PractitionerRole.ndjson and Organization.ndjson, the FHIR Bulk Data layout, with the \
            mapping of `annuaire serve` (spec/fhir.md); each Organization once. csv writes a \
            directory (default annuaire-csv) with one file per family (personne-activite.csv, …; \
            a header of the spec's column labels, RFC 4180 quoting, CRLF) and practitioners.csv \
            (identifiers, names, profession, sources, verdict). Every file is \
            written under a temporary name and renamed once complete. sqlite writes one database \
            (default annuaire.sqlite): a table per family, practitioners, structures and provenance, \
            indexed on every identifier column. --family keeps the \
            practitioners having at least one row of that family (and, for csv, that family's file only).
            """
    )

    @Option(help: "Output format: jsonl, fhir, csv or sqlite.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("Output file (jsonl) or directory (fhir, csv).", valueName: "path"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Only the practitioners with a row of this family (\(Family.allCases.map(\.rawValue).joined(separator: ", "))).",
            valueName: "family"))
    var family: Family?

    @OptionGroup var location: DataLocation

    @OptionGroup var freshness: PolicyOptions

    func run() throws {
        let snapshot = try Snapshot(path: location.snapshotPath)
        let bar = isatty(2) != 0 ? ExportProgress(total: snapshot.count) : nil
        let progress: (Int) -> Void = { bar?.update($0) }
        var path = output ?? format.defaultOutput
        let summary: String
        switch format {
        case .jsonl:
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                path += "/" + format.defaultOutput
            }
            let policy = try freshness.effectivePolicy(dataDirectory: location.directory)
            let n = try JSONLinesExport.write(
                snapshot, to: path, freshness: FreshnessJSON(policy, now: freshness.instant), family: family, progress: progress)
            summary = "\(n) practitioners to \(path)"
        case .fhir:
            let counts = try FHIRBulkExport.write(snapshot, into: path, family: family, progress: progress)
            summary =
                "\(counts.practitioners) Practitioner, \(counts.roles) PractitionerRole, \(counts.organizations) Organization to \(path)/"
        case .csv:
            let policy = try freshness.effectivePolicy(dataDirectory: location.directory)
            let counts = try CSVExport.write(
                snapshot, into: path, policy: policy, now: freshness.instant, family: family, progress: progress)
            summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) rows in \($0.key)" }.joined(separator: ", ") + " in \(path)/"
        case .sqlite:
            let policy = try freshness.effectivePolicy(dataDirectory: location.directory)
            let counts = try SQLiteExport.write(
                snapshot, to: path, policy: policy, now: freshness.instant, family: family, progress: progress)
            summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) rows in \($0.key)" }.joined(separator: ", ") + " in \(path)"
        }
        bar?.clear()
        printError("exported " + summary)
    }
}

/// `exported N of M practitioners` on standard error, rewritten in place (on a terminal).
final class ExportProgress {
    let total: Int
    init(total: Int) { self.total = total }

    func update(_ done: Int) {
        let percent = total > 0 ? done * 100 / total : 100
        FileHandle.standardError.write(Data("\r\(percent)% exported \(done) of \(total) practitioners   ".utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
