import AnnuaireParsing
import AnnuaireSnapshot
import ArgumentParser
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find practitioners by name, place, profession, specialty, structure, mailbox or card.",
        discussion: """
            Criteria combine: a practitioner matches when every one given matches. Text is \
            compared without accents or case, word by word, each word a prefix (--name "celine \
            bouill"); codes and identifiers whole. Results come in the order of exercise name, \
            first name, national identifier, --limit at a time; the last line (or the last JSON \
            line) gives the total and the cursor of the next page (--after). The JSON is \
            described in docs/search-json.md.

            Exit status: 0 some practitioner matches, 1 none, 64 a usage error (no criterion, a \
            word of one character, a bad cursor).
            """
    )

    @Option(help: "Words of a name (exercise name, first name, the names on every row), each a prefix.")
    var name: String?
    @Option(name: .customLong("first-name"), help: "Words of a first name, each a prefix.")
    var firstName: String?
    @Option(help: "A profession code (10) or words of its label (médecin).")
    var profession: String?
    @Option(help: "A savoir-faire code (SM20) or words of its label.")
    var specialty: String?
    @Option(help: "An INSEE commune code (01004) or words of its name (amberieu).")
    var commune: String?
    @Option(help: "A postcode (75015) or its first two characters or more (75, 2A).")
    var postcode: String?
    @Option(help: "A department code (01, 2A, 974).")
    var department: String?
    @Option(help: "A FINESS, SIRET, SIREN or technical identifier, or words of the company name or sign.")
    var structure: String?
    @Option(help: "An MSSanté address (the practitioner's or a structure's), exact, case aside.")
    var mailbox: String?
    @Option(help: "A CPS/CPF card number, exact.")
    var card: String?
    @Option(help: "A mode of practice code: L libéral, S salarié, B bénévole.")
    var mode: String?

    @Option(help: "Results per page (1 to 1000).")
    var limit = 20
    @Option(help: ArgumentHelp("Start after this cursor (the \"next\" of the previous page).", valueName: "cursor"))
    var after: String?
    @Option(help: "Start at this place among the matches (0 is the first).")
    var offset: Int?

    @OptionGroup var location: DataLocation

    @Flag(help: "Print one JSON object per match, one per line, then {\"total\": N, \"next\": cursor or null}.")
    var json = false

    @OptionGroup var freshness: PolicyOptions

    /// The query the flags describe.
    func query() throws(SearchError) -> SearchQuery {
        let given: [(SearchQuery.Criterion, String?)] = [
            (.name, name), (.firstName, firstName), (.profession, profession), (.specialty, specialty), (.commune, commune),
            (.postcode, postcode), (.department, department), (.structure, structure), (.mailbox, mailbox), (.card, card),
            (.mode, mode),
        ]
        return try SearchQuery(Dictionary(uniqueKeysWithValues: given.compactMap { c, v in v.map { (c, $0) } }))
    }

    func validate() throws {
        do { _ = try query() } catch { throw ValidationError(error.description) }
        guard limit >= 1, limit <= SearchError.maximumLimit else { throw ValidationError(SearchError.limit(limit).description) }
        if let offset, offset < 0 { throw ValidationError(SearchError.offset(offset).description) }
        if after != nil, offset != nil { throw ValidationError("give --after or --offset, not both.") }
        if let after, SearchCursor(after) == nil { throw ValidationError(SearchError.badCursor(after).description) }
    }

    func run() throws {
        let query = try query()
        let snapshot = try Snapshot(path: location.snapshotPath)
        let policy = try freshness.effectivePolicy(dataDirectory: location.directory)
        let page: SearchPage
        do {
            let results = try snapshot.search(query)
            if let offset {
                page = try results.page(offset: offset, limit: limit)
            } else {
                page = try results.page(after: after.flatMap(SearchCursor.init), limit: limit)
            }
        } catch let error as SearchError {
            if case .noIndex = error { throw ValidationErrorText(error.description) }
            throw ValidationError(error.description)
        }
        let freshnessJSON = FreshnessJSON(policy, now: freshness.instant)
        var out: [UInt8] = []
        for key in page.keys {
            guard let practitioner = try snapshot.practitioner(key) else {
                throw ValidationErrorText(
                    "\(key.nationalID) is in the search index but not in the snapshot: the snapshot is damaged; run annuaire verify.")
            }
            let activities = query.matchingActivities(of: practitioner)
            if json {
                practitioner.searchJSONValue(activities: activities, freshness: freshnessJSON).write(into: &out)
            } else {
                out += summary(practitioner, activities).utf8
            }
            out.append(0x0A)
        }
        let next: JSONValue = page.next.map { .string($0.description) } ?? .null
        if json {
            JSONValue.object([("total", .number(Double(page.total))), ("next", next)]).write(into: &out)
            out.append(0x0A)
        } else {
            let shown = page.keys.isEmpty ? "" : " (\(page.offset + 1)–\(page.offset + page.keys.count) shown)"
            out += "\(page.total) practitioner\(page.total == 1 ? "" : "s") match\(page.total == 1 ? "es" : "")\(shown)".utf8
            if let cursor = page.next { out += "; next page: --after \(cursor)".utf8 }
            out.append(0x0A)
        }
        FileHandle.standardOutput.write(Data(out))
        if page.total == 0 { throw ExitCode(1) }
    }

    /// `0010004851  Céline BOUILLOT  Psychothérapeute  CABINET X, 01500 Ambérieu-en-Bugey (+1)`.
    private func summary(_ p: Practitioner, _ activities: [Practitioner.Activity]) -> String {
        let name = [p.identity["prenomExercice"], p.identity["nomExercice"]].filter { !$0.isEmpty }.joined(separator: " ")
        var columns = [p.key.nationalID, name.isEmpty ? "(no name)" : name, p.identity["libelleProfession"]]
        let places = activities.compactMap { a -> String? in
            guard let s = a.structure else { return nil }
            let place = [s["codePostal"].isEmpty ? s["bureauCedex"] : s["codePostal"], s["libelleCommune"]].filter { !$0.isEmpty }
            let label = [
                s["raisonSocialeSite"].isEmpty ? s["enseigneCommercialeSite"] : s["raisonSocialeSite"], place.joined(separator: " "),
            ]
            let text = label.filter { !$0.isEmpty }.joined(separator: ", ")
            return text.isEmpty ? nil : text
        }
        columns.append(places.first.map { places.count > 1 ? "\($0) (+\(places.count - 1))" : $0 } ?? "(no structure)")
        return columns.joined(separator: "  ")
    }
}
