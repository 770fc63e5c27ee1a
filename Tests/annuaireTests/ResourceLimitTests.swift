import ArgumentParser
import Foundation
import Testing

@testable import annuaire

/// Issue 6, resource bounds, measured on a child process: hostile input is stopped by a limit with
/// a message, and memory does not follow the input.
@Suite struct ResourceLimitTests {
    let work = NSTemporaryDirectory() + "annuaire-limits-" + UUID().uuidString
    let fixture =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        + "/Fixtures/PS_LibreAcces_Personne_activite_202611220315.txt"

    private struct Scan: Decodable {
        var inputs: [Input]
        struct Input: Decodable {
            var rows: Int
            var quarantined: Int
            var quarantine: [Quarantined]
        }
        struct Quarantined: Decodable {
            var lineNumber: Int
        }
    }

    /// A 256 MiB line (the default limit is 1 MiB) streamed through a pipe, between the header
    /// and the rows of a real-format file: it is quarantined, the rows around it are read, and the
    /// scan's peak memory stays far below the line's size.
    @Test func aHugeLineIsQuarantinedInBoundedMemory() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("annuaire").path
        let script = """
            { head -n 1 '\(fixture)'; head -c 268435456 /dev/zero | tr '\\0' x; printf '\\n'; tail -n +2 '\(fixture)'; } \
            | '\(executable)' scan --json --as-of 2026-11-22T03:15 -
            """
        let json = work + "/scan.json"
        let run = try runChild(["/bin/sh", "-c", script], stdoutPath: json)
        #expect(run.status == 0)
        let scan = try JSONDecoder().decode(Scan.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(scan.inputs.first?.rows == 6)
        #expect(scan.inputs.first?.quarantined == 1)
        #expect(scan.inputs.first?.quarantine.first?.lineNumber == 2)
        #expect(run.peakKB < 96 * 1024, "peak memory \(run.peakKB / 1024) MB for a 256 MB line")
    }

    /// The limits are flags: a byte limit below the file's text stops it; malformed sizes are
    /// refused before anything is read.
    @Test func limitsAreFlags() throws {
        // The file (2.7 kB) cannot be read under 1 kB: scan says so (on standard error) and exits 1.
        var scan = try Annuaire.parseAsRoot(["scan", "--max-bytes", "1K", fixture])
        #expect(throws: ExitCode(1)) { try scan.run() }
        var generous = try Annuaire.parseAsRoot(["scan", "--max-bytes", "1M", "--max-line-length", "4096", "--max-columns", "64", fixture])
        try generous.run()
        for bad in [["--max-bytes", "12X"], ["--max-bytes", "0"], ["--max-line-length", "0"]] {
            #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["scan"] + bad + [fixture]) }
        }
        #expect(LimitOptions.bytes("16G") == 16 << 30)
        #expect(LimitOptions.bytes("500m") == 500 << 20)
        #expect(LimitOptions.bytes("-1") == nil)
    }
}
