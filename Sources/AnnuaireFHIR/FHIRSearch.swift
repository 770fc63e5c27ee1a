import AnnuaireParsing
import AnnuaireSnapshot

/// The FHIR searches of `spec/fhir.md` ("Search and bundles"): practitioners by identifier, id,
/// and through the snapshot's search index by name, first name, MSSanté address and card; roles
/// by practitioner or organization; organizations by technical identifier; with `_count` paging
/// (`_getpagesoffset` for the next pages) and `_include`/`_revinclude`. Parameters of the spec
/// that this version cannot answer are refused as not supported; unknown ones as invalid. Values separated by commas are alternatives;
/// several parameters must all match.
public struct FHIRSearch {
    /// Why a search cannot be answered.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// A malformed or unknown parameter (400).
        case invalid(String)
        /// A parameter of the spec that this version cannot answer yet (501).
        case notSupported(String)
        /// The structure index is still being built (503).
        case unavailable(String)

        public var description: String {
            switch self {
            case .invalid(let s), .notSupported(let s), .unavailable(let s): s
            }
        }
    }

    /// The snapshot searched.
    public let snapshot: Snapshot
    /// The index of structures (for Organization, `_include` and `_revinclude`); `nil` while it is being built.
    public let structures: StructureIndex?

    /// Searches of `snapshot`, with its structure index when it is built.
    public init(snapshot: Snapshot, structures: StructureIndex?) {
        self.snapshot = snapshot
        self.structures = structures
    }

    /// `_count` (default 50, at most 1,000) and `_getpagesoffset`.
    public struct Paging: Sendable {
        /// Resources per page (`_count`).
        public var count = 50
        /// Matches to skip (`_getpagesoffset`).
        public var offset = 0
    }

    /// The default and the largest `_count`.
    public static let defaultCount = 50
    /// The largest `_count` accepted.
    public static let maxCount = 1000

    /// Parameters that are not search criteria.
    static let control: Set<String> = ["_count", "_getpagesoffset", "_format", "_include", "_revinclude", "_pretty"]

    /// Reads `_count` and `_getpagesoffset`.
    public static func paging(_ parameters: [(String, String)]) throws(Failure) -> Paging {
        var paging = Paging()
        for (name, value) in parameters {
            switch name {
            case "_count":
                guard let n = Int(value), n >= 0 else { throw .invalid("_count must be a whole number, not \(value)") }
                paging.count = min(n, maxCount)
            case "_getpagesoffset":
                guard let n = Int(value), n >= 0 else { throw .invalid("_getpagesoffset must be a whole number, not \(value)") }
                paging.offset = n
            default: continue
            }
        }
        return paging
    }

    // MARK: - Practitioner

    /// `GET /fhir/Practitioner?…`: `_id`, `identifier`, and through the snapshot's search index
    /// `family`, `given`, `name` (words without accents or case, each a prefix), `mailbox-mss`,
    /// `number-smartcard`; `_revinclude=PractitionerRole:practitioner`. A search by the index alone
    /// is paged in the index (answer order: exercise name, first name, national identifier).
    public func practitioners(_ parameters: [(String, String)]) throws(Failure) -> SearchBundle {
        let paging = try Self.paging(parameters)
        var candidates: [[PractitionerKey]] = []
        var criteria: [SearchQuery.Criterion: String] = [:]
        var revincludeRoles = false
        func add(_ criterion: SearchQuery.Criterion, _ value: String) {
            criteria[criterion] = criteria[criterion].map { $0 + " " + value } ?? value
        }
        for (name, value) in parameters where !Self.control.contains(name) || name == "_revinclude" || name == "_include" {
            switch name {
            case "_id":
                candidates.append(try alternatives(value).map { v throws(Failure) in try Self.practitionerKey(v, parameter: "_id") })
            case "identifier":
                var keys: [PractitionerKey] = []
                for v in try alternatives(value) { if let key = try Self.practitionerKey(identifier: v) { keys.append(key) } }
                candidates.append(keys)
            case "_revinclude", "_include":
                guard value == "PractitionerRole:practitioner" else {
                    throw .invalid("\(name)=\(value) is not supported on Practitioner (supported: PractitionerRole:practitioner)")
                }
                revincludeRoles = true
            case "family", "name": add(.name, value)
            case "given": add(.firstName, value)
            case "mailbox-mss": add(.mailbox, value)
            case "number-smartcard": add(.card, value)
            case "qualification-code", "active":
                throw .notSupported(
                    "the Practitioner search by \(name) is not supported in this version; search by identifier, _id, family, given, name, mailbox-mss or number-smartcard"
                )
            default:
                throw .invalid(
                    "unknown Practitioner search parameter \(name) (supported: _id, identifier, family, given, name, mailbox-mss, number-smartcard, _count, _revinclude)"
                )
            }
        }
        guard !candidates.isEmpty || !criteria.isEmpty else {
            throw .invalid("a Practitioner search needs identifier, _id, family, given, name, mailbox-mss or number-smartcard")
        }
        func entries(_ p: Practitioner) -> [SearchBundle.Entry] {
            var entries = [
                SearchBundle.Entry(path: "Practitioner/" + p.key.nationalID, resource: FHIRResources.practitioner(p), included: false)
            ]
            if revincludeRoles {
                for rank in p.activities.indices {
                    entries.append(
                        .init(
                            path: "PractitionerRole/" + FHIRResources.roleID(p.key, rank: rank + 1),
                            resource: FHIRResources.role(p, rank: rank + 1), included: true))
                }
            }
            return entries
        }
        if !criteria.isEmpty {
            let results: SearchResults
            do { results = try snapshot.search(try SearchQuery(criteria)) } catch let error as SearchError {
                if case .noIndex = error { throw .unavailable(error.description) }
                throw .invalid(error.description)
            } catch { throw .invalid("the snapshot cannot be read: \(error)") }
            guard candidates.isEmpty else {
                candidates.append(Array(results))
                return page(try load(Self.intersection(candidates)), paging, entries)
            }
            // The index alone: only the page's practitioners are read.
            let keys: [PractitionerKey]
            do { keys = try results.page(offset: paging.offset, limit: max(paging.count, 1)).keys } catch {
                throw .invalid("\(error)")
            }
            let shown = paging.count == 0 ? [] : try load(keys)
            let end = paging.offset + shown.count
            return SearchBundle(
                total: results.total, entries: shown.flatMap(entries), nextOffset: end < results.total && paging.count > 0 ? end : nil)
        }
        return page(try load(Self.intersection(candidates)), paging, entries)
    }

    // MARK: - PractitionerRole

    /// `GET /fhir/PractitionerRole?…`: `_id`, `practitioner`, `organization`; `_include` of
    /// `PractitionerRole:practitioner` and `PractitionerRole:organization`.
    public func roles(_ parameters: [(String, String)]) throws(Failure) -> SearchBundle {
        let paging = try Self.paging(parameters)
        var includePractitioner = false
        var includeOrganization = false
        // Each criterion gives (practitioner, rank or every rank, structure filter).
        var practitionerSets: [[PractitionerKey]] = []
        var ranks: [PractitionerKey: Set<Int>]?
        var organizations: Set<String>?
        for (name, value) in parameters where !Self.control.contains(name) || name == "_include" {
            switch name {
            case "_id":
                var wanted: [PractitionerKey: Set<Int>] = [:]
                var keys: [PractitionerKey] = []
                for id in try alternatives(value) {
                    let (key, rank) = try Self.roleID(id)
                    if wanted[key] == nil { keys.append(key) }
                    wanted[key, default: []].insert(rank)
                }
                ranks = wanted
                practitionerSets.append(keys)
            case "practitioner":
                practitionerSets.append(
                    try alternatives(value).map { v throws(Failure) in
                        try Self.practitionerKey(v.hasPrefix("Practitioner/") ? String(v.dropFirst(13)) : v, parameter: "practitioner")
                    })
            case "organization":
                guard let structures else { throw .unavailable("the structure index is being built; retry in a few seconds") }
                var keys: [PractitionerKey] = []
                var ids = Set<String>()
                for v in try alternatives(value) {
                    let id = v.hasPrefix("Organization/") ? String(v.dropFirst(13)) : v
                    ids.insert(id)
                    do { keys += try structures.practitioners(atStructure: id, in: snapshot) } catch {
                        throw .invalid("\(error)")
                    }
                }
                organizations = ids
                practitionerSets.append(Array(Set(keys)).sorted())
            case "_include":
                switch value {
                case "PractitionerRole:practitioner": includePractitioner = true
                case "PractitionerRole:organization": includeOrganization = true
                default:
                    throw .invalid(
                        "_include=\(value) is not supported on PractitionerRole (supported: PractitionerRole:practitioner, PractitionerRole:organization)"
                    )
                }
            case "role", "identifier", "active", "specialty":
                throw .notSupported(
                    "the PractitionerRole search by \(name) is not supported in this version; search by practitioner, organization or _id")
            default:
                throw .invalid(
                    "unknown PractitionerRole search parameter \(name) (supported: _id, practitioner, organization, _count, _include)")
            }
        }
        guard !practitionerSets.isEmpty else { throw .invalid("a PractitionerRole search needs practitioner, organization or _id") }
        let practitioners = try load(Self.intersection(practitionerSets))
        var matches: [(Practitioner, Int)] = []
        for p in practitioners {
            for (i, a) in p.activities.enumerated() {
                if let wanted = ranks?[p.key], !wanted.contains(i + 1) { continue }
                if let organizations {
                    guard let s = a.structure, let id = FHIRResources.organizationID(s), organizations.contains(id) else { continue }
                }
                matches.append((p, i + 1))
            }
        }
        return page(matches, paging) { (p, rank) in
            var entries = [
                SearchBundle.Entry(
                    path: "PractitionerRole/" + FHIRResources.roleID(p.key, rank: rank), resource: FHIRResources.role(p, rank: rank),
                    included: false)
            ]
            if includePractitioner {
                entries.append(.init(path: "Practitioner/" + p.key.nationalID, resource: FHIRResources.practitioner(p), included: true))
            }
            if includeOrganization, let org = FHIRResources.organization(p.activities[rank - 1]),
                let id = FHIRResources.organizationID(p.activities[rank - 1].structure!)
            {
                entries.append(.init(path: "Organization/" + id, resource: org, included: true))
            }
            return entries
        }
    }

    // MARK: - Organization

    /// `GET /fhir/Organization?…`: `_id` and `identifier` (the technical identifier, system
    /// `https://rppsrang.esante.gouv.fr` or bare); `_revinclude=PractitionerRole:organization`.
    public func organizations(_ parameters: [(String, String)]) throws(Failure) -> SearchBundle {
        let paging = try Self.paging(parameters)
        var idSets: [[String]] = []
        var revincludeRoles = false
        for (name, value) in parameters where !Self.control.contains(name) || name == "_revinclude" || name == "_include" {
            switch name {
            case "_id": idSets.append(try alternatives(value))
            case "identifier":
                idSets.append(
                    try alternatives(value).compactMap { v -> String? in
                        guard let bar = v.firstIndex(of: "|") else { return v }
                        return v[..<bar] == FHIRSystems.rppsRang || v[..<bar].isEmpty ? String(v[v.index(after: bar)...]) : nil
                    })
            case "_revinclude":
                guard value == "PractitionerRole:organization" else {
                    throw .invalid("_revinclude=\(value) is not supported on Organization (supported: PractitionerRole:organization)")
                }
                revincludeRoles = true
            case "name", "address-city", "address-postalcode", "type", "address":
                throw .notSupported(
                    "the Organization search by \(name) needs the search index, which this version does not have; search by identifier or _id"
                )
            default: throw .invalid("unknown Organization search parameter \(name) (supported: _id, identifier, _count, _revinclude)")
            }
        }
        guard !idSets.isEmpty else { throw .invalid("an Organization search needs identifier or _id") }
        var ids = idSets[0]
        for other in idSets.dropFirst() {
            let set = Set(other)
            ids = ids.filter(set.contains)
        }
        var seen = Set<String>()
        ids = ids.filter { seen.insert($0).inserted }
        var found: [(id: String, activity: Practitioner.Activity, roles: [(Practitioner, Int)])] = []
        for id in ids {
            let (activity, roles) = try organization(id, withRoles: revincludeRoles)
            if let activity { found.append((id, activity, roles)) }
        }
        return page(found, paging) { o in
            var entries = [
                SearchBundle.Entry(path: "Organization/" + o.id, resource: FHIRResources.organization(o.activity)!, included: false)
            ]
            for (p, rank) in o.roles {
                entries.append(
                    .init(
                        path: "PractitionerRole/" + FHIRResources.roleID(p.key, rank: rank), resource: FHIRResources.role(p, rank: rank),
                        included: true))
            }
            return entries
        }
    }

    /// The first activity at the structure `id` (its Organization), and every role there when asked.
    public func organization(_ id: String, withRoles: Bool) throws(Failure) -> (Practitioner.Activity?, [(Practitioner, Int)]) {
        guard let structures else { throw .unavailable("the structure index is being built; retry in a few seconds") }
        let keys: [PractitionerKey]
        do { keys = try structures.practitioners(atStructure: id, in: snapshot) } catch { throw .invalid("\(error)") }
        var first: Practitioner.Activity?
        var roles: [(Practitioner, Int)] = []
        for p in try load(keys) {
            for (i, a) in p.activities.enumerated() {
                guard let s = a.structure, FHIRResources.organizationID(s) == id else { continue }
                if first == nil { first = a }
                if !withRoles { return (first, []) }
                roles.append((p, i + 1))
            }
        }
        return (first, roles)
    }

    // MARK: - Helpers

    func alternatives(_ value: String) throws(Failure) -> [String] {
        let values = value.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        guard !values.isEmpty else { throw .invalid("an empty search value") }
        return values
    }

    /// A practitioner's key from an id (`810…`, an RPPS or an ADELI).
    static func practitionerKey(_ value: String, parameter: String) throws(Failure) -> PractitionerKey {
        do { return try PractitionerKey(lookup: value) } catch { throw .invalid("\(parameter)=\(value): \(error)") }
    }

    /// `system|value` or a bare value; `nil` for a system that names no practitioner identifier.
    static func practitionerKey(identifier: String) throws(Failure) -> PractitionerKey? {
        guard let bar = identifier.firstIndex(of: "|") else { return try practitionerKey(identifier, parameter: "identifier") }
        let system = identifier[..<bar]
        let value = String(identifier[identifier.index(after: bar)...])
        switch system {
        case "", FHIRSystems.idnps[...]: return try practitionerKey(value, parameter: "identifier")
        case FHIRSystems.rpps[...]:
            guard value.count == 11 else { throw .invalid("identifier=\(identifier): an RPPS has 11 digits") }
            return try practitionerKey(value, parameter: "identifier")
        default: return nil
        }
    }

    /// `810…-2` (a PractitionerRole id) → the practitioner and the rank.
    public static func roleID(_ id: String) throws(Failure) -> (PractitionerKey, Int) {
        guard let dash = id.lastIndex(of: "-"), let rank = Int(id[id.index(after: dash)...]), rank >= 1 else {
            throw .invalid("\(id) is not a PractitionerRole id (national identifier-rank, e.g. 810000000017-1)")
        }
        return (try practitionerKey(String(id[..<dash]), parameter: "_id"), rank)
    }

    /// Keys in all the lists, in the first list's order, each once.
    static func intersection(_ lists: [[PractitionerKey]]) -> [PractitionerKey] {
        var seen = Set<PractitionerKey>()
        let rest = lists.dropFirst().map(Set.init)
        return lists[0].filter { key in rest.allSatisfy { $0.contains(key) } && seen.insert(key).inserted }
    }

    func load(_ keys: [PractitionerKey]) throws(Failure) -> [Practitioner] {
        do { return try keys.compactMap { try snapshot.practitioner($0) } } catch {
            throw .invalid("the snapshot cannot be read: \(error)")
        }
    }

    func page<T>(_ matches: [T], _ paging: Paging, _ entries: (T) -> [SearchBundle.Entry]) -> SearchBundle {
        let start = min(paging.offset, matches.count)
        let end = min(start + paging.count, matches.count)
        return SearchBundle(
            total: matches.count, entries: matches[start..<end].flatMap(entries), nextOffset: end < matches.count ? end : nil)
    }
}
