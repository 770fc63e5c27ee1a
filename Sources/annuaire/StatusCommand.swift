import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the current snapshot holds: families, extract times, counts, size."
    )

    @OptionGroup var location: DataLocation

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let snapshot = try Snapshot(path: location.snapshotPath)
        let p = try snapshot.provenance()
        if json {
            print(try jsonText(StatusOutput(snapshot: snapshot.path, bytes: snapshot.byteCount, provenance: p)))
            return
        }
        print("snapshot \(snapshot.path)")
        print("  created        \(p.createdAt.parisDescription)  (format version \(p.formatVersion))")
        print("  size           \(megabytes(Int64(snapshot.byteCount)))")
        print("  practitioners  \(p.practitioners.grouped)")
        print("  rows           \(p.rows.grouped) (+ \(p.organisationMailboxes.grouped) organisation mailboxes; \(p.unindexedRows.grouped) rows without a usable identifier)")
        print("  structures     \(p.structures.grouped)")
        print("  labels         \(p.strings.grouped) distinct values stored once")
        print("inputs")
        for family in Family.allCases {
            let inputs = p.inputs(of: family)
            if inputs.isEmpty {
                print("  \(family.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) absent")
            }
            for i in inputs {
                let time = i.extractTime?.parisDescription ?? "unknown extract time"
                print("  \(family.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(time)  \(i.rows.grouped) rows, \(i.quarantinedLines.grouped) quarantined, \(i.warnings.grouped) warnings")
                print("  \("".padding(toLength: 18, withPad: " ", startingAt: 0)) \(i.entry.map { "\(i.fileName) → \($0)" } ?? i.fileName), \(megabytes(i.inputBytes)), \(i.layout), \(i.encoding), crc32 \(i.checksum)")
            }
        }
    }
}

struct StatusOutput: Encodable {
    var snapshot: String
    var bytes: Int
    var provenance: SnapshotProvenance
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
            _ = try snapshot.provenance()
            print("\(snapshot.path): intact (\(megabytes(Int64(snapshot.byteCount))), \(snapshot.count.grouped) practitioners, checked in \((monotonicSeconds() - start).fixed(2)) s)")
        } catch {
            printError(String(describing: error))
            throw ExitCode(1)
        }
    }
}
