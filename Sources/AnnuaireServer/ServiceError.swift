import Hummingbird

/// An error answered to the client: its HTTP status and a text that says what was wrong (and, for
/// FHIR routes, the `OperationOutcome` issue code).
public struct ServiceError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    /// The FHIR `IssueType` code.
    public var issueCode: String

    public init(_ status: HTTPResponse.Status, _ message: String, issueCode: String? = nil) {
        self.status = status
        self.message = message
        self.issueCode =
            issueCode
            ?? {
                switch status.code {
                case 404: "not-found"
                case 413: "too-costly"
                case 501: "not-supported"
                case 400..<500: "invalid"
                default: "exception"
                }
            }()
    }
}
