import Foundation
import TestSupport

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

let stamp = fixtureStamp

/// The five fixture families as text files.
let fixtureFiles = [
    "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc",
    "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante",
].map { "\(fixtures)/\($0)_\(stamp).txt" }

/// Builds a snapshot of `files` at `path`.
@discardableResult
func ingest(_ files: [String], into path: String, options: ReadOptions = ReadOptions()) throws -> SnapshotBuilder.Summary {
    try SnapshotBuilder(readOptions: options).ingest(files, into: path)
}

func rpps(_ n: Int) -> String {
    let payload = "10" + String(repeating: "0", count: 8 - String(n).count) + String(n)
    return payload + String(UnicodeScalar(Luhn.checkDigit(for: Array(payload.utf8))))
}

func snapshotError(_ body: () throws -> Void) -> SnapshotError? {
    do {
        try body()
        return nil
    } catch let error as SnapshotError {
        return error
    } catch {
        return nil
    }
}

/// One synthesised snapshot (scale 0.002, every family) for the suites that only read it (the
/// exports): built once per test process.
nonisolated(unsafe) let synthesisedSnapshot = Result { () throws -> (TemporaryDirectory, Snapshot) in
    let dir = TemporaryDirectory()
    try ingest(synthesisedNight(in: dir), into: dir.snapshot)
    return (dir, try Snapshot(path: dir.snapshot))
}
