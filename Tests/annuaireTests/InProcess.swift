import ArgumentParser
import Foundation

@testable import annuaire

/// The repository's root, found from this file's path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Runs `annuaire ARGS…` in process; returns its exit code (64 for a usage error, as the tool exits).
func runInProcess(_ arguments: [String]) throws -> Int32 {
    do {
        var command = try Annuaire.parseAsRoot(arguments)
        try command.run()
        return 0
    } catch {
        return Annuaire.exitCode(for: error).rawValue
    }
}
