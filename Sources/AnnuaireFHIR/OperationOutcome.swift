import AnnuaireSnapshot

/// The FHIR `OperationOutcome` of an error: one issue with its severity, its code (from the
/// `IssueType` value set: `invalid`, `not-found`, `not-supported`, `too-costly`, `exception`…)
/// and a text that says what was wrong.
public enum OperationOutcome {
    /// An `OperationOutcome` resource with one `error` issue.
    public static func error(_ code: String, _ diagnostics: String) -> JSONValue {
        .object([
            ("resourceType", .string("OperationOutcome")),
            (
                "issue",
                .array([.object([("severity", .string("error")), ("code", .string(code)), ("diagnostics", .string(diagnostics))])])
            ),
        ])
    }
}
