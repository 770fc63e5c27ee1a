import AnnuaireParsing

extension Snapshot {
    /// Appends the `lookup --json` object of the practitioner `key` (docs/lookup-json.md) to `out`,
    /// written straight from the stored bytes: the same text as
    /// `Practitioner.jsonValue(query:freshness:)` gives, on one line, without making a `String`
    /// per field. Returns `false`, writing nothing, when no practitioner has `key`.
    ///
    /// - Parameters:
    ///   - key: The practitioner's key.
    ///   - query: The identifier as the user gave it (the object's `query`).
    ///   - freshness: The policy and time the parts' verdicts are judged at.
    ///   - out: Where the JSON text is appended (no newline).
    public func writeLookupJSON(_ key: PractitionerKey, query: String, freshness: FreshnessJSON, into out: inout [UInt8]) throws -> Bool {
        guard let i = try index(of: key) else { return false }
        try writeLookupJSON(try rawRecord(at: i), query: query, freshness: freshness, into: &out)
        return true
    }

    /// The same for a record read in place.
    func writeLookupJSON(_ raw: RawRecord, query: String, freshness: FreshnessJSON, into out: inout [UInt8]) throws {
        let grouped = try GroupedRecord(raw, snapshot: self)
        LookupJSON(grouped: grouped, freshness: freshness, extractTimes: extractTimesByFamily).write(query: query, into: &out)
    }
}

/// The lookup JSON of a grouped record, member by member as `Practitioner.jsonValue` orders them.
private struct LookupJSON {
    let grouped: GroupedRecord
    let freshness: FreshnessJSON
    /// By `Family.index`.
    let extractTimes: [ExtractTime?]

    func write(query: String, into out: inout [UInt8]) {
        let key = grouped.key
        out += #"{"query":"#.utf8
        string(query, into: &out)
        out += #","found":true,"key":{"type":"#.utf8
        string(String(key.typeCode), into: &out)
        out += #","identifier":"#.utf8
        string(key.identifier, into: &out)
        out += #","nationalId":"#.utf8
        string(key.nationalID, into: &out)
        out += #"},"identity":"#.utf8
        object(grouped.identity, into: &out)
        out += #","activities":["#.utf8
        for (i, activity) in grouped.activities.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            members(activity.fields, into: &out)
            if let structure = activity.structure {
                out += #","structure":{"#.utf8
                members(structure, into: &out)
                out += #","organisationMailboxes":"#.utf8
                array(grouped.organisationMailboxes[activity.mailboxes], into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        out += #"],"savoirFaire":"#.utf8
        array(grouped.others.lazy.filter { $0.family == .savoirFaire }, into: &out)
        out += #","diplomas":"#.utf8
        array(grouped.others.lazy.filter { $0.family == .diplomes }, into: &out)
        out += #","cards":"#.utf8
        array(grouped.others.lazy.filter { $0.family == .cartes }, into: &out)
        out += #","mailboxes":"#.utf8
        array(grouped.others.lazy.filter { $0.family == .mssante }, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A part's fields then its `freshness`, without the braces.
    private func members(_ part: GroupedRecord.Part, into out: inout [UInt8]) {
        let keys = JSONKeys.shared
        let first = keys.first[part.family.index]
        // One borrow of each array for the whole part: no reference counting per value.
        grouped.fields.withUnsafeBufferPointer { fields in
            keys.bytes.withUnsafeBufferPointer { bytes in
                for i in part.range {
                    let value = fields[i]
                    let key = keys.ranges[first + value.column]
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[key]))
                    JSONValue.quote(bytes: value.bytes, into: &out)
                    out.append(UInt8(ascii: ","))
                }
            }
        }
        out += #""freshness":"#.utf8
        freshness.write(part.source, extractTime: extractTimes[part.family.index], into: &out)
    }

    private func object(_ part: GroupedRecord.Part, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        members(part, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    private func array(_ parts: some Sequence<GroupedRecord.Part>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var first = true
        for part in parts {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            object(part, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private func string(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { JSONValue.quote(bytes: UnsafeRawBufferPointer($0), into: &out) }
    }
}

/// The JSON key and colon of every column of every family (`"nomExercice":`), in one array of
/// bytes: the keys of family `f` are `ranges[first[f]...]`, by column.
private struct JSONKeys: Sendable {
    let bytes: [UInt8]
    let ranges: [Range<Int>]
    /// By `Family.index`, where its columns start in `ranges`.
    let first: [Int]

    static let shared = JSONKeys()

    private init() {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var first: [Int] = []
        for family in Family.all {
            first.append(ranges.count)
            for id in columnNames[family.index].identifiers {
                let start = bytes.count
                bytes += "\"\(id)\":".utf8
                ranges.append(start..<bytes.count)
            }
        }
        self.bytes = bytes
        self.ranges = ranges
        self.first = first
    }
}
