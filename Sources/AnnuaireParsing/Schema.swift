/// How one file's header binds to its family's known columns: by label, never by position, so a
/// layout with appended, missing or reordered columns reads correctly.
public struct Schema: Sendable {
    /// The family the header identified.
    public let family: Family
    /// The header labels as the file has them (without the empty field of a trailing `|`).
    public let header: [String]
    /// Whether the header line ends with `|`.
    public let hasTrailingSeparator: Bool
    /// For each of the family's known columns, its field index in this file, or -1 when absent.
    let positions: [Int32]
    /// Labels this family does not know (kept in the file, ignored here).
    public let unknownColumns: [String]
    /// Known labels absent from this file: read as empty.
    public let missingColumns: [String]

    /// The number of columns of this file's layout.
    public var columnCount: Int { header.count }
    /// E.g. `52 columns (2021 layout)`.
    public var layout: String { family.layoutName(columnCount: columnCount) }

    /// Binds a header to the family it matches best.
    ///
    /// The family is the one whose known labels overlap the header most (Jaccard index ≥ 0.5):
    /// savoir-faire's 13 labels are all in personne-activite's header, so mere inclusion is not
    /// enough. Labels are compared without regard to case, spacing or the kind of apostrophe.
    public init(header labels: [String], hasTrailingSeparator: Bool, path: String) throws(ExtractionError) {
        let normalized = labels.map(normalize)
        var best: (family: Family, score: Double)?
        for family in Family.allCases {
            let known = Set(family.columns.map(normalize))
            let common = Set(normalized).intersection(known).count
            let score = Double(common) / Double(Set(normalized).union(known).count)
            if score > (best?.score ?? 0) { best = (family, score) }
        }
        guard let best, best.score >= 0.5 else {
            throw .unknownFamily(path: path, header: String(labels.joined(separator: "|").prefix(160)))
        }
        let family = best.family
        var index: [String: Int] = [:]
        for (i, label) in normalized.enumerated() where index[label] == nil { index[label] = i }
        let known = family.columns
        positions = known.map { Int32(index[normalize($0)] ?? -1) }
        for required in family.requiredColumns where positions[required] < 0 {
            throw .missingColumn(path: path, family: family, column: known[required])
        }
        let knownSet = Set(known.map(normalize))
        unknownColumns = zip(labels, normalized).filter { !knownSet.contains($0.1) }.map(\.0)
        missingColumns = zip(known, positions).filter { $0.1 < 0 }.map(\.0)
        self.family = family
        self.header = labels
        self.hasTrailingSeparator = hasTrailingSeparator
    }
}

/// Lower case, one space between words, typographic apostrophes made straight.
private func normalize(_ label: String) -> String {
    String(label.lowercased().map { $0 == "\u{2019}" ? "'" : $0 })
        .split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
