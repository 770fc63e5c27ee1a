import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A real HTTP/1.1 server on 127.0.0.1 that serves files the way data.gouv.fr does (a stable URL
/// redirecting to `/resources/<dataset>/<YYYYMMDD-hhmmss>/<file>`, ETag, Last-Modified, byte
/// ranges, a dataset page with SHA-1s) and misbehaves on demand: a body cut after half its bytes,
/// a body shorter than its Content-Length, Range ignored, a status before the file, no answer.
final class FaultServer: Sendable {
    enum Fault: Sendable, Equatable {
        /// Headers for the whole file, half the body, then the connection closed.
        case cutHalf
        /// Answer with this status and a short text body.
        case status(Int)
        /// Read the request and never answer.
        case stall
    }

    struct File: Sendable {
        var body: [UInt8]
        var etag: String? = nil
        var lastModified: String? = nil
        var contentDisposition: String? = nil
        var ignoresRange = false
        /// Faults of the next requests, one per request, then normal answers.
        var faults: [Fault] = []
        /// A fault of every request.
        var always: Fault? = nil
    }

    enum Route: Sendable {
        case file(File)
        case redirect(String)
        case json(String)
    }

    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
    }

    private struct State {
        var routes: [String: Route] = [:]
        var requests: [Request] = []
    }

    private let state = NIOLockedValueBox(State())
    private let channel: NIOLockedValueBox<Channel?> = NIOLockedValueBox(nil)
    let port: Int

    /// A server on a free port of 127.0.0.1; with `tls` (certificate and key files), HTTPS.
    init(tls: (certificate: String, key: String)? = nil) async throws {
        let box = NIOLockedValueBox<FaultServer?>(nil)
        let sslContext = try tls.map {
            try NIOSSLContext(
                configuration: .makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile($0.certificate).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: $0.key, format: .pem))))
        }
        scheme = tls == nil ? "http" : "https"
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: box.withLockedValue { $0! }))
                }
            }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = server.localAddress!.port!
        channel.withLockedValue { $0 = server }
        box.withLockedValue { $0 = self }
    }

    func stop() async {
        try? await channel.withLockedValue { $0 }?.close()
    }

    let scheme: String
    var base: String { "\(scheme)://127.0.0.1:\(port)" }

    func set(_ path: String, _ route: Route) { state.withLockedValue { $0.routes[path] = route } }

    func remove(_ path: String) { state.withLockedValue { _ = $0.routes.removeValue(forKey: path) } }

    func update(_ path: String, _ change: (inout File) -> Void) {
        state.withLockedValue {
            guard case .file(var file)? = $0.routes[path] else { return }
            change(&file)
            $0.routes[path] = .file(file)
        }
    }

    var requests: [Request] { state.withLockedValue { $0.requests } }
    func clearRequests() { state.withLockedValue { $0.requests = [] } }

    /// What to send for a request: consumes one queued fault.
    fileprivate func answer(_ request: Request) -> (Route?, Fault?) {
        state.withLockedValue { s in
            s.requests.append(request)
            guard let route = s.routes[request.path] else { return (nil, nil) }
            guard case .file(var file) = route else { return (route, nil) }
            var fault = file.always
            if fault == nil, !file.faults.isEmpty {
                fault = file.faults.removeFirst()
                s.routes[request.path] = .file(file)
            }
            return (route, fault)
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let server: FaultServer
        var head: HTTPRequestHead?

        init(server: FaultServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h
            case .body: break
            case .end:
                guard let head else { return }
                var headers: [String: String] = [:]
                for (name, value) in head.headers { headers[name.lowercased()] = value }
                let request = Request(method: "\(head.method)", path: head.uri, headers: headers)
                respond(context, request, server.answer(request))
            }
        }

        private func send(
            _ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ headers: [(String, String)], _ body: ArraySlice<UInt8>,
            length: Int? = nil, close: Bool = false
        ) {
            var h = HTTPHeaders(headers)
            h.add(name: "Content-Length", value: String(length ?? body.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: h))), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            }
            if close {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(capacity: 0))))).whenComplete {
                    _ in
                    context.close(promise: nil)
                }
            } else {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }

        private func respond(_ context: ChannelHandlerContext, _ request: Request, _ answer: (Route?, Fault?)) {
            switch answer {
            case (nil, _):
                send(context, .notFound, [], ArraySlice("not found\n".utf8))
            case (.redirect(let location)?, _):
                send(context, .found, [("Location", location)], [])
            case (.json(let text)?, _):
                send(context, .ok, [("Content-Type", "application/json")], ArraySlice(text.utf8))
            case (.file(let file)?, let fault):
                if case .stall? = fault { return }
                if case .status(let code)? = fault {
                    send(context, HTTPResponseStatus(statusCode: code), [], ArraySlice("status \(code)\n".utf8))
                    return
                }
                var headers: [(String, String)] = []
                if let etag = file.etag { headers.append(("ETag", etag)) }
                if let lm = file.lastModified { headers.append(("Last-Modified", lm)) }
                if let cd = file.contentDisposition { headers.append(("Content-Disposition", cd)) }
                if let etag = file.etag, request.headers["if-none-match"] == etag {
                    return send(context, .notModified, headers, [])
                }
                if file.etag == nil, let lm = file.lastModified, request.headers["if-modified-since"] == lm {
                    return send(context, .notModified, headers, [])
                }
                var start = 0
                if !file.ignoresRange, let range = request.headers["range"], range.hasPrefix("bytes="), range.hasSuffix("-"),
                    let from = Int(range.dropFirst(6).dropLast()),
                    request.headers["if-range"] == nil || request.headers["if-range"] == file.etag
                        || request.headers["if-range"] == file.lastModified
                {
                    guard from < file.body.count else {
                        return send(context, HTTPResponseStatus(statusCode: 416), [("Content-Range", "bytes */\(file.body.count)")], [])
                    }
                    start = from
                    headers.append(("Content-Range", "bytes \(from)-\(file.body.count - 1)/\(file.body.count)"))
                }
                let body = file.body[start...]
                if request.method == "HEAD" {
                    var h = HTTPHeaders(headers)
                    h.add(name: "Content-Length", value: String(body.count))
                    context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: h))), promise: nil)
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                    return
                }
                let status: HTTPResponseStatus = start > 0 ? .partialContent : .ok
                if case .cutHalf? = fault {
                    return send(context, status, headers, body.prefix(body.count / 2), length: body.count, close: true)
                }
                send(context, status, headers, body)
            }
        }
    }
}
