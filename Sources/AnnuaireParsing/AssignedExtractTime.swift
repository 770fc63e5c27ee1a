/// An extract time given for one input from outside its name, and where it was read from.
public struct AssignedExtractTime: Sendable, Equatable, Codable {
    public var time: ExtractTime
    /// Where the time was read from, e.g. `Content-Disposition`, `upload folder`, `Last-Modified`;
    /// recorded in the snapshot's provenance and shown by `status`.
    public var origin: String

    public init(time: ExtractTime, origin: String) {
        self.time = time
        self.origin = origin
    }
}
