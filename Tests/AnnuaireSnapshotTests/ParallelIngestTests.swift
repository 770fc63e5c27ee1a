import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// Inputs read on two threads (each share into its own state, moved into one at the end) give the
/// snapshot that reading them one after the other gives.
@Suite struct ParallelIngestTests {
    let temporary = TemporaryDirectory()
    var dir: String { temporary.path }

    /// The five families, each with one line too short to be a row at its end.
    func files() -> [String] {
        Family.allCases.map { family in
            let path = dir + "/" + Synthesizer.fileName(family, extractTime: SynthOptions.defaultExtractTime)
            let text = Synthesizer.text(family: family, scale: 0.003) + Array("8|too short\n".utf8)
            FileManager.default.createFile(atPath: path, contents: Data(text))
            return path
        }
    }

    /// Each practitioner's rows, family by family, in order: the text of every value and whether
    /// the row has a structure.
    func contents(_ path: String) throws -> [String] {
        var lines: [String] = []
        try Snapshot(path: path).forEachPractitioner { record in
            for family in Family.allCases {
                for row in record.rows(of: family) {
                    let values = row.values.map { "\($0.column)=\($0.text)" }.joined(separator: "|")
                    lines.append("\(record.key) \(family) \(row.structureID != nil) \(values)")
                }
            }
        }
        return lines
    }

    /// Ingests `inputs` on one thread, then on two, into `<name>-false` and `<name>-true`, and
    /// expects the same provenance, reports, quarantined lines and rows; returns the one-thread
    /// provenance and quarantined lines.
    func expectTwoThreadsGiveOneThreadsSnapshot(_ inputs: [String], name: String, halvesFrom: Int64? = nil) throws
        -> (provenance: SnapshotProvenance, quarantined: [String])
    {
        var quarantined: [[String]] = [[], []]
        var summaries: [SnapshotBuilder.Summary] = []
        for (n, twoThreads) in [false, true].enumerated() {
            let builder = SnapshotBuilder()
            builder.usesTwoThreads = twoThreads
            if let halvesFrom { builder.halvesFrom = halvesFrom }
            builder.quarantine = { path, line, _ in quarantined[n].append("\(path) \(line.lineNumber) \(line.byteOffset)") }
            summaries.append(try builder.ingest(inputs, into: dir + "/\(name)-\(twoThreads).annuaire"))
        }
        let (serial, parallel) = (summaries[0].provenance, summaries[1].provenance)
        #expect(parallel.practitioners == serial.practitioners)
        #expect(parallel.rows == serial.rows)
        #expect(parallel.duplicateRows == serial.duplicateRows)
        #expect(parallel.structures == serial.structures)
        #expect(parallel.organisationMailboxes == serial.organisationMailboxes)
        #expect(parallel.unindexedRows == serial.unindexedRows)
        #expect(parallel.unknownTokens == serial.unknownTokens)
        #expect(parallel.usage == serial.usage)
        #expect(parallel.inputs == serial.inputs)
        #expect(try summaries[1].reports.map(comparableJSON) == summaries[0].reports.map(comparableJSON))
        #expect(quarantined[1].sorted() == quarantined[0].sorted())
        #expect(try contents(dir + "/\(name)-true.annuaire") == contents(dir + "/\(name)-false.annuaire"))
        try Snapshot(path: dir + "/\(name)-true.annuaire").verify()
        return (serial, quarantined[0])
    }

    @Test func twoSharesGiveTheSnapshotOfOneThread() throws {
        let inputs = files()
        #expect(SnapshotBuilder.shares(try inputs.flatMap { try ExtractionReader.plan($0) }) != nil)
        let (serial, quarantined) = try expectTwoThreadsGiveOneThreadsSnapshot(inputs, name: "shares")
        #expect(serial.practitioners > 1000)
        #expect(quarantined.count == Family.allCases.count)
        // The ORG mailboxes, moved from the second share, are found per structure.
        var organisations = [0, 0]
        for (n, twoThreads) in [false, true].enumerated() {
            try Snapshot(path: dir + "/shares-\(twoThreads).annuaire").forEachOrganisationMailbox { _ in organisations[n] += 1 }
        }
        #expect(organisations[0] > 0 && organisations[1] == organisations[0])
    }

    /// A plain text input that is most of the work is read in two halves, one per thread: the
    /// snapshot, the reports and the quarantined lines are those of one thread.
    @Test func aDominantTextInputReadInHalvesGivesTheSnapshotOfOneThread() throws {
        var text = Synthesizer.text(family: .personneActivite, scale: 0.003)
        let middle = text[(text.count / 2)...].firstIndex(of: UInt8(ascii: "\n"))! + 1
        text.insert(contentsOf: Array("8|too short, first line of the second half\n".utf8), at: middle)
        text.insert(contentsOf: Array("8|too short, last line of the first half\n".utf8), at: middle)
        text += Array("8|too short, at the end\n".utf8)
        let stamp = SynthOptions.defaultExtractTime
        let activity = dir + "/" + Synthesizer.fileName(.personneActivite, extractTime: stamp)
        let savoirFaire = dir + "/" + Synthesizer.fileName(.savoirFaire, extractTime: stamp)
        FileManager.default.createFile(atPath: activity, contents: Data(text))
        FileManager.default.createFile(atPath: savoirFaire, contents: Data(Synthesizer.text(family: .savoirFaire, scale: 0.001)))
        let inputs = [activity, savoirFaire]
        let (first, second) = try #require(SnapshotBuilder.shares(try inputs.flatMap { try ExtractionReader.plan($0) }, halvesFrom: 0))
        #expect(first.first { $0.1.path == activity }?.1.part?.index == 0)
        #expect(second.contains { $0.1.path == activity && $0.1.part?.index == 1 })
        let (serial, quarantined) = try expectTwoThreadsGiveOneThreadsSnapshot(inputs, name: "halves", halvesFrom: 0)
        #expect(serial.rows > 1000)
        #expect(quarantined.count == 3)
    }

    @Test func aFailureInEitherShareFailsTheIngestAndWritesNothing() throws {
        let inputs = files()
        let largest = try inputs.map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as! Int }.max()!
        // A file whose header is no family's: the largest input (read by the first share), then the
        // second largest (read by the second).
        var sharesSeen: Set<Int> = []
        for size in [2 * largest, largest - 12] {
            let bad = dir + "/PS_LibreAcces_Bad_202611220315.txt"
            let filler = String(repeating: "1|2|3\n", count: size / 6)
            FileManager.default.createFile(atPath: bad, contents: Data(("a|b|c\n" + filler).utf8))
            let withBad = inputs + [bad]
            let (first, second) = try #require(SnapshotBuilder.shares(try withBad.flatMap { try ExtractionReader.plan($0) }))
            sharesSeen.insert(first.contains { $0.1.path == bad } ? 0 : second.contains { $0.1.path == bad } ? 1 : -1)
            #expect(throws: ExtractionError.self) { try SnapshotBuilder().ingest(withBad, into: dir + "/bad.annuaire") }
            #expect(!FileManager.default.fileExists(atPath: dir + "/bad.annuaire"))
        }
        #expect(sharesSeen == [0, 1])
    }
}
