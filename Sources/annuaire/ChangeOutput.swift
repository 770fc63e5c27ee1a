import AnnuaireParsing
import AnnuaireSnapshot

/// One line for a change summary: `+12 added, -3 removed, 40 changed, 1,399,000 unchanged
/// practitioners (personne-activite +10 -3 ~25; cartes +2 ~15)`.
func changeLine(_ c: ChangeSummary) -> String {
    let perFamily = c.families.filter { $0.added + $0.removed + $0.changed > 0 }.map { f in
        "\(f.family.rawValue) +\(f.added.grouped) -\(f.removed.grouped) ~\(f.changed.grouped)"
    }
    return
        "+\(c.added.grouped) added, -\(c.removed.grouped) removed, \(c.changed.grouped) changed, \(c.unchanged.grouped) unchanged practitioners"
        + (perFamily.isEmpty ? "" : " (\(perFamily.joined(separator: "; ")))")
}

/// The per-family table of a change summary, indented by `indent`.
func changeTable(_ c: ChangeSummary, indent: String = "  ") -> [String] {
    func column(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
    var lines = [
        indent + "family".padding(toLength: 18, withPad: " ", startingAt: 0)
            + ["before", "after", "added", "removed", "changed", "rows before", "rows after"].map { column($0, 12) }.joined()
    ]
    for f in c.families {
        lines.append(
            indent + f.family.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
                + [f.basePractitioners, f.practitioners, f.added, f.removed, f.changed, f.baseRows, f.rows].map { column($0.grouped, 12) }
                .joined())
    }
    return lines
}
