import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two snapshots, practitioner by practitioner.",
        discussion: """
            Without arguments, compares the data directory's previous.annuaire (kept by each \
            ingest) with current.annuaire. Per practitioner: added, removed, or changed, and for a \
            changed one the parts that changed (identity, activity, structure, savoir-faire, \
            diploma, card, mailbox) with the fields' old and new values; then the counts per family. \
            --json writes one JSON line per practitioner, then one line {"summary": ...}.

            Exit status: 0 (whatever changed); 1 when a snapshot cannot be read.
            """
    )

    @Argument(help: "The older snapshot (default: previous.annuaire of the data directory).")
    var old: String?

    @Argument(help: "The newer snapshot (default: current.annuaire of the data directory).")
    var new: String?

    @OptionGroup var location: DataLocation

    @Option(name: .customLong("family"), help: "Only the practitioners whose rows of this family changed, and only its parts (repeatable).")
    var families: [String] = []

    @Flag(help: "Only the counts.")
    var summary = false

    @Flag(help: "JSON Lines: one object per practitioner, then a summary line.")
    var json = false

    func validate() throws {
        for f in families where Family(rawValue: f) == nil {
            throw ValidationError("--family \(f) is not a family (\(Family.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        if old != nil, new == nil { throw ValidationError("give both snapshots (OLD NEW), or neither for the data directory's two.") }
    }

    func run() throws {
        let paths = NightlyIngest.Paths(dataDirectory: location.directory)
        let oldPath = old ?? paths.previous
        let newPath = new ?? location.snapshotPath
        if old == nil, access(oldPath, F_OK) != 0 {
            throw ValidationErrorText(
                "no previous snapshot at \(oldPath): each ingest keeps the one it replaces there, so it appears after the second ingest into this data directory. Or name two snapshots: annuaire diff OLD NEW."
            )
        }
        let start = monotonicSeconds()
        let before: Snapshot
        do { before = try Snapshot(path: oldPath) } catch SnapshotError.needsReingest(let path, let version) {
            throw ValidationErrorText(
                "\(path) is a snapshot of format version \(version), written before this annuaire: diff compares two snapshots of format \(SnapshotFormat.version). The next ingest keeps the current one as the previous, and diff works from then on."
            )
        }
        let diff = SnapshotDiff(old: before, new: try Snapshot(path: newPath))
        let only = families.isEmpty ? nil : Set(families.compactMap(Family.init(rawValue:)))
        let out = LineOutput()
        var totals: ChangeSummary
        if summary {
            totals = try diff.summary()
        } else if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            totals = try diff.forEachChange(families: only) { change in
                out.line(String(decoding: try encoder.encode(change), as: UTF8.self))
            }
        } else {
            var groups: [PractitionerChange.Kind: [String]] = [:]
            totals = try diff.forEachChange(families: only) { change in
                groups[change.kind, default: []].append(contentsOf: readable(change))
            }
            for kind in [PractitionerChange.Kind.added, .removed, .changed] {
                let lines = groups[kind] ?? []
                let count = kind == .changed ? lines.filter { !$0.hasPrefix(" ") }.count : lines.count
                out.line("\(kind.rawValue) (\(count.grouped))")
                for l in lines { out.line("  " + l) }
            }
        }
        if let only { totals.families = totals.families.filter { only.contains($0.family) } }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            out.line(String(decoding: try encoder.encode(["summary": totals]), as: UTF8.self))
        } else {
            out.line("\(oldPath) → \(newPath), compared in \((monotonicSeconds() - start).fixed(2)) s")
            out.line(changeLine(totals))
            for l in changeTable(totals) { out.line(l) }
        }
        out.flush()
    }

    private func readable(_ change: PractitionerChange) -> [String] {
        let head =
            "\(change.key) \(change.name.isEmpty ? "" : change.name + " ")[\(change.families.map(\.rawValue).joined(separator: ", "))]"
        guard change.kind == .changed else { return [head] }
        var lines = [head]
        for part in change.parts {
            lines.append("  \(part.part.rawValue) \(part.change.rawValue)")
            for f in part.fields {
                switch part.change {
                case .changed: lines.append("    \(f.label): \(f.old ?? "(empty)") → \(f.new ?? "(empty)")")
                case .added: lines.append("    \(f.label): \(f.new ?? "")")
                case .removed: lines.append("    \(f.label): \(f.old ?? "")")
                }
            }
        }
        return lines
    }
}

/// Standard output, written in large pieces.
final class LineOutput {
    private var pending: [UInt8] = []
    /// Standard output, through a descriptor of our own (the process's is not ours to close).
    private let out = SystemFile(descriptor: dup(1))

    func line(_ text: String) {
        pending.append(contentsOf: text.utf8)
        pending.append(0x0A)
        if pending.count > 1 << 16 { flush() }
    }

    func flush() {
        try? out.write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
