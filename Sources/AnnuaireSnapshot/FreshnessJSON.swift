import AnnuaireParsing

/// The `freshness` object of a part (docs/lookup-json.md), made once per source and extract time:
/// every part of a family shares it, and formatting dates is the costly step of a lookup. Not
/// `Sendable`: one per answer (or per thread).
public final class FreshnessJSON {
    /// The policy the verdicts are judged under.
    public let policy: FreshnessPolicy
    /// The time the verdicts are judged at.
    public let now: ExtractTime
    private struct Key: Hashable {
        var source: Source
        var extractTime: Int64?
    }
    private var made: [Key: JSONValue] = [:]
    /// The texts written so far: a handful (sources × families), searched in a line.
    private var written: [(key: Key, text: [UInt8])] = []

    /// Judges under `policy` at `now`; each distinct (source, extract time) object is made once.
    public init(_ policy: FreshnessPolicy, now: ExtractTime) {
        self.policy = policy
        self.now = now
    }

    /// The `freshness` object of `part`.
    public func of(_ part: Practitioner.Part) -> JSONValue { of(part.source, extractTime: part.extractTime) }

    /// Appends the JSON text of the `freshness` object of a part of `source` extracted at
    /// `extractTime` to `out`.
    func write(_ source: Source, extractTime: ExtractTime?, into out: inout [UInt8]) {
        let key = Key(source: source, extractTime: extractTime?.secondsSince1970)
        for entry in written where entry.key == key {
            out += entry.text
            return
        }
        var bytes: [UInt8] = []
        of(source, extractTime: extractTime).write(into: &bytes)
        written.append((key, bytes))
        out += bytes
    }

    private func of(_ source: Source, extractTime: ExtractTime?) -> JSONValue {
        let key = Key(source: source, extractTime: extractTime?.secondsSince1970)
        if let value = made[key] { return value }
        var members: [(String, JSONValue)] = [("source", .string(source.rawValue))]
        members.append(("extractTime", extractTime.map { .string($0.description) } ?? .null))
        if let verdict = extractTime.map({ policy.verdict(source, extractedAt: $0, now: now) }) {
            members.append(("expires", .string(verdict.expires.description)))
            members.append(("verdict", .string(verdict.isFresh ? "fresh" : "stale")))
            if case .stale(_, let overdue) = verdict { members.append(("overdueSeconds", .number(Double(overdue)))) }
        } else {
            members.append(("verdict", .string("unknown")))
        }
        let value = JSONValue.object(members)
        made[key] = value
        return value
    }
}
