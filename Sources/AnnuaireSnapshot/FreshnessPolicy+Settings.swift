import Foundation

extension FreshnessPolicy {
    /// The effective policy: the defaults of `spec/freshness.md`, then the policy file (`file`, else
    /// `policy.json` in `dataDirectory` when present), then `source=duration` overrides, then the
    /// grace period. Shared by every command and the server so that they judge alike.
    public static func effective(dataDirectory: String, file: String?, cadences: [String], grace: String?) throws -> FreshnessPolicy {
        var result = try FreshnessPolicy.standard.applying(file: file, dataDirectory: dataDirectory)
        try result.apply(cadences: cadences, grace: grace)
        return result
    }

    /// This policy with the policy file applied: `file`, else `policy.json` in `dataDirectory` when
    /// it exists. The error names the file.
    public func applying(file: String?, dataDirectory: String) throws(PolicyError) -> FreshnessPolicy {
        var result = self
        let path = file ?? dataDirectory + "/policy.json"
        if file != nil || FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw PolicyError("cannot read the policy file \(path).")
            }
            do { try result.apply(json: text) } catch { throw PolicyError("\(path): \(error)") }
        }
        return result
    }

    /// Applies `source=duration` overrides, then the grace period (e.g. `12h`) when given.
    public mutating func apply(cadences: [String], grace: String?) throws {
        for setting in cadences { try apply(cadence: setting) }
        if let grace { graceSeconds = try duration(grace) }
    }
}
