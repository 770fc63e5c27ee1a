import AnnuaireParsing
import AnnuaireServer
import AnnuaireSnapshot
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TestSupport

/// The five fixture families as text files (extract time 2026-11-22 03:15 Paris).
let fixtureFiles = [
    "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc",
    "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante",
].map { "\(fixtures)/\($0)_\(fixtureStamp).txt" }

/// A time at which every fixture source is fresh, and one at which the daily ones are stale.
let freshTime = ExtractTime(iso8601: "2026-11-22T20:00:00+01:00")!
let staleTime = ExtractTime(iso8601: "2026-11-24T20:00:00+01:00")!

/// A snapshot of the fixtures (or of `files`) in a fresh directory.
func fixtureSnapshot(_ files: [String] = fixtureFiles, in dir: TemporaryDirectory = TemporaryDirectory()) throws -> TemporaryDirectory {
    _ = try SnapshotBuilder().ingest(files, into: dir.snapshot)
    return dir
}

/// Runs the service on an ephemeral loopback port for the duration of `body`, inside a
/// `ServiceGroup` that is then shut down gracefully (as SIGTERM would).
func withServer(
    snapshot path: String, now: ExtractTime = freshTime, configure: (inout ServerSettings) -> Void = { _ in },
    _ body: (_ base: String, _ group: ServiceGroup) async throws -> Void
) async throws {
    var settings = ServerSettings(snapshotPath: path)
    settings.port = 0
    settings.now = { now }
    configure(&settings)
    var logger = Logger(label: "annuaire.test", factory: { ServiceLogHandler(label: $0) })
    logger.logLevel = .warning
    let service = AnnuaireService(settings: settings, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = service.application { port in continuation.yield(port) }
    let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        do {
            try await body("http://127.0.0.1:\(port)", group)
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

/// A response, its body collected.
struct Answer {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name].first }
    /// The body parsed by Foundation (for structural checks).
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
    func object() throws -> [String: Any] {
        guard let o = try json() as? [String: Any] else { throw TestFailure("not a JSON object: \(text.prefix(200))") }
        return o
    }
}

/// One request with the process's shared client.
func call(
    _ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: [UInt8]? = nil,
    timeout: TimeAmount = .seconds(30)
) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let bytes = try await response.body.collect(upTo: 64 << 20)
    return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
}
