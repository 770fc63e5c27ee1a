import ArgumentParser
import Foundation
import Testing

@testable import annuaire

/// `annuaire serve` as a real process: it starts, says where it listens, and stops with status 0
/// on SIGTERM (the ServiceGroup's graceful shutdown; the in-process tests of AnnuaireServer cover
/// requests in flight).
@Suite struct ServeCommandTests {
    @Test func sigtermStopsTheServerGracefully() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let data = NSTemporaryDirectory() + "annuaire-serve-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: data) }
        var ingest = try Annuaire.parseAsRoot(
            ["ingest", "--quiet", "--data-dir", data, "\(root)/Fixtures/PS_LibreAcces_202611220315.zip"])
        try ingest.run()
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("annuaire").path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "\(executable) is missing: build the package first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--port", "0", "--data-dir", data]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait for "serving … on http://127.0.0.1:PORT" (the bound port of --port 0).
        var said = ""
        let deadline = Date().addingTimeInterval(20)
        while !said.contains("serving"), Date() < deadline {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        #expect(said.contains("on http://127.0.0.1:"), "\(said)")
        process.terminate()  // SIGTERM
        let stop = Date().addingTimeInterval(10)
        while process.isRunning, Date() < stop { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
