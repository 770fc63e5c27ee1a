import AnnuaireParsing
import AnnuaireServer
import AnnuaireSnapshot
import ArgumentParser
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the snapshot over HTTP: the project's JSON API (/v1) and FHIR R4 (/fhir).",
        discussion: """
            Routes are described in docs/http-api.md and, as OpenAPI 3.1, at /openapi.json. A new \
            snapshot renamed over the current one (by an ingest) is picked up within a second; \
            requests in flight finish on the old one. SIGTERM or SIGINT stops the server gracefully. \
            Access logs go to standard error.
            """
    )

    @Option(help: "The address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @OptionGroup var location: DataLocation
    @OptionGroup var freshness: PolicyOptions

    @Option(help: "The most connections open at once.")
    var maxConnections = 1024

    @Option(help: "Seconds before an idle or stalled connection is closed.")
    var idleTimeout: Int64 = 30

    @Option(help: "The most identifiers in one bulk lookup.")
    var maxBulk = 10_000

    @Option(help: ArgumentHelp("Log level: trace, debug, info (access log), notice, warning, error.", valueName: "level"))
    var logLevel = "info"

    @Flag(help: .hidden)
    var benchRoute = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard maxConnections > 0, idleTimeout > 0, maxBulk > 0 else {
            throw ValidationError("--max-connections, --idle-timeout and --max-bulk must be positive")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level") }
    }

    func run() async throws {
        var settings = ServerSettings(snapshotPath: location.snapshotPath)
        settings.host = host
        settings.port = port
        settings.policy = try freshness.effectivePolicy(dataDirectory: location.directory)
        if freshness.now != nil {
            let fixed = freshness.instant
            settings.now = { fixed }
        }
        settings.maxConnections = maxConnections
        settings.idleTimeoutSeconds = idleTimeout
        settings.maxBulkIdentifiers = maxBulk
        settings.benchRoute = benchRoute
        var logger = Logger(label: "annuaire.serve", factory: { ServiceLogHandler(label: $0) })
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let service = AnnuaireService(settings: settings, logger: logger)
        if let problem = service.store.problem { printError("\(problem); serving 503 until a snapshot appears") }
        let host = host
        let path = settings.snapshotPath
        try await service.run { port in
            FileHandle.standardError.write(Data("annuaire: serving \(path) on http://\(host):\(port)\n".utf8))
        }
    }
}
