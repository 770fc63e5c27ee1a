import AnnuaireParsing
import Foundation
import TestSupport

@testable import AnnuaireSync

/// The five fixture families, served as data.gouv.fr serves them.
struct PublishedFile {
    var family: Family
    var resource: String
    var fileName: String
    var fixture: String

    static let all: [PublishedFile] = [
        .init(
            family: .personneActivite, resource: "r-pa", fileName: "ps-libreacces-personne-activite.txt",
            fixture: "PS_LibreAcces_Personne_activite_202611220315.txt"),
        .init(
            family: .diplomes, resource: "r-di", fileName: "ps-libreacces-dipl-autexerc.txt",
            fixture: "PS_LibreAcces_Dipl_AutExerc_202611220315.txt"),
        .init(
            family: .savoirFaire, resource: "r-sf", fileName: "ps-libreacces-savoirfaire.txt",
            fixture: "PS_LibreAcces_SavoirFaire_202611220315.txt"),
        .init(family: .cartes, resource: "r-ca", fileName: "porteurs-cps-cpf.txt", fixture: "Porteurs_CPS_CPF_202611220315.txt"),
        .init(
            family: .mssante, resource: "r-ms", fileName: "extraction-correspondance-mssante.txt",
            fixture: "Extraction_Correspondance_MSSante_202611220315.txt"),
    ]

    var bytes: [UInt8] { Array(FileManager.default.contents(atPath: fixtures + "/" + fixture)!) }
}

/// A data.gouv.fr-like site on a `FaultServer`: per file a stable URL, a static URL in an upload
/// folder, and the dataset page listing SHA-1s.
struct Site {
    let server: FaultServer
    var folders: [String: String] = [:]
    var bodies: [String: [UInt8]] = [:]
    var wrongSHA1: Set<String> = []

    init(server: FaultServer) { self.server = server }

    func staticPath(_ f: PublishedFile) -> String { "/resources/annuaire-sante/\(folders[f.resource]!)/\(f.fileName)" }

    /// Publishes `file` with `body`, uploaded at `folder` (`YYYYMMDD-hhmmss`, UTC).
    mutating func publish(
        _ f: PublishedFile, body: [UInt8]? = nil, folder: String = "20261122-021500", configure: (inout FaultServer.File) -> Void = { _ in }
    ) {
        // Only the latest version is kept: the old static URL answers 404.
        if folders[f.resource] != nil { server.remove(staticPath(f)) }
        folders[f.resource] = folder
        let body = body ?? f.bytes
        bodies[f.resource] = body
        var file = FaultServer.File(body: body, etag: "\"\(f.resource)-\(folder)\"", lastModified: "Sun, 22 Nov 2026 02:15:00 GMT")
        configure(&file)
        server.set(staticPath(f), .file(file))
        server.set("/api/1/datasets/r/\(f.resource)", .redirect(server.base + staticPath(f)))
        refreshDatasetPage()
    }

    func refreshDatasetPage() {
        let items = PublishedFile.all.compactMap { f -> String? in
            guard let body = bodies[f.resource] else { return nil }
            let sha = wrongSHA1.contains(f.resource) ? String(repeating: "0", count: 40) : sha1Hex(body)
            return #"{"id": "\#(f.resource)", "title": "\#(f.fileName)", "checksum": {"type": "sha1", "value": "\#(sha)"}}"#
        }
        server.set("/api/1/datasets/annuaire-sante/", .json(#"{"resources": [\#(items.joined(separator: ", "))]}"#))
    }

    func source(_ f: PublishedFile) -> SyncSource { SyncSource(url: server.base + "/api/1/datasets/r/\(f.resource)", family: f.family) }
    var sources: [SyncSource] { PublishedFile.all.map(source) }
}

func sha1Hex(_ bytes: [UInt8]) -> String {
    var d = SHA1()
    bytes.withUnsafeBytes { d.update($0) }
    return d.hexDigest()
}

/// Events gathered from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [SyncEvent] = []
    func append(_ e: SyncEvent) { lock.withLock { events.append(e) } }
    var all: [SyncEvent] { lock.withLock { events } }
    var failures: [String] {
        all.compactMap { if case .failed(_, _, let reason, _) = $0 { reason } else { nil } }
    }
}

/// A synchronizer for tests: tiny back-off; a window of `retryFor` seconds and at most `attempts`
/// attempts (counts, not the clock, bound the tests that exhaust their retries, so that a loaded
/// machine changes their duration, not their outcome).
func synchronizer(
    _ sources: [SyncSource], _ dir: TemporaryDirectory, retryFor: Double = 0, attempts: Int? = nil, readTimeout: Double = 10,
    log: EventLog = EventLog()
) -> Synchronizer {
    var s = Synchronizer(
        sources: sources, dataDirectory: dir.path,
        retry: RetryPolicy(windowSeconds: retryFor, baseDelaySeconds: 0.02, maximumDelaySeconds: 0.1, maximumAttempts: attempts))
    s.readTimeout = readTimeout
    s.connectTimeout = 10
    s.requestTimeout = 120
    s.report = { log.append($0) }
    return s
}

/// The archive's files and their bytes, to compare before and after a failed sync.
func archiveListing(_ dir: TemporaryDirectory) -> [String: Data] {
    let root = dir.path + "/archive"
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: root) else { return out }
    while let p = e.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue {
            out[p] = FileManager.default.contents(atPath: root + "/" + p)
        }
    }
    return out
}

func snapshotBytes(_ dir: TemporaryDirectory) -> Data? { FileManager.default.contents(atPath: dir.snapshot) }
