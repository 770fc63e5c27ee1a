import AnnuaireParsing

/// The defence against a night's file that is well-formed but cut short or half-empty: a family
/// read tonight may not lose more than `maxRemoved` of the practitioners it had in the base
/// snapshot, nor of its rows.
public struct ChangeGuard: Sendable, Equatable {
    /// The largest share (0…1) of a family's base practitioners, or rows, that a night may lose.
    public var maxRemoved: Double

    /// 5 %, as ANS's own loader of the same files alerts at.
    public static let standard = ChangeGuard(maxRemoved: 0.05)

    /// A guard refusing a night that loses more than `maxRemoved` (a fraction, 0.05 for 5 %) of a family.
    public init(maxRemoved: Double) { self.maxRemoved = maxRemoved }

    /// Throws when a family of `families` (those read tonight) lost too much in `summary`.
    /// `snapshot` is the current snapshot, named in the message.
    public func check(_ summary: ChangeSummary, families: Set<Family>, snapshot: String) throws(ChangeGuardError) {
        for changes in summary.families where families.contains(changes.family) {
            if changes.basePractitioners > 0, Double(changes.removed) > maxRemoved * Double(changes.basePractitioners) {
                throw ChangeGuardError(
                    family: changes.family, measure: .practitioners, before: changes.basePractitioners, after: changes.practitioners,
                    lost: changes.removed, maxRemoved: maxRemoved, snapshot: snapshot)
            }
            if changes.baseRows > 0, Double(changes.baseRows - changes.rows) > maxRemoved * Double(changes.baseRows) {
                throw ChangeGuardError(
                    family: changes.family, measure: .rows, before: changes.baseRows, after: changes.rows,
                    lost: changes.baseRows - changes.rows, maxRemoved: maxRemoved, snapshot: snapshot)
            }
        }
    }
}

/// A night refused by the change guard: what it saw, and how to accept it anyway.
public struct ChangeGuardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was counted.
    public enum Measure: String, Sendable {
        /// Practitioners with rows of the family.
        case practitioners
        /// Rows of the family's inputs.
        case rows
    }

    /// The family that lost too much.
    public var family: Family
    /// Whether practitioners or rows were lost.
    public var measure: Measure
    /// The count in the current snapshot, and tonight.
    public var before: Int
    /// The count tonight.
    public var after: Int
    /// Practitioners of the family gone tonight (for `.rows`, before − after).
    public var lost: Int
    /// The largest share that may go (a fraction).
    public var maxRemoved: Double
    /// The current snapshot, left as it was.
    public var snapshot: String

    public var description: String {
        let share = before > 0 ? Double(lost) / Double(before) * 100 : 0
        let what =
            measure == .practitioners
            ? "\(lost.grouped) of its \(before.grouped) practitioners in the current snapshot are gone (\(after.grouped) tonight)"
            : "its rows fell from \(before.grouped) to \(after.grouped)"
        return
            "refused tonight's \(family.rawValue): \(what), \(percent(share)) where --max-removed allows \(percent(maxRemoved * 100)). The file may be cut short; the current snapshot \(snapshot) is unchanged. If the drop is real, run the ingest again with --force (or a larger --max-removed)."
    }

    private func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) %" : "\(rounded) %"
    }
}

extension Int {
    /// 2300000 → "2,300,000".
    fileprivate var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}
