import AnnuaireParsing

extension Practitioner {
    /// One match of a search (docs/search-json.md): the key, the identity, and the matched
    /// activities with their structure, each part with its freshness, as `lookup` gives them.
    public func searchJSONValue(activities: [Activity], freshness: FreshnessJSON) -> JSONValue {
        func members(_ part: Part) -> [(String, JSONValue)] {
            part.fields.map { ($0.id, JSONValue.string($0.value)) } + [("freshness", freshness.of(part))]
        }
        return .object([
            (
                "key",
                .object([
                    ("type", .string(String(key.typeCode))), ("identifier", .string(key.identifier)),
                    ("nationalId", .string(key.nationalID)),
                ])
            ),
            ("identity", .object(members(identity))),
            (
                "activities",
                .array(
                    activities.map { a in
                        var fields = members(a.fields)
                        if let s = a.structure { fields.append(("structure", .object(members(s)))) }
                        return .object(fields)
                    })
            ),
        ])
    }
}
