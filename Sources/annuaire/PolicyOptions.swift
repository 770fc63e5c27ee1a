import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

/// The freshness policy and the time to judge at: defaults from spec/freshness.md, then the
/// policy file, then the flags.
struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Judge freshness at this time (ISO-8601, e.g. 2026-11-22T08:00:00Z; default: now).", valueName: "time"))
    var now: ExtractTime?

    @Option(
        help: ArgumentHelp(
            "Policy file (JSON: {\"grace\": \"12h\", \"cadence\": {\"ars\": \"7d\"}}); default: policy.json in the data directory, if present.",
            valueName: "file"))
    var policy: String?

    @Option(
        name: .customLong("cadence"),
        help: ArgumentHelp("Override a source's cadence, e.g. ars=7d (repeatable).", valueName: "source=duration"))
    var cadences: [String] = []

    @Option(help: ArgumentHelp("Override the grace period, e.g. 12h.", valueName: "duration"))
    var grace: String?

    /// These options as command-line arguments (to hand them to another command).
    var arguments: [String] {
        (now.map { ["--now", $0.utcDescription] } ?? []) + (policy.map { ["--policy", $0] } ?? []) + cadences.flatMap { ["--cadence", $0] }
            + (grace.map { ["--grace", $0] } ?? [])
    }

    var instant: ExtractTime {
        now ?? ExtractTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
    }

    func effectivePolicy(dataDirectory: String) throws -> FreshnessPolicy {
        var result: FreshnessPolicy
        do { result = try FreshnessPolicy.standard.applying(file: policy, dataDirectory: dataDirectory) } catch {
            throw ValidationError(error.description)
        }
        try result.apply(cadences: cadences, grace: grace)
        return result
    }
}

/// `fresh until 2026-11-23 15:15` / `STALE since …, overdue 1 d 3 h`.
func describe(_ verdict: Verdict?) -> String {
    switch verdict {
    case nil: "freshness unknown (no extract time)"
    case .fresh(let expires)?: "fresh until \(expires.parisDescription.replacingOccurrences(of: " Europe/Paris", with: ""))"
    case .stale(let expired, let overdue)?:
        "STALE since \(expired.parisDescription.replacingOccurrences(of: " Europe/Paris", with: "")), overdue \(describeDuration(overdue))"
    }
}
