import AnnuaireParsing
import Foundation

/// One (source, family) pair of a snapshot and its verdict.
public struct SourceLine: Sendable {
    public var source: Source
    public var family: Family
    public var extractTime: ExtractTime?
    public var carriedOver: Bool
    public var verdict: Verdict?
    public var rows: Int
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
    public var source: String
    public var family: String
    public var extractTime: ExtractTime?
    public var expires: ExtractTime?
    public var verdict: String
    public var overdueSeconds: Int64?
    public var carriedOver: Bool
    public var rows: Int
    public var practitioners: Int
}

/// The effective policy as `status --json` writes it.
public struct PolicyOutput: Encodable, Sendable {
    public var graceSeconds: Int64
    public var cadenceSeconds: [String: Int64]
    public init(_ p: FreshnessPolicy) {
        graceSeconds = p.graceSeconds
        cadenceSeconds = Dictionary(uniqueKeysWithValues: Source.allCases.map { ($0.rawValue, p.cadence($0)) })
    }
}

/// The `status --json` object.
public struct StatusOutput: Encodable, Sendable {
    public var snapshot: String
    public var bytes: Int
    public var now: ExtractTime
    public var policy: PolicyOutput
    public var sources: [SourceOutput]
    public var stale: Bool
    public var provenance: SnapshotProvenance
}

/// What `status` says about a snapshot: per (source, family), the extract time, expiry and verdict
/// under a policy at a time (`spec/freshness.md` §4). The CLI prints it; the server answers it at
/// `/v1/status` and judges `/readyz` by it.
public struct StatusReport: Sendable {
    public let output: StatusOutput
    public let lines: [SourceLine]

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
