import AnnuaireFHIR
import AnnuaireParsing
import AnnuaireSnapshot
import Hummingbird

/// FHIR R4 under `/fhir` (`application/fhir+json`, `spec/fhir.md`): the CapabilityStatement,
/// reads of Practitioner, PractitionerRole and Organization, and the searches of `FHIRSearch`.
/// Every error is an `OperationOutcome` (`ErrorMiddleware`).
struct FHIRRoutes {
    let settings: ServerSettings
    let structures: StructureIndexCache
    let cache: CachePolicy

    func add(to group: RouterGroup<AnnuaireContext>) {
        group.get("metadata", use: metadata)
        group.get("Practitioner/:id", use: practitioner)
        group.get("PractitionerRole/:id", use: role)
        group.get("Organization/:id", use: organization)
        group.get("Practitioner", use: searchPractitioners)
        group.get("PractitionerRole", use: searchRoles)
        group.get("Organization", use: searchOrganizations)
    }

    @Sendable func metadata(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let date = context.snapshot?.createdAt.description ?? context.now.description
        return Self.fhir(CapabilityStatement.resource(base: Self.base(request), date: date, software: "annuaire"))
    }

    @Sendable func practitioner(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let snapshot = try context.requireSnapshot()
        let id = context.parameters.get("id") ?? ""
        let key = try Self.key(id)
        guard let p = try snapshot.practitioner(key) else { throw ServiceError(.notFound, "no Practitioner/\(id) in the snapshot") }
        return Self.fhir(FHIRResources.practitioner(p), cacheControl: cache.cacheControl(snapshot, now: context.now))
    }

    @Sendable func role(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let snapshot = try context.requireSnapshot()
        let id = context.parameters.get("id") ?? ""
        let (key, rank): (PractitionerKey, Int)
        do throws(FHIRSearch.Failure) { (key, rank) = try FHIRSearch.roleID(id) } catch {
            throw ServiceError(.badRequest, error.description)
        }
        guard let p = try snapshot.practitioner(key), rank <= p.activities.count else {
            throw ServiceError(.notFound, "no PractitionerRole/\(id) in the snapshot")
        }
        return Self.fhir(FHIRResources.role(p, rank: rank), cacheControl: cache.cacheControl(snapshot, now: context.now))
    }

    @Sendable func organization(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let snapshot = try context.requireSnapshot()
        let id = context.parameters.get("id") ?? ""
        let search = FHIRSearch(snapshot: snapshot, structures: structures.index(for: snapshot))
        let activity: Practitioner.Activity?
        do { activity = try search.organization(id, withRoles: false).0 } catch { throw Self.serviceError(error) }
        guard let activity, let resource = FHIRResources.organization(activity) else {
            throw ServiceError(.notFound, "no Organization/\(id) in the snapshot")
        }
        return Self.fhir(resource, cacheControl: cache.cacheControl(snapshot, now: context.now))
    }

    @Sendable func searchPractitioners(_ request: Request, context: AnnuaireContext) async throws -> Response {
        try search(request, context, type: "Practitioner") { (s, p) throws(FHIRSearch.Failure) in try s.practitioners(p) }
    }

    @Sendable func searchRoles(_ request: Request, context: AnnuaireContext) async throws -> Response {
        try search(request, context, type: "PractitionerRole") { (s, p) throws(FHIRSearch.Failure) in try s.roles(p) }
    }

    @Sendable func searchOrganizations(_ request: Request, context: AnnuaireContext) async throws -> Response {
        try search(request, context, type: "Organization") { (s, p) throws(FHIRSearch.Failure) in try s.organizations(p) }
    }

    func search(
        _ request: Request, _ context: AnnuaireContext, type: String,
        _ run: (FHIRSearch, [(String, String)]) throws(FHIRSearch.Failure) -> SearchBundle
    ) throws -> Response {
        let snapshot = try context.requireSnapshot()
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let paging: FHIRSearch.Paging
        let bundle: SearchBundle
        do {
            paging = try FHIRSearch.paging(parameters)
            // Only the searches by organization need the structure index (and start its build).
            let index = type == "Practitioner" ? nil : structures.index(for: snapshot)
            bundle = try run(FHIRSearch(snapshot: snapshot, structures: index), parameters)
        } catch { throw Self.serviceError(error) }
        let selfQuery = parameters.filter { $0.0 != "_getpagesoffset" }.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(
            separator: "&")
        return Self.fhir(bundle.resource(base: Self.base(request), type: type, selfQuery: selfQuery, offset: paging.offset))
    }

    static func serviceError(_ error: FHIRSearch.Failure) -> ServiceError {
        switch error {
        case .invalid(let s): ServiceError(.badRequest, s)
        case .notSupported(let s): ServiceError(.notImplemented, s)
        case .unavailable(let s): ServiceError(.serviceUnavailable, s, issueCode: "transient")
        }
    }

    static func key(_ id: String) throws -> PractitionerKey {
        do { return try PractitionerKey(lookup: id) } catch { throw ServiceError(.badRequest, "\(id): \(error)") }
    }

    /// A FHIR JSON response; reads carry the lookups' `Cache-Control` (freshness of the snapshot).
    static func fhir(_ value: JSONValue, cacheControl: String? = nil) -> Response {
        var headers: HTTPFields = [:]
        if let cacheControl { headers[.cacheControl] = cacheControl }
        return JSONResponse.make(value, contentType: JSONResponse.fhirJSON, headers: headers)
    }

    /// `http://<Host>/fhir`, from the request's Host header.
    static func base(_ request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "http://\(host)/fhir"
    }

    /// Percent-encodes a query component (everything but unreserved characters).
    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(UnicodeScalar(hex[Int(b >> 4)])) + String(UnicodeScalar(hex[Int(b & 15)]))
            }
        }
        return out
    }
}
