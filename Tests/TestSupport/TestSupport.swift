import AnnuaireParsing
import AnnuaireSynth
import Foundation
import Testing

/// The repository's root, found from this file's path.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
/// The tiny fictional extracts of `Fixtures/`, and their extract time.
public let fixtures = repositoryRoot + "/Fixtures"
public let fixtureStamp = "202611220315"
/// Real rows from the team's shared samples, read by path (never copied into the project).
public let realSample = repositoryRoot + "/../shared/samples/real-2021/PS_LibreAcces_Personne_activite_202112020908.txt"

/// Whether the tests that read `../shared` must run: `ANNUAIRE_REQUIRE_SHARED=1` (set by `.ci/run`)
/// makes them run, and fail, when the shared folder is missing.
public let sharedRequired = ProcessInfo.processInfo.environment["ANNUAIRE_REQUIRE_SHARED"] == "1"

/// Whether the team's shared samples are beside the project.
public let sharedSamplesPresent = FileManager.default.fileExists(atPath: realSample)

/// The trait of a test that reads `../shared/samples`: skipped with the reason on a clone without
/// the shared folder, required when `ANNUAIRE_REQUIRE_SHARED=1`.
public let needsSharedSamples: ConditionTrait = .enabled(
    if: sharedSamplesPresent || sharedRequired,
    "needs the team's shared samples at ../shared/samples/real-2021 beside the project (absent here); set ANNUAIRE_REQUIRE_SHARED=1 to require them"
)

/// A fresh temporary directory, removed when the value goes away.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "annuaire-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A snapshot path in the directory.
    public var snapshot: String { path + "/current.annuaire" }

    /// Writes `bytes` to `name` in the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: some Sequence<UInt8>) -> String {
        let file = path + "/" + name
        try! FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    @discardableResult
    public func write(_ name: String, text: String) -> String { write(name, Array(text.utf8)) }
}

/// `report` as JSON with sorted keys and no elapsed time: equal for two reads that found the same.
public func comparableJSON(_ report: ScanReport) throws -> String {
    var report = report
    report.elapsedSeconds = 0
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(report), as: UTF8.self)
}

/// Writes a synthesised night of every family at `scale` (plain text, synth's default extract
/// time) into `dir` and returns the files' paths.
public func synthesisedNight(in dir: TemporaryDirectory, scale: Double = 0.002) -> [String] {
    Family.allCases.map { family in
        dir.write(
            Synthesizer.fileName(family, extractTime: SynthOptions.defaultExtractTime), Synthesizer.text(family: family, scale: scale))
    }
}
