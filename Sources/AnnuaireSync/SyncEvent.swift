/// What a sync reports as it goes: every attempt with its reason, progress of each transfer.
package enum SyncEvent: Sendable, Equatable {
    /// Attempt `number` at `url` starts.
    case attempt(url: String, number: Int)
    /// The server answered 304, or sent the file already archived.
    case notModified(url: String)
    /// `bytes` of `total` (when announced) are on disk; `resumedFrom` is the offset the attempt started at.
    case progress(url: String, bytes: Int64, total: Int64?, resumedFrom: Int64, elapsedSeconds: Double)
    /// The transfer resumes from byte `from` (a `Range` request).
    case resuming(url: String, from: Int64)
    /// The server ignored `Range` (answered 200 with the whole file): restarting from byte 0.
    case restarting(url: String, reason: String)
    /// A complete, verified file is staged.
    case downloaded(url: String, fileName: String, bytes: Int64, extractTime: String, origin: String, sha1Verified: Bool)
    /// Attempt `number` failed; the next starts after `delaySeconds`, or never (`delaySeconds` nil).
    case failed(url: String, number: Int, reason: String, delaySeconds: Double?)
    /// Something worth telling that changes nothing (no published checksum found, …).
    case warning(String)
}
