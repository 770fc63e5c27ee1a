import AnnuaireParsing

/// One practitioner that differs between two snapshots (`SnapshotDiff.forEachChange`): added,
/// removed, or changed, and for a changed one, which parts changed with their fields' old and new
/// values.
///
/// Parts are compared as the grouped view shows them (`Practitioner`): the identity field by
/// field; the activities (each with its structure), savoir-faire, diplomas, cards and mailboxes
/// as lists in which a part equal to one on the other side is unchanged wherever it stands; the
/// parts left over on both sides are paired in order (a changed part), the rest are added or
/// removed. An activity whose structure changed is a `structure` change (the practitioner moved).
public struct PractitionerChange: Sendable, Encodable {
    /// How the practitioner differs.
    public enum Kind: String, Sendable, Encodable {
        /// Only in the newer snapshot.
        case added
        /// Only in the older snapshot.
        case removed
        /// In both, with at least one part that differs.
        case changed
    }

    /// The practitioner's identifier.
    public let key: PractitionerKey
    /// Added, removed or changed.
    public let kind: Kind
    /// Given and family name, from the newer side's identity.
    public let name: String
    /// The families whose rows were added, removed or changed.
    public let families: [Family]
    /// For a changed practitioner, the parts that changed.
    public let parts: [PartChange]

    init(kind: Kind, before: Practitioner?, after: Practitioner?, families: Set<Family>, only: Set<Family>?) {
        self.kind = kind
        let side = (after ?? before)!
        key = side.key
        name = [side.identity["prenomExercice"], side.identity["nomExercice"]].filter { !$0.isEmpty }.joined(separator: " ")
        self.families = Family.all.filter { families.contains($0) }
        guard kind == .changed, let before, let after else {
            parts = []
            return
        }
        var parts: [PartChange] = []
        if let fields = Self.fieldChanges(before.identity.fields, after.identity.fields) {
            parts.append(PartChange(part: .identity, change: .changed, family: after.identity.family, fields: fields))
        }
        Self.compareActivities(before.activities, after.activities, into: &parts)
        Self.compare(.savoirFaire, .savoirFaire, before.savoirFaire, after.savoirFaire, into: &parts)
        Self.compare(.diploma, .diplomes, before.diplomas, after.diplomas, into: &parts)
        Self.compare(.card, .cartes, before.cards, after.cards, into: &parts)
        Self.compare(.mailbox, .mssante, before.mailboxes, after.mailboxes, into: &parts)
        self.parts = only.map { only in parts.filter { only.contains($0.family) } } ?? parts
    }

    private enum CodingKeys: String, CodingKey { case key, kind, name, families, parts }

    /// The JSON of `annuaire diff --json`: `parts` only for a changed practitioner.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key.description, forKey: .key)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(families, forKey: .families)
        if kind == .changed { try c.encode(parts, forKey: .parts) }
    }

    /// The fields that differ, by column id, or nil when none does.
    static func fieldChanges(_ old: [Practitioner.Field], _ new: [Practitioner.Field]) -> [FieldChange]? {
        var result: [FieldChange] = []
        var seen = Set<String>()
        let newValues = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for field in old where seen.insert(field.id).inserted {
            let other = newValues[field.id]
            if other?.value != field.value {
                result.append(FieldChange(id: field.id, label: field.label, old: field.value, new: other?.value))
            }
        }
        for field in new where seen.insert(field.id).inserted {
            result.append(FieldChange(id: field.id, label: field.label, old: nil, new: field.value))
        }
        return result.isEmpty ? nil : result
    }

    /// Lists of parts of one kind: equal parts set aside, the rest paired in order.
    private static func compare(
        _ part: PartChange.Part, _ family: Family, _ old: [Practitioner.Part], _ new: [Practitioner.Part], into parts: inout [PartChange]
    ) {
        let (gone, came) = leftovers(old.map(\.fields), new.map(\.fields))
        for (a, b) in zip(gone, came) {
            if let fields = fieldChanges(a, b) { parts.append(PartChange(part: part, change: .changed, family: family, fields: fields)) }
        }
        for a in gone.dropFirst(came.count) {
            parts.append(PartChange(part: part, change: .removed, family: family, fields: a.map { FieldChange($0, old: true) }))
        }
        for b in came.dropFirst(gone.count) {
            parts.append(PartChange(part: part, change: .added, family: family, fields: b.map { FieldChange($0, old: false) }))
        }
    }

    private static func compareActivities(_ old: [Practitioner.Activity], _ new: [Practitioner.Activity], into parts: inout [PartChange]) {
        func whole(_ a: Practitioner.Activity) -> [Practitioner.Field] { a.fields.fields + (a.structure?.fields ?? []) }
        var unmatched = Array(new.indices)
        var gone: [Practitioner.Activity] = []
        for a in old {
            if let n = unmatched.firstIndex(where: { whole(new[$0]) == whole(a) }) {
                unmatched.remove(at: n)
            } else {
                gone.append(a)
            }
        }
        let came = unmatched.map { new[$0] }
        for (a, b) in zip(gone, came) {
            if let fields = fieldChanges(a.fields.fields, b.fields.fields) {
                parts.append(PartChange(part: .activity, change: .changed, family: .personneActivite, fields: fields))
            }
            if let fields = fieldChanges(a.structure?.fields ?? [], b.structure?.fields ?? []) {
                parts.append(PartChange(part: .structure, change: .changed, family: .personneActivite, fields: fields))
            }
        }
        for a in gone.dropFirst(came.count) {
            parts.append(
                PartChange(
                    part: .activity, change: .removed, family: .personneActivite, fields: whole(a).map { FieldChange($0, old: true) }))
        }
        for b in came.dropFirst(gone.count) {
            parts.append(
                PartChange(part: .activity, change: .added, family: .personneActivite, fields: whole(b).map { FieldChange($0, old: false) })
            )
        }
    }

    /// The parts of `old` and `new` that have no equal on the other side, in their order.
    private static func leftovers(_ old: [[Practitioner.Field]], _ new: [[Practitioner.Field]]) -> (
        [[Practitioner.Field]], [[Practitioner.Field]]
    ) {
        var unmatched = Array(new.indices)
        var gone: [[Practitioner.Field]] = []
        for a in old {
            if let n = unmatched.firstIndex(where: { new[$0] == a }) { unmatched.remove(at: n) } else { gone.append(a) }
        }
        return (gone, unmatched.map { new[$0] })
    }
}

/// One part of a practitioner that was added, removed or changed.
public struct PartChange: Sendable, Encodable, Equatable {
    /// The sections of the grouped view (`Practitioner`).
    public enum Part: String, Sendable, Encodable {
        /// Names, civilités, profession, category.
        case identity
        /// A practice situation's own fields.
        case activity
        /// The structure of an activity (the practitioner moved, or the structure changed).
        case structure
        /// A savoir-faire row.
        case savoirFaire
        /// A diplomes row.
        case diploma
        /// A cartes row.
        case card
        /// A personal MSSanté mailbox.
        case mailbox
    }
    /// How the part differs.
    public enum Change: String, Sendable, Encodable {
        /// Only on the newer side.
        case added
        /// Only on the older side.
        case removed
        /// On both sides, with fields that differ.
        case changed
    }

    /// Which section of the grouped view.
    public let part: Part
    /// Added, removed or changed.
    public let change: Change
    /// The family the part's rows come from.
    public let family: Family
    /// For a changed part, the fields that differ; for an added or removed one, all its fields.
    public let fields: [FieldChange]
}

/// One field's value before and after (`nil`: the field is empty or absent on that side).
public struct FieldChange: Sendable, Encodable, Equatable {
    /// The column's stable identifier (e.g. `libelleCommuneCoordStructure`) and its header label.
    public let id: String
    /// The verbatim header label, e.g. `Libellé commune (coord. structure)`.
    public let label: String
    /// The value in the older snapshot.
    public let old: String?
    /// The value in the newer snapshot.
    public let new: String?

    init(id: String, label: String, old: String?, new: String?) {
        self.id = id
        self.label = label
        self.old = old
        self.new = new
    }

    init(_ field: Practitioner.Field, old: Bool) {
        self.init(id: field.id, label: field.label, old: old ? field.value : nil, new: old ? nil : field.value)
    }
}
