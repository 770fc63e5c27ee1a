import Foundation

extension JSONValue: Equatable {
    /// Parses JSON text (a policy file, a request body): objects keep the order of their keys as
    /// Foundation gives them, sorted, so that two parses of one text are equal.
    public init(parsing text: String) throws { try self.init(parsing: Data(text.utf8)) }

    /// Parses the UTF-8 bytes of a JSON text, as `init(parsing:)` does a string.
    public init(parsing data: Data) throws {
        self = Self.converting(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static func converting(_ any: Any) -> JSONValue {
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber:
            // JSONSerialization gives true and false as NSNumbers of Objective-C's BOOL type ("c").
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let a as [Any]: return .array(a.map(converting))
        case let d as [String: Any]: return .object(d.keys.sorted().map { ($0, converting(d[$0]!)) })
        default: return .null
        }
    }

    /// Equal when they serialize to the same text: same kinds, same values, same key order.
    public static func == (a: Self, b: Self) -> Bool { a.serialized() == b.serialized() }
}
