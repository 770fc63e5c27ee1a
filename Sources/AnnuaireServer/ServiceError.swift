import Hummingbird

/// An error answered to the client: its HTTP status and a text that says what was wrong (and, for
/// FHIR routes, the `OperationOutcome` issue code).
package struct ServiceError: Error, Sendable {
    package var status: HTTPResponse.Status
    package var message: String
    /// The FHIR `IssueType` code.
    package var issueCode: String

    package init(_ status: HTTPResponse.Status, _ message: String, issueCode: String? = nil) {
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
