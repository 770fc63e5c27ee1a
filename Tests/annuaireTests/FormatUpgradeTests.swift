import Foundation
import TestSupport
import Testing

/// Issue 11, upgrade without loss: a snapshot of format 2 (`Fixtures/format-2/`, written by the
/// last annuaire of that format) is refused, plainly, by the commands that answer from a snapshot,
/// and read as the base of the next ingest, whose format-3 snapshot answers every lookup as
/// format 2 did. Run with the real executable.
@Suite struct FormatUpgradeTests {
    let work = TemporaryDirectory()
    var data: String { work.path + "/data" }
    static let legacy = root + "/Fixtures/format-2/fixtures.annuaire"
    static let now = "2026-12-01T12:00:00Z"
    /// What format 2 answered for each practitioner of the fixtures (`lookup --json -`, a line each).
    static let answers = (try? String(contentsOfFile: root + "/Fixtures/format-2/fixtures-lookups.jsonl", encoding: .utf8)) ?? ""

    init() throws {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.legacy, toPath: data + "/current.annuaire")
    }

    /// The national identifiers of the answers, in their order.
    static var identifiers: [String] {
        answers.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["query"] as? String
        }
    }

    @Test func theCommandsThatAnswerSayToIngestOnce() throws {
        for arguments in [["lookup", "810000000017"], ["status"], ["verify"], ["search", "--name", "durand"]] {
            let run = try annuaire(arguments + ["--data-dir", data])
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("format version 2"), "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("annuaire ingest"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func itsFamiliesCarryOverIntoAFormat3SnapshotThatAnswersTheSame() throws {
        #expect(Self.identifiers.count == 5)
        // Tonight brings the cards only: the four other families come from the format-2 base.
        let cards = root + "/Fixtures/Porteurs_CPS_CPF_202611220315.txt"
        let ingest = try annuaire(["ingest", "--json", "--data-dir", data, cards])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
        let provenance = try #require(output["provenance"] as? [String: Any])
        #expect(provenance["formatVersion"] as? Int == 3)
        let inputs = try #require(provenance["inputs"] as? [[String: Any]])
        let carried = inputs.filter { $0["carriedOver"] as? Bool == true }.compactMap { $0["family"] as? String }
        #expect(Set(carried) == ["personne-activite", "savoir-faire", "diplomes", "mssante"])
        // The carried inputs keep what format 2 knew of them: the files the fixture was made of,
        // their rows and checksums, as an ingest of those files says today.
        let fresh = try annuaire(
            ["ingest", "--json", "--no-base", "--snapshot", work.path + "/fresh.annuaire"]
                + [
                    "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc",
                    "Extraction_Correspondance_MSSante",
                ]
                .map { root + "/Fixtures/\($0)_202611220315.txt" })
        let freshInputs = try #require(
            ((try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [String: Any])?["provenance"] as? [String: Any])?[
                "inputs"]
                as? [[String: Any]])
        func summary(_ input: [String: Any]) -> String {
            ["family", "fileName", "checksum", "extractTime"].map { "\(input[$0] ?? "")" }.joined(separator: " ")
                + " \(input["rows"] ?? "")"
        }
        #expect(inputs.filter { $0["carriedOver"] as? Bool == true }.map(summary).sorted() == freshInputs.map(summary).sorted())
        let changes = try #require(provenance["changes"] as? [String: Any])
        #expect(changes["changed"] as? Int == 0 && changes["added"] as? Int == 0 && changes["removed"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/previous.annuaire"))

        let lookups = try annuaire(
            ["lookup", "--json", "--now", Self.now, "--data-dir", data, "-"], input: Self.identifiers.joined(separator: "\n") + "\n")
        #expect(lookups.status == 0, "\(lookups.stderr)")
        #expect(lookups.stdout == Self.answers)
        #expect(try annuaire(["verify", "--data-dir", data]).status == 0)
    }

    @Test func theFixturesIngestedAgainAnswerAsFormat2Did() throws {
        let files = [
            "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc", "Porteurs_CPS_CPF",
            "Extraction_Correspondance_MSSante",
        ].map { root + "/Fixtures/\($0)_202611220315.txt" }
        let snapshot = work.path + "/fresh.annuaire"
        #expect(try annuaire(["ingest", "--quiet", "--no-base", "--snapshot", snapshot] + files).status == 0)
        let lookups = try annuaire(
            ["lookup", "--json", "--now", Self.now, "--snapshot", snapshot, "-"], input: Self.identifiers.joined(separator: "\n") + "\n")
        #expect(lookups.stdout == Self.answers)
    }

    /// Every line of the real sample, looked up in a format-3 snapshot of the sample, answers what
    /// format 2 answered (the digests of its answers are in `Fixtures/format-2`: no real row is
    /// copied into the project).
    @Test(needsSharedSamples) func theRealSampleAnswersAsFormat2Did() throws {
        let snapshot = work.path + "/real.annuaire"
        #expect(try annuaire(["ingest", "--quiet", "--no-base", "--snapshot", snapshot, realSample]).status == 0)
        let lines = try String(contentsOfFile: realSample, encoding: .utf8).split(separator: "\n").dropFirst()
        let identifiers = lines.map { String($0.split(separator: "|", omittingEmptySubsequences: false)[2]) }
        let lookups = try annuaire(
            ["lookup", "--json", "--now", Self.now, "--snapshot", snapshot, "-"], input: identifiers.joined(separator: "\n") + "\n")
        // SHA-256 by coreutils' sha256sum, each answer line in a file of its own.
        let answers = lookups.stdout.split(separator: "\n").enumerated().map { n, line in work.write("answer-\(n)", Array(line.utf8)) }
        let sums = Process()
        sums.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        sums.arguments = answers
        let pipe = Pipe()
        sums.standardOutput = pipe
        try sums.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sums.waitUntilExit()
        let digests = listing.split(separator: "\n").map { String($0.prefix(64)) }
        let expected = try String(contentsOfFile: root + "/Fixtures/format-2/real-sample-lookups.sha256", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(digests.count == 21)
        #expect(digests == expected)
    }
}
