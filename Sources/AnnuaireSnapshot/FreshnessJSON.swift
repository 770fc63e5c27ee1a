import AnnuaireParsing
import Synchronization

/// The `freshness` object of a part (docs/lookup-json.md), made once per source and extract time:
/// every part of a family shares it, and formatting dates is the costly step of a lookup. Its
/// caches are behind a lock, so that one instance serves every answer judged at the same time (a
/// server's requests of one second, say).
public final class FreshnessJSON: Sendable {
    /// The policy the verdicts are judged under.
    public let policy: FreshnessPolicy
    /// The time the verdicts are judged at.
    public let now: ExtractTime
    private struct Key: Hashable {
        var source: Source
        var extractTime: Int64?
    }
    private struct Caches {
        var made: [Key: JSONValue] = [:]
        /// The texts written so far: a handful (sources × families), searched in a line.
        var written: [(key: Key, text: [UInt8])] = []
    }
    private let caches = Mutex(Caches())

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
        let known: [UInt8]? = caches.withLock { caches in caches.written.first { $0.key == key }?.text }
        if let known {
            out += known
            return
        }
        var bytes: [UInt8] = []
        of(source, extractTime: extractTime).write(into: &bytes)
        caches.withLock { $0.written.append((key, bytes)) }
        out += bytes
    }

    private func of(_ source: Source, extractTime: ExtractTime?) -> JSONValue {
        let key = Key(source: source, extractTime: extractTime?.secondsSince1970)
        if let value = caches.withLock({ $0.made[key] }) { return value }
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
        caches.withLock { $0.made[key] = value }
        return value
    }
}
