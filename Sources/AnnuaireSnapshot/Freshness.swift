import AnnuaireParsing

/// Where a piece of data comes from (`spec/freshness.md` §1).
public enum Source: String, CaseIterable, Codable, Sendable, Comparable {
    /// The professional orders (CNOM, CNOP, ONI…): RPPS professionals they register, daily.
    case ordres
    /// The armed forces' health service: the military professionals it registers, daily.
    case ssa
    /// The FINESS registry: establishments (structures with a FINESS number), daily.
    case finess
    /// The card system: the cartes family, and ADELI data registered by CPAM or `Variable`, daily.
    case cpx
    /// The MSSanté information system: the mssante family, daily.
    case mssante
    /// The regional health agencies: the ADELI professionals they register, weekly.
    case ars
    /// An authority token the attribution table does not know: kept, counted, shown.
    case unknown

    /// Sources sort in the order of `allCases` (the order of `spec/freshness.md` §1).
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
    /// `allCases`, built once: `allCases` builds an array per call, too slow for a per-row path.
    static let all = allCases

    /// The place of the source in `allCases` (a switch, for the same reason).
    var index: Int {
        switch self {
        case .ordres: 0
        case .ssa: 1
        case .finess: 2
        case .cpx: 3
        case .mssante: 4
        case .ars: 5
        case .unknown: 6
        }
    }
}

/// The attribution rules of `spec/freshness.md` §2, in one table.
public enum Attribution {
    /// `Autorité d'enregistrement` tokens and their source. `ARS-…` tokens are `ars` too.
    public static let tokens: [String: Source] = [
        "CNOM": .ordres, "CNOMK": .ordres, "CNOP": .ordres, "CNOPP": .ordres, "CNOSF": .ordres, "ONCD": .ordres,
        "ONI": .ordres, "SSA": .ssa, "ARS": .ars, "CPAM": .cpx, "Variable": .cpx,
    ]

    /// The source of one token; `nil` for an empty token.
    public static func source(ofToken token: Substring) -> Source? {
        if token.isEmpty { return nil }
        if let source = tokens[String(token)] { return source }
        return token.hasPrefix("ARS-") ? .ars : .unknown
    }

    /// The sources of the identity, activity and structure parts of a personne-activite row.
    ///
    /// `A/B/C` names the authority of each part. An empty identity token falls back on the
    /// register (`8` RPPS → ordres, `0` ADELI → ars). An empty activity or structure token means
    /// the part takes the source of the part before it (the project's reading of rows such as
    /// `ARS//` that still carry a mode of practice). A structure with a FINESS number (or a
    /// technical identifier starting with `F`) comes from `finess` whatever its token.
    public static func personneActivite(
        authority: String, registerType: String, finessSite: String, technicalIdentifier: String, hasStructure: Bool
    ) -> (identity: Source, activity: Source, structure: Source?) {
        personneActivite(
            tokens: tokenSources(authority), isRPPS: registerType == "8",
            structureHasFINESS: !finessSite.isEmpty || technicalIdentifier.hasPrefix("F"), hasStructure: hasStructure)
    }

    /// The same rule on an authority already read into the sources of its three tokens (the
    /// ingest parses each distinct authority once).
    static func personneActivite(
        tokens: (Source?, Source?, Source?), isRPPS: Bool, structureHasFINESS: Bool, hasStructure: Bool
    ) -> (identity: Source, activity: Source, structure: Source?) {
        let identity = tokens.0 ?? (isRPPS ? .ordres : .ars)
        let activity = tokens.1 ?? identity
        guard hasStructure else { return (identity, activity, nil) }
        if structureHasFINESS { return (identity, activity, .finess) }
        return (identity, activity, tokens.2 ?? activity)
    }

    /// The sources of the three `/`-separated tokens of an authority (nil: empty or missing).
    static func tokenSources(_ authority: String) -> (Source?, Source?, Source?) {
        let parts = authority.split(separator: "/", omittingEmptySubsequences: false)
        func token(_ i: Int) -> Source? { i < parts.count ? source(ofToken: parts[i]) : nil }
        return (token(0), token(1), token(2))
    }

    /// The same for an authority read in place (nil: the column is empty), token by token without
    /// splitting the text.
    static func tokenSources(_ authority: UnsafeRawBufferPointer?) -> (Source?, Source?, Source?) {
        guard let authority, !authority.isEmpty else { return (nil, nil, nil) }
        var found: (Source?, Source?, Source?) = (nil, nil, nil)
        var token = 0
        var start = 0
        for end in 0...authority.count where end == authority.count || authority[end] == UInt8(ascii: "/") {
            if end > start {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: authority[start..<end]), as: UTF8.self)
                let source = Self.source(ofToken: text[...])
                switch token {
                case 0: found.0 = source
                case 1: found.1 = source
                case 2: found.2 = source
                default: break
                }
            }
            token += 1
            start = end + 1
            if token > 2 { break }
        }
        return found
    }

    /// The source of a practitioner known only by register: `8` RPPS → ordres, else ars.
    public static func register(_ type: String) -> Source { type == "8" ? .ordres : .ars }

    /// The source of the whole rows of a family, when it is fixed (cartes, mssante).
    public static func familySource(_ family: Family) -> Source? {
        switch family {
        case .cartes: .cpx
        case .mssante: .mssante
        default: nil
        }
    }

    /// The unknown tokens of an authority triple.
    static func unknownTokens(_ authority: String) -> [Substring] {
        authority.split(separator: "/").filter { source(ofToken: $0) == .unknown }
    }
}

/// How long each source's data stays current: its cadence plus a grace period for the night's
/// publication (`spec/freshness.md` §1, §3). Defaults from the spec; overridable.
public struct FreshnessPolicy: Codable, Sendable, Equatable {
    /// Seconds per source.
    public var cadences: [Source: Int64]
    /// Seconds a publication may be late before its data is judged stale.
    public var graceSeconds: Int64

    /// The spec's policy: every source daily but ARS weekly, with 12 hours of grace.
    public static let standard = FreshnessPolicy(
        cadences: [.ordres: 86_400, .ssa: 86_400, .finess: 86_400, .cpx: 86_400, .mssante: 86_400, .ars: 7 * 86_400, .unknown: 86_400],
        graceSeconds: 12 * 3600)

    /// A policy of the given cadences (seconds per source) and grace period (seconds).
    public init(cadences: [Source: Int64], graceSeconds: Int64) {
        self.cadences = cadences
        self.graceSeconds = graceSeconds
    }

    /// The seconds between two publications of `source` (a day when the policy does not say).
    public func cadence(_ source: Source) -> Int64 { cadences[source] ?? 86_400 }

    /// `E + cadence(S) + grace`.
    public func expiry(of source: Source, extractedAt e: ExtractTime) -> ExtractTime {
        e + (cadence(source) + graceSeconds)
    }

    /// Fresh if `now < expiry`, else stale and overdue by `now − expiry`.
    public func verdict(_ source: Source, extractedAt e: ExtractTime, now: ExtractTime) -> Verdict {
        let expires = expiry(of: source, extractedAt: e)
        return now < expires
            ? .fresh(expires: expires) : .stale(expired: expires, overdueSeconds: now.secondsSince1970 - expires.secondsSince1970)
    }

    /// Applies a policy file: JSON `{"grace": "12h", "cadence": {"ars": "7d", "cpx": "1d"}}`.
    public mutating func apply(json text: String) throws {
        guard let object = try? JSONValue(parsing: text), case .object(let members) = object else {
            throw PolicyError("the policy file is not a JSON object")
        }
        for (key, value) in members {
            switch (key, value) {
            case ("grace", .string(let d)):
                graceSeconds = try duration(d)
            case ("cadence", .object(let entries)):
                for (name, v) in entries {
                    guard let source = Source(rawValue: name), case .string(let d) = v else {
                        throw PolicyError(
                            "unknown source \(name) in the policy file (known: \(Source.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    cadences[source] = try duration(d)
                }
            default:
                throw PolicyError("unknown policy setting \(key) (known: grace, cadence)")
            }
        }
    }

    /// Applies `source=duration` (e.g. `ars=7d`).
    public mutating func apply(cadence setting: String) throws {
        let parts = setting.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let source = Source(rawValue: String(parts[0])) else {
            throw PolicyError(
                "--cadence takes SOURCE=DURATION, e.g. ars=7d (sources: \(Source.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        cadences[source] = try duration(String(parts[1]))
    }
}

/// Fresh or stale, with the times that decide it.
public enum Verdict: Sendable, Equatable {
    /// Still within its source's cadence plus grace: fresh until `expires`.
    case fresh(expires: ExtractTime)
    /// Past its source's cadence plus grace since `expired`, by `overdueSeconds` at the time judged.
    case stale(expired: ExtractTime, overdueSeconds: Int64)

    /// Whether the verdict is `fresh`.
    public var isFresh: Bool { if case .fresh = self { true } else { false } }
    /// When the data stops (or stopped) being fresh.
    public var expires: ExtractTime {
        switch self {
        case .fresh(let e), .stale(let e, _): e
        }
    }
}

/// A policy file or setting that cannot be read: its text says which and why.
public struct PolicyError: Error, CustomStringConvertible {
    /// What is wrong, and where.
    public var description: String
    init(_ text: String) { description = text }
}

/// Parses `90s`, `30m`, `12h`, `7d` (or a bare number of seconds).
package func duration(_ text: String) throws -> Int64 {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    let unit = text.last.flatMap { units[$0] }
    guard let n = Int64(unit == nil ? text : String(text.dropLast())), n >= 0 else {
        throw PolicyError("\(text) is not a duration (e.g. 12h, 7d, 30m)")
    }
    return n * (unit ?? 1)
}

/// `1 d 3 h`, `45 min`.
package func describeDuration(_ seconds: Int64) -> String {
    let d = seconds / 86_400, h = seconds % 86_400 / 3600, m = seconds % 3600 / 60
    if d > 0 { return h > 0 ? "\(d) d \(h) h" : "\(d) d" }
    if h > 0 { return m > 0 ? "\(h) h \(m) min" : "\(h) h" }
    return "\(m) min"
}
