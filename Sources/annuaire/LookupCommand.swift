import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Show what the snapshot holds about practitioners.",
        discussion: """
            Each ID is an RPPS (11 digits), an ADELI (9 characters), or a national identifier \
            (8 + RPPS, 12 characters; 0 + ADELI, 10); its key digit is checked. With - the \
            identifiers are read from standard input, one per line, and one JSON line is printed \
            per identifier, found or not (bulk enrichment). The JSON schema is in docs/lookup-json.md.

            Exit status: 0 all found, 1 some not found, 2 some identifier invalid.
            """
    )

    @Argument(help: "RPPS, ADELI or national identifiers; - reads them from standard input.")
    var ids: [String]

    @OptionGroup var location: DataLocation

    @Flag(help: "Print JSON (one document; JSON lines when reading standard input).")
    var json = false

    @OptionGroup var freshness: PolicyOptions

    func run() throws {
        let snapshot = try Snapshot(path: location.snapshotPath)
        let policy = try freshness.effectivePolicy(dataDirectory: location.directory)
        let now = freshness.instant
        var notFound = false
        var invalid = false
        let bulk = ids == ["-"]
        let freshnessJSON = FreshnessJSON(policy, now: now)
        func handle(_ query: String) throws -> JSONValue {
            let key: PractitionerKey
            do {
                key = try PractitionerKey(lookup: query)
            } catch {
                invalid = true
                if !json && !bulk { printError("\(query): \(error)") }
                return .object([("query", .string(query)), ("found", .bool(false)), ("error", .string(String(describing: error)))])
            }
            guard let practitioner = try snapshot.practitioner(key) else {
                notFound = true
                if !json && !bulk { printError("\(query): not in the snapshot (\(location.snapshotPath))") }
                return .object([("query", .string(query)), ("found", .bool(false))])
            }
            if !json && !bulk { print(describe(practitioner, policy, now), terminator: "\n\n") }
            return practitioner.jsonValue(query: query, freshness: freshnessJSON)
        }
        if bulk {
            var out: [UInt8] = []
            while let line = readLine() {
                let query = line.trimmingCharacters(in: .whitespaces)
                if query.isEmpty { continue }
                try handle(query).write(into: &out)
                out.append(0x0A)
                if out.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(out))
                    out.removeAll(keepingCapacity: true)
                }
            }
            FileHandle.standardOutput.write(Data(out))
        } else {
            let results = try ids.map(handle)
            if json { print(results.count == 1 ? results[0].serialized(pretty: true) : JSONValue.array(results).serialized(pretty: true)) }
        }
        if invalid { throw ExitCode(2) }
        if notFound { throw ExitCode(1) }
    }
}

/// The readable form of a practitioner: one section per part, French labels as in the files.
func describe(_ p: Practitioner, _ policy: FreshnessPolicy, _ now: ExtractTime) -> String {
    var lines: [String] = []
    let name = [p.identity["prenomExercice"], p.identity["nomExercice"]].filter { !$0.isEmpty }.joined(separator: " ")
    let register =
        p.key.typeCode == 8
        ? "RPPS \(p.key.identifier)"
        : p.key.typeCode == 0 ? "ADELI \(p.key.identifier)" : "identifier \(p.key.identifier) (type \(p.key.typeCode))"
    lines.append("\(name.isEmpty ? "(no name)" : name) — \(register), national identifier \(p.key.nationalID)")
    func block(_ title: String, _ part: Practitioner.Part, indent: String = "  ") {
        let extract = part.extractTime.map { ", extract \($0.parisDescription.replacingOccurrences(of: " Europe/Paris", with: ""))" } ?? ""
        lines.append(indent + title + "  [\(part.source.rawValue)\(extract), \(describe(part.verdict(policy, now: now)))]")
        for f in part.fields { lines.append(indent + "  " + f.label + ": " + f.value) }
    }
    block("identity", p.identity)
    for (i, a) in p.activities.enumerated() {
        block("activity \(i + 1) of \(p.activities.count)", a.fields)
        if let s = a.structure { block("structure", s, indent: "    ") }
        for m in a.organisationMailboxes {
            lines.append(
                "      organisation mailbox: \(m["adresseBAL"]) \(m["serviceRattachement"])  [\(m.source.rawValue), \(describe(m.verdict(policy, now: now)))]"
            )
        }
    }
    for (title, parts) in [
        ("savoir-faire", p.savoirFaire), ("diploma or authorisation", p.diplomas), ("CPS/CPF card", p.cards),
        ("MSSanté mailbox", p.mailboxes),
    ] {
        for (i, part) in parts.enumerated() { block("\(title) \(i + 1) of \(parts.count)", part) }
    }
    return lines.joined(separator: "\n")
}

extension Practitioner {
    /// The documented JSON form (docs/lookup-json.md).
    func jsonValue(query: String, freshness: FreshnessJSON) -> JSONValue {
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

/// A JSON value with ordered keys, so the output's shape is stable.
indirect enum JSONValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    func serialized(pretty: Bool = false) -> String {
        var out: [UInt8] = []
        write(into: &out, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of the JSON text (on one line unless `pretty`).
    func write(into out: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        func newline(_ depth: Int) {
            guard pretty else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out += (n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            if items.isEmpty { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                Self.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                value.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: runs of bytes that need no escape are copied as they are (UTF-8 passes
    /// through); `"`, `\` and control characters are escaped.
    private static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                run = i + 1
                switch b {
                case UInt8(ascii: "\""): out += #"\""#.utf8
                case UInt8(ascii: "\\"): out += #"\\"#.utf8
                case 0x0A: out += #"\n"#.utf8
                case 0x0D: out += #"\r"#.utf8
                case 0x09: out += #"\t"#.utf8
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += #"\u00"#.utf8
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 15)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
