import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// The builder merges its inputs' streams in key order and sets aside the rows that come out of
/// order: whatever the order of the lines, the snapshot holds each practitioner's rows in the order
/// of a read of the inputs one after the other, line by line, a duplicated row once. Checked
/// against a brute-force reading of the same files.
@Suite struct MergeOrderTests {
    let temporary = TemporaryDirectory()
    var dir: String { temporary.path }

    /// The five families of a synthesised night, each with one line too short to be a row at its
    /// end, their data lines put in `order` (given the lines, in file order).
    func files(_ order: ([ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] = { $0 }) -> [String] {
        Family.allCases.map { family in
            let path = dir + "/" + Synthesizer.fileName(family, extractTime: SynthOptions.defaultExtractTime)
            let text = Synthesizer.text(family: family, scale: 0.003) + Array("8|too short\n".utf8)
            var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            let header = lines.removeFirst()
            let ordered = [header] + order(lines)
            FileManager.default.createFile(
                atPath: path, contents: Data(ordered.joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]))
            return path
        }
    }

    /// Each practitioner's rows in the snapshot, in order: family, whether it has a structure, and
    /// the text of every value.
    func contents(_ path: String) throws -> [String] {
        var lines: [String] = []
        try Snapshot(path: path).forEachPractitioner { record in
            for row in record.rows {
                let values = row.values.map { "\($0.column)=\($0.text)" }.joined(separator: "|")
                lines.append("\(record.key) \(row.family) \(row.structureID != nil) \(values)")
            }
        }
        return lines
    }

    /// The same, read from the files by brute force: every row with a key, grouped by key in the
    /// order of the inputs and of their lines, a row equal to one before it for the same key left
    /// out.
    func expected(_ inputs: [String]) throws -> [String] {
        var rows: [UInt64: [String]] = [:]
        for input in inputs {
            _ = try ExtractionReader.read(input) { record in
                guard let key = record.key else { return }
                let values = (0..<record.family.columns.count).compactMap { column -> String? in
                    let text = record.string(known: column)
                    return text.isEmpty ? nil : "\(column)=\(text)"
                }
                let hasStructure =
                    record.family == .personneActivite && RowLayout.structureColumns.contains { !record[known: $0].isEmpty }
                let line = "\(key) \(record.family) \(hasStructure) \(values.joined(separator: "|"))"
                if !(rows[key.rawValue]?.contains(line) ?? false) { rows[key.rawValue, default: []].append(line) }
            }
        }
        return rows.keys.sorted().flatMap { rows[$0]! }
    }

    /// A deterministic shuffle.
    static func shuffled(_ lines: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        var generator = SplitMix(seed: 2026)
        return lines.shuffled(using: &generator)
    }

    @Test func inputsInKeyOrderAreMergedAsRead() throws {
        let inputs = files()
        let summary = try ingest(inputs, into: dir + "/ordered.annuaire")
        #expect(summary.provenance.practitioners > 1000)
        #expect(try contents(dir + "/ordered.annuaire") == expected(inputs))
        try Snapshot(path: dir + "/ordered.annuaire").verify()
    }

    @Test func shuffledInputsGiveTheRowsOfAReadInOrder() throws {
        let ordered = files()
        let orderedSummary = try ingest(ordered, into: dir + "/ordered.annuaire")
        let shuffled = files(Self.shuffled)
        let summary = try ingest(shuffled, into: dir + "/shuffled.annuaire")
        #expect(try contents(dir + "/shuffled.annuaire") == expected(shuffled))
        // The same rows, practitioners, structures, mailboxes and counts as the ordered files.
        let (p, q) = (summary.provenance, orderedSummary.provenance)
        #expect(p.practitioners == q.practitioners && p.rows == q.rows && p.duplicateRows == q.duplicateRows)
        #expect(p.structures == q.structures && p.organisationMailboxes == q.organisationMailboxes)
        #expect(p.usage == q.usage && p.unknownTokens == q.unknownTokens && p.unindexedRows == q.unindexedRows)
        #expect(try contents(dir + "/shuffled.annuaire").sorted() == contents(dir + "/ordered.annuaire").sorted())
        try Snapshot(path: dir + "/shuffled.annuaire").verify()
    }

    /// Some practitioners' lines moved to the end, some of their rows left in place: the rows read
    /// in order are written as they come, the others set aside and merged after, in line order.
    @Test func linesMovedOutOfOrderAreMergedInLineOrder() throws {
        let moved = files { lines in
            var kept: [ArraySlice<UInt8>] = []
            var late: [ArraySlice<UInt8>] = []
            for (n, line) in lines.enumerated() {
                if n % 97 == 3 || n % 89 == 5 { late.append(line) } else { kept.append(line) }
            }
            // A practitioner's row duplicated out of order: stored once.
            if let first = kept.first { late.append(first) }
            return kept + late.reversed()
        }
        let summary = try ingest(moved, into: dir + "/moved.annuaire")
        #expect(try contents(dir + "/moved.annuaire") == expected(moved))
        #expect(summary.provenance.duplicateRows >= Family.allCases.count)
    }

    /// A big plain text input is read in two parts, on two threads: the same snapshot, reports and
    /// quarantined lines as a read in one piece, for files in order and out of it.
    @Test func anInputReadInTwoPartsGivesTheSnapshotOfOneRead() throws {
        for (name, inputs) in [("ordered", files()), ("shuffled", files(Self.shuffled))] {
            var quarantined: [[String]] = [[], []]
            var summaries: [SnapshotBuilder.Summary] = []
            for (n, partsFrom) in [Int64.max, 0].enumerated() {
                let builder = SnapshotBuilder()
                builder.partsFrom = partsFrom
                builder.quarantine = { path, line, _ in quarantined[n].append("\(path) \(line.lineNumber) \(line.byteOffset)") }
                summaries.append(try builder.ingest(inputs, into: dir + "/\(name)-\(n).annuaire"))
            }
            #expect(try contents(dir + "/\(name)-1.annuaire") == contents(dir + "/\(name)-0.annuaire"))
            #expect(try contents(dir + "/\(name)-1.annuaire") == expected(inputs))
            #expect(try summaries[1].reports.map(comparableJSON) == summaries[0].reports.map(comparableJSON))
            #expect(quarantined[1].sorted() == quarantined[0].sorted() && quarantined[0].count == Family.allCases.count)
            let (p, q) = (summaries[1].provenance, summaries[0].provenance)
            #expect(p.inputs == q.inputs && p.usage == q.usage && p.rows == q.rows && p.structures == q.structures)
        }
        let plan = try SnapshotBuilder.plan(files(), options: ReadOptions(), partsFrom: 0)
        #expect(plan.contains { $0.part?.index == 1 })
    }

    @Test func aFailingInputFailsTheIngestAndWritesNothing() throws {
        let inputs = files()
        let bad = dir + "/PS_LibreAcces_Bad_202611220315.txt"
        FileManager.default.createFile(atPath: bad, contents: Data(("a|b|c\n" + String(repeating: "1|2|3\n", count: 100_000)).utf8))
        for withBad in [[bad] + inputs, inputs + [bad]] {
            #expect(throws: ExtractionError.self) { try SnapshotBuilder().ingest(withBad, into: dir + "/bad.annuaire") }
            #expect(!FileManager.default.fileExists(atPath: dir + "/bad.annuaire"))
            #expect(try strayFiles(dir) == [])
        }
    }

    /// Files in `directory` other than the inputs: none may be left behind.
    func strayFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasSuffix(".txt") && !$0.hasSuffix(".annuaire") }
    }
}

/// SplitMix64: a small deterministic generator for shuffles in tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
