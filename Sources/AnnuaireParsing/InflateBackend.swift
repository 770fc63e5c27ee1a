import CIsal

/// The implementation that inflates gzip files and deflate zip entries. Both give the same bytes
/// and the same errors (a member's CRC-32 and length, an entry's CRC-32 and size, are checked
/// either way); ISA-L (Intel's igzip, Debian `libisal-dev`) inflates about three times as fast as
/// zlib.
///
/// ISA-L is loaded at run time from `libisal.so.2`: a machine without it builds and runs annuaire
/// with zlib alone. Setting the environment variable `ANNUAIRE_NO_ISAL=1` makes a machine with
/// ISA-L behave as one without it.
public enum InflateBackend: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// ISA-L when it can be loaded, else zlib.
    case automatic = "auto"
    /// The system zlib, always present.
    case zlib
    /// ISA-L's igzip.
    case isal

    /// Whether ISA-L can be used here: built with its header, and `libisal.so.2` loads.
    public static var isalAvailable: Bool { cisal_available() != 0 }

    /// Why ISA-L cannot be used here, or nil when it can.
    public static var isalUnavailableReason: String? { cisal_unavailable_reason().map { String(cString: $0) } }

    /// The backends that can run here, zlib first.
    public static var available: [InflateBackend] { isalAvailable ? [.zlib, .isal] : [.zlib] }

    /// The backend that runs for this choice: `.automatic` is ISA-L when available, else zlib.
    ///
    /// - Throws: `ExtractionError.inflaterUnavailable` for `.isal` when ISA-L cannot be used.
    public func resolved() throws(ExtractionError) -> InflateBackend {
        switch self {
        case .zlib: return .zlib
        case .automatic: return Self.isalAvailable ? .isal : .zlib
        case .isal:
            if let reason = Self.isalUnavailableReason { throw .inflaterUnavailable(reason: reason) }
            return .isal
        }
    }

    /// `ISA-L` or `zlib` (`auto` for the unresolved choice).
    public var description: String {
        switch self {
        case .automatic: "auto"
        case .zlib: "zlib"
        case .isal: "ISA-L"
        }
    }
}
