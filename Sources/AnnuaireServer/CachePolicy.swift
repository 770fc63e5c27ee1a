import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import Hummingbird
import Synchronization

/// `ETag` and `Cache-Control` of lookups, consistent with the freshness of the data: an answer
/// may be cached until the snapshot's next source expiry (at most `maxCacheSeconds`, since a new
/// snapshot may land any night); once a source is stale, clients must revalidate (`no-cache`).
///
/// The ETag is weak (`W/"<snapshot creation>-<national id>-<stale sources>"`): it changes with the
/// snapshot and when a source turns stale; the `overdueSeconds` that grow second by second in a
/// stale answer are a semantically equivalent change.
final class CachePolicy: Sendable {
    struct Summary: Sendable {
        var staleCount: Int
        var nextExpiry: ExtractTime?
    }
    private struct Cached {
        var snapshot: ObjectIdentifier
        var second: Int64
        var summary: Summary
    }
    private let cache = Mutex<Cached?>(nil)
    private let freshnessCache = Mutex<FreshnessJSON?>(nil)
    let policy: FreshnessPolicy
    let maxCacheSeconds: Int64

    init(policy: FreshnessPolicy, maxCacheSeconds: Int64) {
        self.policy = policy
        self.maxCacheSeconds = maxCacheSeconds
    }

    /// The snapshot's freshness at `now`, computed once per second and snapshot.
    func summary(_ snapshot: Snapshot, now: ExtractTime) -> Summary {
        let id = ObjectIdentifier(snapshot)
        if let c = cache.withLock({ $0 }), c.snapshot == id, c.second == now.secondsSince1970 { return c.summary }
        let lines = SourceLine.all(snapshot.provenance, snapshot.extractTimes, policy, now)
        let stale = lines.filter { !($0.verdict?.isFresh ?? false) }.count
        let next = lines.compactMap { line -> ExtractTime? in
            if case .fresh(let e)? = line.verdict { return e }
            return nil
        }.min()
        let summary = Summary(staleCount: stale, nextExpiry: next)
        cache.withLock { $0 = Cached(snapshot: id, second: now.secondsSince1970, summary: summary) }
        return summary
    }

    /// The freshness objects of answers judged at `now`: one set per second, shared by the
    /// requests of that second (formatting their dates is the costly part of a small answer).
    func freshness(now: ExtractTime) -> FreshnessJSON {
        freshnessCache.withLock { cached in
            if let cached, cached.now == now { return cached }
            let made = FreshnessJSON(policy, now: now)
            cached = made
            return made
        }
    }

    /// `W/"<creation>-<national id>-<stale count>"`.
    func etag(_ snapshot: Snapshot, key: PractitionerKey, now: ExtractTime) -> String {
        "W/\"\(snapshot.createdAt.secondsSince1970)-\(key.nationalID)-\(summary(snapshot, now: now).staleCount)\""
    }

    /// `public, max-age=N` until the next expiry, or `no-cache` once a source is stale.
    func cacheControl(_ snapshot: Snapshot, now: ExtractTime) -> String {
        let s = summary(snapshot, now: now)
        guard s.staleCount == 0, let next = s.nextExpiry else { return "public, no-cache" }
        return "public, max-age=\(max(0, min(maxCacheSeconds, next.secondsSince1970 - now.secondsSince1970)))"
    }

    /// Whether `If-None-Match` names `etag` (or is `*`), comparing weakly.
    static func matches(_ ifNoneMatch: String?, _ etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        func opaque(_ tag: Substring) -> Substring {
            let t = tag.trimmingCharacters(in: .whitespaces)
            return Substring(t.hasPrefix("W/") ? String(t.dropFirst(2)) : t)
        }
        let mine = opaque(Substring(etag))
        return ifNoneMatch.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "*" || opaque($0) == mine }
    }
}
