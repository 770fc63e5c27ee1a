import AnnuaireParsing
import Foundation

/// One (source, family) pair of a snapshot and its verdict.
public struct SourceLine: Sendable {
    /// The source.
    public var source: Source
    /// The family through which the snapshot uses it.
    public var family: Family
    /// The extract time of the family's inputs; nil if unknown.
    public var extractTime: ExtractTime?
    /// Whether the family was carried over from an earlier night.
    public var carriedOver: Bool
    /// Fresh or stale at the time judged; nil without an extract time.
    public var verdict: Verdict?
    /// Rows with at least one part from the source.
    public var rows: Int
    /// Practitioners with at least one such row.
    public var practitioners: Int

    /// One line per (source, family) pair that the snapshot uses, judged at `now`.
    public static func all(_ p: SnapshotProvenance, _ times: [Family: ExtractTime], _ policy: FreshnessPolicy, _ now: ExtractTime)
        -> [SourceLine]
    {
        p.usage.map { u in
            let time = times[u.family]
            return SourceLine(
                source: u.source, family: u.family, extractTime: time,
                carriedOver: p.inputs(of: u.family).contains(where: \.carriedOver),
                verdict: time.map { policy.verdict(u.source, extractedAt: $0, now: now) }, rows: u.rows, practitioners: u.practitioners)
        }
    }

    /// The line as `status --json` writes it.
    public var output: SourceOutput {
        var overdue: Int64?
        if case .stale(_, let o)? = verdict { overdue = o }
        return SourceOutput(
            source: source.rawValue, family: family.rawValue, extractTime: extractTime, expires: verdict?.expires,
            verdict: verdict.map { $0.isFresh ? "fresh" : "stale" } ?? "unknown", overdueSeconds: overdue,
            carriedOver: carriedOver, rows: rows, practitioners: practitioners)
    }
}

/// One source line of `status --json`.
public struct SourceOutput: Encodable, Sendable {
    /// The source (`ordres`, `ssa`…).
    public var source: String
    /// The family (`personne-activite`…).
    public var family: String
    /// The family's extract time.
    public var extractTime: ExtractTime?
    /// When the data stops (or stopped) being fresh.
    public var expires: ExtractTime?
    /// `fresh`, `stale` or `unknown`.
    public var verdict: String
    /// Seconds past the expiry, when stale.
    public var overdueSeconds: Int64?
    /// Whether the family was carried over from an earlier night.
    public var carriedOver: Bool
    /// Rows with at least one part from the source.
    public var rows: Int
    /// Practitioners with at least one such row.
    public var practitioners: Int
}

/// The effective policy as `status --json` writes it.
public struct PolicyOutput: Encodable, Sendable {
    /// The grace period, in seconds.
    public var graceSeconds: Int64
    /// Each source's cadence, in seconds, by name.
    public var cadenceSeconds: [String: Int64]
    /// The JSON form of `p`.
    public init(_ p: FreshnessPolicy) {
        graceSeconds = p.graceSeconds
        cadenceSeconds = Dictionary(uniqueKeysWithValues: Source.allCases.map { ($0.rawValue, p.cadence($0)) })
    }
}

/// The `status --json` object.
public struct StatusOutput: Encodable, Sendable {
    /// The snapshot's path.
    public var snapshot: String
    /// The snapshot's size.
    public var bytes: Int
    /// The time the verdicts are judged at.
    public var now: ExtractTime
    /// The policy they are judged under.
    public var policy: PolicyOutput
    /// One line per (source, family) pair the snapshot uses.
    public var sources: [SourceOutput]
    /// Whether any of those lines is stale or of unknown freshness.
    public var stale: Bool
    /// What the snapshot was built from.
    public var provenance: SnapshotProvenance
}

/// What `status` says about a snapshot: per (source, family), the extract time, expiry and verdict
/// under a policy at a time (`spec/freshness.md` §4). The CLI prints it; the server answers it at
/// `/v1/status` and judges `/readyz` by it.
public struct StatusReport: Sendable {
    /// The `status --json` object.
    public let output: StatusOutput
    /// One line per (source, family) pair the snapshot uses, judged.
    public let lines: [SourceLine]

    /// Judges every source of `snapshot` under `policy` at `now`.
    public init(_ snapshot: Snapshot, policy: FreshnessPolicy, now: ExtractTime) {
        let p = snapshot.provenance
        lines = SourceLine.all(p, snapshot.extractTimes, policy, now)
        output = StatusOutput(
            snapshot: snapshot.path, bytes: snapshot.byteCount, now: now, policy: PolicyOutput(policy),
            sources: lines.map(\.output), stale: lines.contains { !($0.verdict?.isFresh ?? false) }, provenance: p)
    }

    /// The lines whose source is stale or of unknown freshness.
    public var staleLines: [SourceLine] { lines.filter { !($0.verdict?.isFresh ?? false) } }

    /// The `status --json` text: pretty, keys sorted, slashes unescaped.
    public func jsonText() throws -> String { String(decoding: try Self.encoder.encode(output), as: UTF8.self) }

    /// The JSON encoder of the project's reports (`status --json`, `ingest --json`).
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
