import AnnuaireParsing

/// What a search looks for (`spec/search.md`): one value per criterion, all combined (a
/// practitioner matches when every criterion given matches). Built from plain strings, as a
/// command line or a URL's query gives them, and validated on construction.
public struct SearchQuery: Sendable, Equatable, CustomStringConvertible {
    /// A criterion of a search, named as the command's flag and the HTTP parameter.
    public enum Criterion: String, CaseIterable, Sendable, Codable {
        /// Every word is a prefix of a word of a name: exercise name, first name, names on every row.
        case name
        /// Every word is a prefix of a word of a first name.
        case firstName = "first-name"
        /// A `Code profession` (`10`), or words of its label (`médecin`).
        case profession
        /// A `Code savoir-faire` (`SM20`), or words of its label.
        case specialty
        /// An INSEE commune code (`01004`), or words of the commune's name (`amberieu`).
        case commune
        /// A postcode (`75015`), or its first two characters or more (`75`, `2A`).
        case postcode
        /// A department code (`01`, `2A`, `974`).
        case department
        /// A FINESS (site or legal entity), SIRET, SIREN or technical identifier, or words of the
        /// company name or sign.
        case structure
        /// An MSSanté address, exact, case aside (the practitioner's own, or a structure's).
        case mailbox
        /// A CPS/CPF card number, exact.
        case card
        /// A `Code mode exercice`: `L` libéral, `S` salarié, `B` bénévole.
        case mode

        /// Also accepts `firstName` and `first_name` for `first-name`.
        public init?(name: String) {
            switch name {
            case "firstName", "first_name", "first-name": self = .firstName
            default:
                guard let c = Criterion(rawValue: name) else { return nil }
                self = c
            }
        }

        /// Whether the value is read as words (each a prefix); the others are codes.
        var isText: Bool { [.name, .firstName, .profession, .specialty, .commune, .structure].contains(self) }
    }

    /// The value of each criterion given, as given.
    public let values: [Criterion: String]

    /// Validates `values`: at least one criterion; text criteria need a word of two characters
    /// or more; a postcode two characters or more; a mailbox an `@`; no value empty once
    /// normalized.
    public init(_ values: [Criterion: String]) throws(SearchError) {
        guard !values.isEmpty else { throw .noCriterion }
        for (criterion, value) in values {
            let normalized = TextNormalizer.normalize(value)
            guard !normalized.isEmpty else { throw .empty(criterion: criterion, value: value) }
            if criterion.isText, !normalized.split(separator: " ").contains(where: { $0.count >= 2 }) {
                throw .tooShort(criterion: criterion, value: value)
            }
            switch criterion {
            case .postcode:
                let compact = normalized.filter { $0 != " " }
                guard compact.count >= 2 else { throw .tooShort(criterion: criterion, value: value) }
                guard compact.count <= 5 else { throw .invalid(criterion: criterion, value: value, reason: "a postcode has 5 characters") }
            case .mailbox:
                guard value.contains("@") else { throw .invalid(criterion: criterion, value: value, reason: "an MSSanté address has an @") }
            default: break
            }
        }
        self.values = values
    }

    /// A query from named strings, e.g. a URL's query items: unknown names are an error (a
    /// misspelt criterion must not widen the search).
    public init(parameters: [String: String]) throws(SearchError) {
        var values: [Criterion: String] = [:]
        for (name, value) in parameters {
            guard let criterion = Criterion(name: name) else { throw .unknownCriterion(name) }
            values[criterion] = value
        }
        try self.init(values)
    }

    /// The value of `criterion`, if given.
    public subscript(_ criterion: Criterion) -> String? { values[criterion] }

    /// `name=durand postcode=01`, criteria in their order.
    public var description: String {
        Criterion.allCases.compactMap { c in values[c].map { "\(c.rawValue)=\($0)" } }.joined(separator: " ")
    }
}

/// Why a search cannot run: a usage error (the caller's to fix) or a snapshot without index.
public enum SearchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No criterion given (a search of everything is not offered).
    case noCriterion
    /// A value without a letter or digit.
    case empty(criterion: SearchQuery.Criterion, value: String)
    /// A text criterion without a word of two characters or more, or a postcode under 2.
    case tooShort(criterion: SearchQuery.Criterion, value: String)
    /// A value of the wrong form (a postcode over 5 characters, a mailbox without `@`).
    case invalid(criterion: SearchQuery.Criterion, value: String, reason: String)
    /// A parameter name that is no criterion.
    case unknownCriterion(String)
    /// A page size outside 1...`maximumLimit`.
    case limit(Int)
    /// A negative offset.
    case offset(Int)
    /// Text that is not a cursor.
    case badCursor(String)
    /// A cursor of another snapshot (the directory was updated since the first page).
    case staleCursor(String)
    /// A snapshot written before search indexes.
    case noIndex(path: String)

    /// The most results a page holds.
    public static let maximumLimit = 1000

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .noCriterion:
            return
                "a search needs at least one criterion (name, first-name, profession, specialty, commune, postcode, department, structure, mailbox, card, mode); a search of everything is not offered."
        case let .empty(c, v):
            return "the \(c.rawValue) \"\(v)\" has no letter or digit; give a word to search for."
        case let .tooShort(c, v):
            return "the \(c.rawValue) \"\(v)\" is too short: give at least one word of two characters or more."
        case let .invalid(c, v, reason):
            return "the \(c.rawValue) \"\(v)\" is not valid: \(reason)."
        case let .unknownCriterion(name):
            return
                "unknown search criterion \"\(name)\"; the criteria are \(SearchQuery.Criterion.allCases.map(\.rawValue).joined(separator: ", "))."
        case let .limit(n):
            return "a page holds 1 to \(Self.maximumLimit) results, not \(n)."
        case let .offset(n):
            return "an offset is 0 or more, not \(n)."
        case let .badCursor(text):
            return "\"\(text)\" is not a search cursor; give the \"next\" value of the previous page as it was."
        case let .staleCursor(text):
            return
                "the cursor \"\(text)\" belongs to another snapshot (the directory was updated since); start the search again from its first page."
        case let .noIndex(path):
            return "\(path) has no search index (it was written by an older annuaire); run annuaire ingest again to add one."
        }
    }
}

/// Where a page of results ends, to ask for the next: opaque to clients, valid for the
/// snapshot that gave it (a cursor from another snapshot is refused, not misread).
public struct SearchCursor: Hashable, Sendable, LosslessStringConvertible {
    /// The rank of the last result of the page.
    let rank: UInt32
    /// Which snapshot the rank belongs to (`Snapshot.searchTag`).
    let tag: UInt32

    init(rank: UInt32, tag: UInt32) {
        self.rank = rank
        self.tag = tag
    }

    /// Reads a cursor as `description` wrote it (16 hexadecimal digits).
    public init?(_ description: String) {
        guard description.utf8.count == 16, let value = UInt64(description, radix: 16) else { return nil }
        let mixed = value ^ Self.mask
        rank = UInt32(truncatingIfNeeded: mixed)
        tag = UInt32(truncatingIfNeeded: mixed >> 32)
    }

    /// 16 hexadecimal digits.
    public var description: String {
        let value = (UInt64(tag) << 32 | UInt64(rank)) ^ Self.mask
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Keeps cursors from reading as plain numbers (clients should not build them).
    private static let mask: UInt64 = 0x5A17_C0DE_0000_0000
}
