@_spi(Internals) import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the current snapshot holds and whether each source is still current.",
        discussion: """
            Per source (ordres, ssa, finess, cpx, mssante, ars): the extract time of each family it \
            comes through, its cadence and expiry, the verdict and how overdue it is, and how many \
            practitioners and rows depend on it.

            Exit status: 0; with --check, \(StatusCommand.staleExitCode) when any source is stale \
            (for cron and monitoring); 1 when the snapshot cannot be read.
            """
    )

    static let staleExitCode: Int32 = 3

    @OptionGroup var location: DataLocation
    @OptionGroup var freshness: PolicyOptions

    @Flag(help: "Exit with status \(StatusCommand.staleExitCode) when any source is stale, naming it.")
    var check = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let snapshot = try Snapshot(path: location.snapshotPath)
        let policy = try freshness.effectivePolicy(dataDirectory: location.directory)
        let now = freshness.instant
        let p = snapshot.provenance
        let report = StatusReport(snapshot, policy: policy, now: now)
        let lines = report.lines
        let stale = report.staleLines
        if json {
            print(try report.jsonText())
        } else {
            printReadable(snapshot, p, lines, policy, now)
        }
        if check && !stale.isEmpty {
            if !json {
                let names = stale.map { "\($0.source.rawValue) via \($0.family.rawValue)" }
                printError("stale: \(names.joined(separator: ", "))")
            }
            throw ExitCode(Self.staleExitCode)
        }
    }

    private func printReadable(
        _ snapshot: Snapshot, _ p: SnapshotProvenance, _ lines: [SourceLine], _ policy: FreshnessPolicy, _ now: ExtractTime
    ) {
        print("snapshot \(snapshot.path)")
        print("  created        \(p.createdAt.parisDescription)  (format version \(p.formatVersion))")
        print("  size           \(megabytes(Int64(snapshot.byteCount)))")
        print("  practitioners  \(p.practitioners.grouped)")
        print(
            "  rows           \(p.rows.grouped) (+ \(p.organisationMailboxes.grouped) organisation mailboxes; \(p.unindexedRows.grouped) rows without a usable identifier)"
        )
        print("  structures     \(p.structures.grouped) distinct, each stored once")
        if let c = p.changes {
            print("  changes        since the snapshot of \(c.baseCreatedAt.parisDescription): \(changeLine(c))")
            for line in changeTable(c, indent: "    ") { print(line) }
        }
        print("freshness at \(now.parisDescription) (grace \(describeDuration(policy.graceSeconds)))")
        for source in Source.allCases {
            let mine = lines.filter { $0.source == source }
            guard !mine.isEmpty else { continue }
            let newest = mine.compactMap(\.extractTime).max()
            print(
                "  \(source.rawValue) (every \(describeDuration(policy.cadence(source))), newest extract \(newest?.parisDescription ?? "unknown"))"
            )
            for line in mine {
                let time = line.extractTime?.parisDescription.replacingOccurrences(of: " Europe/Paris", with: "") ?? "no extract time"
                print(
                    "    \(line.family.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(time)  \(describe(line.verdict))  \(line.practitioners.grouped) practitioners, \(line.rows.grouped) rows\(line.carriedOver ? " (carried over)" : "")"
                )
            }
        }
        if !p.unknownTokens.isEmpty {
            print(
                "  unknown authority tokens (attributed to `unknown`): "
                    + p.unknownTokens.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value.grouped)" }.joined(separator: ", "))
        }
        print("inputs")
        for family in Family.allCases {
            let inputs = p.inputs(of: family)
            let name = family.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
            if inputs.isEmpty { print("  \(name) absent") }
            for i in inputs {
                let origin = i.extractTimeSource.map { " (from the \($0))" } ?? ""
                let time = (i.extractTime?.parisDescription ?? "unknown extract time") + origin
                print(
                    "  \(name) \(time)  \(i.rows.grouped) rows, \(i.quarantinedLines.grouped) quarantined, \(i.warnings.grouped) warnings\(i.carriedOver ? ", carried over" : "")"
                )
                print(
                    "  \("".padding(toLength: 18, withPad: " ", startingAt: 0)) \(i.entry.map { "\(i.fileName) → \($0)" } ?? i.fileName), \(megabytes(i.inputBytes)), \(i.layout), \(i.encoding), crc32 \(i.checksum)"
                )
            }
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a snapshot's every checksum.",
        discussion: "Exit status: 0 when the snapshot is intact, 1 when it is damaged or unreadable."
    )

    @OptionGroup var location: DataLocation

    func run() throws {
        let start = monotonicSeconds()
        do {
            let snapshot = try Snapshot(path: location.snapshotPath)
            try snapshot.verify()
            print(
                "\(snapshot.path): intact (\(megabytes(Int64(snapshot.byteCount))), \(snapshot.count.grouped) practitioners, checked in \((monotonicSeconds() - start).fixed(2)) s)"
            )
        } catch {
            printError(String(describing: error))
            throw ExitCode(1)
        }
    }
}
