import AnnuaireSnapshot

/// A `searchset` Bundle (`spec/fhir.md`, "Search and bundles"): `total`, `link` self and next,
/// `entry[].fullUrl`, `entry[].resource`, `entry[].search.mode` (`match`, or `include` for
/// `_include`d and `_revinclude`d resources).
public struct SearchBundle: Sendable {
    /// One entry: the resource's path relative to the base (`Practitioner/810…`), the resource and
    /// whether it matched or was included.
    public struct Entry: Sendable {
        /// The resource's path, e.g. `Practitioner/810000000017`.
        public var path: String
        /// The resource's JSON.
        public var resource: JSONValue
        /// Whether it was included (`_include`/`_revinclude`) rather than matched.
        public var included: Bool

        /// An entry of the bundle.
        public init(path: String, resource: JSONValue, included: Bool) {
            self.path = path
            self.resource = resource
            self.included = included
        }
    }

    /// The number of matches of the whole search (every page).
    public var total: Int
    /// This page's entries: the matches, then what they include.
    public var entries: [Entry]
    /// The offset of the next page, when there is one.
    public var nextOffset: Int?

    /// A page of a search.
    public init(total: Int, entries: [Entry], nextOffset: Int?) {
        self.total = total
        self.entries = entries
        self.nextOffset = nextOffset
    }

    /// The Bundle resource; `base` is the absolute base URL (`http://host/fhir`), `selfQuery` the
    /// search's query string without the paging offset.
    public func resource(base: String, type: String, selfQuery: String, offset: Int) -> JSONValue {
        func url(_ offset: Int) -> String {
            let paging = offset > 0 ? "_getpagesoffset=\(offset)" : ""
            let query = [selfQuery, paging].filter { !$0.isEmpty }.joined(separator: "&")
            return "\(base)/\(type)" + (query.isEmpty ? "" : "?" + query)
        }
        var links: [JSONValue] = [.object([("relation", .string("self")), ("url", .string(url(offset)))])]
        if let nextOffset { links.append(.object([("relation", .string("next")), ("url", .string(url(nextOffset)))])) }
        return .object([
            ("resourceType", .string("Bundle")), ("type", .string("searchset")), ("total", .number(Double(total))),
            ("link", .array(links)),
            (
                "entry",
                .array(
                    entries.map { e in
                        .object([
                            ("fullUrl", .string("\(base)/\(e.path)")), ("resource", e.resource),
                            ("search", .object([("mode", .string(e.included ? "include" : "match"))])),
                        ])
                    })
            ),
        ])
    }
}
