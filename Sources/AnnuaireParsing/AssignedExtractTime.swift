/// An extract time given for one input from outside its name, and where it was read from.
package struct AssignedExtractTime: Sendable, Equatable, Codable {
    package var time: ExtractTime
    /// Where the time was read from, e.g. `Content-Disposition`, `upload folder`, `Last-Modified`;
    /// recorded in the snapshot's provenance and shown by `status`.
    package var origin: String

    package init(time: ExtractTime, origin: String) {
        self.time = time
        self.origin = origin
    }
}
