import AnnuaireParsing

/// The `lookup --json` answer for one identifier (docs/lookup-json.md), shared by the CLI and the
/// HTTP service so that both write the same bytes.
public enum LookupAnswer {
    /// What a query came to.
    public enum Outcome: Sendable, Equatable {
        /// The practitioner is in the snapshot.
        case found
        /// The identifier is well formed but no practitioner has it.
        case notFound
        /// The identifier is malformed (length, characters, key digit); the reason.
        case invalid(String)
    }

    /// The answer to `query` in `snapshot`: the practitioner's object, `{"query", "found": false}`,
    /// or `{"query", "found": false, "error"}` for an invalid identifier.
    public static func answer(_ query: String, in snapshot: Snapshot, freshness: FreshnessJSON) throws -> (
        json: JSONValue, outcome: Outcome, practitioner: Practitioner?
    ) {
        let key: PractitionerKey
        do {
            key = try PractitionerKey(lookup: query)
        } catch {
            let reason = String(describing: error)
            return (invalid(query, reason: reason), .invalid(reason), nil)
        }
        guard let practitioner = try snapshot.practitioner(key) else { return (notFound(query), .notFound, nil) }
        return (practitioner.jsonValue(query: query, freshness: freshness), .found, practitioner)
    }

    /// Appends the answer to `query` to `out` on one line (the text of `answer(_:in:freshness:)`'s
    /// `json`, the practitioner's written straight from the stored bytes) and says what it came to.
    public static func write(_ query: String, in snapshot: Snapshot, freshness: FreshnessJSON, into out: inout [UInt8]) throws
        -> Outcome
    {
        let key: PractitionerKey
        do {
            key = try PractitionerKey(lookup: query)
        } catch {
            let reason = String(describing: error)
            invalid(query, reason: reason).write(into: &out)
            return .invalid(reason)
        }
        guard try snapshot.writeLookupJSON(key, query: query, freshness: freshness, into: &out) else {
            notFound(query).write(into: &out)
            return .notFound
        }
        return .found
    }

    /// `{"query": …, "found": false}`.
    public static func notFound(_ query: String) -> JSONValue { .object([("query", .string(query)), ("found", .bool(false))]) }

    /// `{"query": …, "found": false, "error": …}`.
    public static func invalid(_ query: String, reason: String) -> JSONValue {
        .object([("query", .string(query)), ("found", .bool(false)), ("error", .string(reason))])
    }
}

extension Practitioner {
    /// The documented JSON form (docs/lookup-json.md).
    public func jsonValue(query: String, freshness: FreshnessJSON) -> JSONValue {
        func members(_ part: Part) -> [(String, JSONValue)] {
            part.fields.map { ($0.id, JSONValue.string($0.value)) } + [("freshness", freshness.of(part))]
        }
        func object(_ part: Part) -> JSONValue { .object(members(part)) }
        return .object([
            ("query", .string(query)),
            ("found", .bool(true)),
            (
                "key",
                .object([
                    ("type", .string(String(key.typeCode))), ("identifier", .string(key.identifier)),
                    ("nationalId", .string(key.nationalID)),
                ])
            ),
            ("identity", object(identity)),
            (
                "activities",
                .array(
                    activities.map { a in
                        var fields = members(a.fields)
                        if let s = a.structure {
                            var structure = members(s)
                            structure.append(("organisationMailboxes", .array(a.organisationMailboxes.map(object))))
                            fields.append(("structure", .object(structure)))
                        }
                        return .object(fields)
                    })
            ),
            ("savoirFaire", .array(savoirFaire.map(object))),
            ("diplomas", .array(diplomas.map(object))),
            ("cards", .array(cards.map(object))),
            ("mailboxes", .array(mailboxes.map(object))),
        ])
    }
}
