import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import Hummingbird

/// The project's JSON API under `/v1` (docs/http-api.md, `/openapi.json`): each route decodes,
/// calls the library (`LookupAnswer`, `StatusReport`), encodes.
struct APIRoutes {
    let settings: ServerSettings
    let cache: CachePolicy

    func add(to group: RouterGroup<AnnuaireContext>) {
        group.get("practitioners/:id", use: practitioner)
        group.post("practitioners/lookup", use: bulkLookup)
        group.get("practitioners", use: searchPractitioners)
        group.get("status", use: status)
    }

    /// `GET /v1/practitioners/{id}`: the `lookup --json` object; 404 `{"query", "found": false}`;
    /// 400 with the reason for an invalid identifier; 304 for a matching `If-None-Match`.
    @Sendable func practitioner(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let snapshot = try context.requireSnapshot()
        let query = context.parameters.get("id") ?? ""
        let key: PractitionerKey
        do { key = try PractitionerKey(lookup: query) } catch {
            return JSONResponse.make(LookupAnswer.invalid(query, reason: String(describing: error)), status: .badRequest)
        }
        let pretty = request.uri.queryParameters["pretty"].map { $0 == "true" || $0 == "1" } ?? false
        var headers: HTTPFields = [:]
        headers[.cacheControl] = cache.cacheControl(snapshot, now: context.now)
        let etag = cache.etag(snapshot, key: key, now: context.now)
        if CachePolicy.matches(request.headers[.ifNoneMatch], etag), try snapshot.contains(key) {
            headers[.eTag] = etag
            return Response(status: .notModified, headers: headers)
        }
        let freshness = cache.freshness(now: context.now)
        if pretty {
            guard let p = try snapshot.practitioner(key) else {
                return JSONResponse.make(LookupAnswer.notFound(query), status: .notFound, pretty: true, headers: headers)
            }
            headers[.eTag] = etag
            return JSONResponse.make(p.jsonValue(query: query, freshness: freshness), pretty: true, headers: headers)
        }
        var bytes: [UInt8] = []
        // A lookup's JSON is 6.7 KB on average at national scale: room for nearly all of them at
        // once, with no copy as the array grows.
        bytes.reserveCapacity(16_384)
        guard try snapshot.writeLookupJSON(key, query: query, freshness: freshness, into: &bytes) else {
            return JSONResponse.make(LookupAnswer.notFound(query), status: .notFound, headers: headers)
        }
        bytes.append(0x0A)
        headers[.eTag] = etag
        return JSONResponse.make(bytes: bytes, contentType: JSONResponse.json, headers: headers)
    }

    /// `POST /v1/practitioners/lookup`: a JSON array of identifiers (at most `maxBulkIdentifiers`)
    /// → a JSON array of answers, in order, found or not (bulk enrichment).
    @Sendable func bulkLookup(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw ServiceError(
                .unsupportedMediaType,
                "the body must be a JSON array of identifiers (Content-Type: application/json), not \(contentType.isEmpty ? "untyped" : contentType)"
            )
        }
        let body = try await request.body.collect(upTo: settings.maxBodyBytes)
        let queries = try Self.identifiers(Data(buffer: body), max: settings.maxBulkIdentifiers)
        let snapshot = try context.requireSnapshot()
        let freshness = cache.freshness(now: context.now)
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, query) in queries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(0x0A)
            _ = try LookupAnswer.write(query, in: snapshot, freshness: freshness, into: &out)
        }
        out += "\n]\n".utf8
        var headers: HTTPFields = [:]
        headers[.cacheControl] = "no-store"
        return JSONResponse.make(bytes: out, contentType: JSONResponse.json, headers: headers)
    }

    /// The identifiers of a bulk body: a JSON array of strings, at most `max`.
    static func identifiers(_ data: Data, max: Int) throws -> [String] {
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch {
            throw ServiceError(.badRequest, "the body is not JSON: expected an array of identifiers, e.g. [\"810000000017\"]")
        }
        guard case .array(let array) = value else {
            throw ServiceError(.badRequest, "the body must be a JSON array of identifiers, e.g. [\"810000000017\"]")
        }
        guard array.count <= max else {
            throw ServiceError(.contentTooLarge, "at most \(max) identifiers per bulk lookup (got \(array.count)); split the list")
        }
        return try array.enumerated().map { i, item in
            guard case .string(let s) = item else { throw ServiceError(.badRequest, "element \(i) of the array is not a string") }
            return s
        }
    }

    /// `GET /v1/practitioners?name=…&postcode=…`: the search of `spec/search.md` (one query
    /// parameter per criterion, as `annuaire search`'s flags), paged by `limit` (20, at most 1,000)
    /// and `after` (the previous page's `next`) or `offset`: `{"total", "next", "nextLink",
    /// "results"}`, each result as a line of `annuaire search --json`. 400 for a usage error (no
    /// criterion, a one-letter word, an unknown parameter, a bad or stale cursor).
    @Sendable func searchPractitioners(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let snapshot = try context.requireSnapshot()
        var criteria: [String: String] = [:]
        var limit = 20
        var after: SearchCursor?
        var offset: Int?
        for (name, raw) in request.uri.queryParameters {
            // Form encoding writes a space as "+"; no criterion has a "+" of its own.
            let value = raw.replacingOccurrences(of: "+", with: " ")
            switch name {
            case "limit":
                guard let n = Int(value) else {
                    throw ServiceError(.badRequest, "limit=\(value) is not a number (1 to \(SearchError.maximumLimit))")
                }
                limit = n
            case "after":
                guard let cursor = SearchCursor(value) else { throw ServiceError(.badRequest, SearchError.badCursor(value).description) }
                after = cursor
            case "offset":
                guard let n = Int(value) else { throw ServiceError(.badRequest, "offset=\(value) is not a number") }
                offset = n
            case "pretty":
                continue
            default:
                guard criteria[String(name)] == nil else {
                    throw ServiceError(.badRequest, "\(name) is given twice; give each criterion once (its words are all required)")
                }
                criteria[String(name)] = value
            }
        }
        guard after == nil || offset == nil else { throw ServiceError(.badRequest, "give after or offset, not both") }
        let query: SearchQuery
        let page: SearchPage
        do {
            query = try SearchQuery(parameters: criteria)
            let results = try snapshot.search(query)
            page = try offset.map { try results.page(offset: $0, limit: limit) } ?? results.page(after: after, limit: limit)
        } catch let error as SearchError {
            if case .noIndex = error { throw ServiceError(.serviceUnavailable, error.description) }
            throw ServiceError(.badRequest, error.description)
        }
        let freshness = cache.freshness(now: context.now)
        var results: [JSONValue] = []
        for key in page.keys {
            guard let p = try snapshot.practitioner(key) else { continue }
            results.append(p.searchJSONValue(activities: query.matchingActivities(of: p), freshness: freshness))
        }
        let nextLink: JSONValue =
            page.next.map { next in
                var items = URLComponents()
                items.queryItems =
                    criteria.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
                    + [URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "after", value: next.description)]
                return .string("/v1/practitioners" + (items.string ?? ""))
            } ?? .null
        let body = JSONValue.object([
            ("total", .number(Double(page.total))), ("next", page.next.map { .string($0.description) } ?? .null),
            ("nextLink", nextLink), ("results", .array(results)),
        ])
        let pretty = request.uri.queryParameters["pretty"].map { $0 == "true" || $0 == "1" } ?? false
        var headers: HTTPFields = [:]
        headers[.cacheControl] = cache.cacheControl(snapshot, now: context.now)
        return JSONResponse.make(body, pretty: pretty, headers: headers)
    }

    /// `GET /v1/status`: the `status --json` object of the snapshot that answers.
    @Sendable func status(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let snapshot = try context.requireSnapshot()
        let text = try StatusReport(snapshot, policy: settings.policy, now: context.now).jsonText()
        var headers: HTTPFields = [:]
        headers[.cacheControl] = "no-cache"
        return JSONResponse.make(bytes: Array((text + "\n").utf8), contentType: JSONResponse.json, headers: headers)
    }
}
