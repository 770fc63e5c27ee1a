/// A JSON value with ordered keys, so the output's shape is stable.
public indirect enum JSONValue: Sendable {
    /// A string, escaped as JSON requires when written.
    case string(String)
    /// Written as an integer when it is one (below 10^15), else in Swift's shortest form.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array, in order.
    case array([JSONValue])
    /// An object: its members in the order given (written in that order).
    case object([(String, JSONValue)])

    /// The JSON text (on one line unless `pretty`, then indented by two spaces).
    public func serialized(pretty: Bool = false) -> String {
        var out: [UInt8] = []
        write(into: &out, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of the JSON text (on one line unless `pretty`).
    public func write(into out: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        func newline(_ depth: Int) {
            guard pretty else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out += (n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            if items.isEmpty { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                Self.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                value.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: runs of bytes that need no escape are copied as they are (UTF-8 passes
    /// through); `"`, `\` and control characters are escaped.
    private static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { quote(bytes: UnsafeRawBufferPointer($0), into: &out) }
    }

    /// The same for UTF-8 bytes in place.
    static func quote(bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var run = 0
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight bytes at a time while none needs escaping (nearly always).
            if i + 8 <= n, !Self.needsEscape(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
                continue
            }
            let b = bytes[i]
            i += 1
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<(i - 1)]).assumingMemoryBound(to: UInt8.self))
            run = i
            switch b {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            default:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run...]).assumingMemoryBound(to: UInt8.self))
        out.append(UInt8(ascii: "\""))
    }

    /// Whether one of the eight bytes of `word` is below 0x20, a `"` or a `\\` (exactly: no borrow
    /// crosses bytes).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low) &+ low) | x | low) }
        return (zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C) | zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0))
            != 0
    }
}
