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
            let answer = try LookupAnswer.answer(query, in: snapshot, freshness: freshnessJSON)
            switch answer.outcome {
            case .invalid(let reason):
                invalid = true
                if !json && !bulk { printError("\(query): \(reason)") }
            case .notFound:
                notFound = true
                if !json && !bulk { printError("\(query): not in the snapshot (\(location.snapshotPath))") }
            case .found:
                if !json && !bulk, let practitioner = answer.practitioner { print(describe(practitioner, policy, now), terminator: "\n\n") }
            }
            return answer.json
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
