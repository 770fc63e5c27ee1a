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
        guard let p = try snapshot.practitioner(key) else {
            return JSONResponse.make(LookupAnswer.notFound(query), status: .notFound, pretty: pretty, headers: headers)
        }
        headers[.eTag] = etag
        let freshness = FreshnessJSON(settings.policy, now: context.now)
        return JSONResponse.make(p.jsonValue(query: query, freshness: freshness), pretty: pretty, headers: headers)
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
        let freshness = FreshnessJSON(settings.policy, now: context.now)
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, query) in queries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(0x0A)
            try LookupAnswer.answer(query, in: snapshot, freshness: freshness).json.write(into: &out)
        }
        out += "\n]\n".utf8
        var headers: HTTPFields = [:]
        headers[.cacheControl] = "no-store"
        return JSONResponse.make(bytes: out, contentType: JSONResponse.json, headers: headers)
    }

    /// The identifiers of a bulk body: a JSON array of strings, at most `max`.
    static func identifiers(_ data: Data, max: Int) throws -> [String] {
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw ServiceError(.badRequest, "the body is not JSON: expected an array of identifiers, e.g. [\"810000000017\"]")
        }
        guard let array = value as? [Any] else {
            throw ServiceError(.badRequest, "the body must be a JSON array of identifiers, e.g. [\"810000000017\"]")
        }
        guard array.count <= max else {
            throw ServiceError(.contentTooLarge, "at most \(max) identifiers per bulk lookup (got \(array.count)); split the list")
        }
        return try array.enumerated().map { i, item in
            guard let s = item as? String else { throw ServiceError(.badRequest, "element \(i) of the array is not a string") }
            return s
        }
    }

    /// `GET /v1/practitioners?name=…&postcode=…`: the search of the search issue. Until it lands
    /// this answers 501; replace this function's body to wire it.
    @Sendable func searchPractitioners(_ request: Request, context: AnnuaireContext) async throws -> Response {
        throw ServiceError(
            .notImplemented, "search is not available in this version; look practitioners up by identifier at /v1/practitioners/{id}")
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
