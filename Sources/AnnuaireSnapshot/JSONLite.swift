import Foundation

/// A tiny JSON reader for the policy file: objects keep their key order.
enum JSONLite: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONLite])
    case object([(String, JSONLite)])

    static func == (a: Self, b: Self) -> Bool { String(describing: a) == String(describing: b) }

    static func parse(_ text: String) throws -> JSONLite {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return convert(object)
    }

    private static func convert(_ any: Any) -> JSONLite {
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber: return .number(n.doubleValue)
        case let a as [Any]: return .array(a.map(convert))
        case let d as [String: Any]: return .object(d.keys.sorted().map { ($0, convert(d[$0]!)) })
        default: return .null
        }
    }
}
