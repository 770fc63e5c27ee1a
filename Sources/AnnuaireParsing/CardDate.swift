/// A calendar date of the cartes family, whose format is not documented: `jj/mm/aaaa`,
/// `aaaammjj` and `aaaa-mm-jj` are all accepted (`spec/formats.md` §3).
public struct CardDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// Parses one of the three forms; nil for anything else or an impossible date.
    public init?(_ bytes: some Collection<UInt8>) {
        let b = Array(bytes)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard b[from..<(from + count)].allSatisfy({ $0 &- 48 < 10 }) else { return nil }
            return b[from..<(from + count)].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        let parts: (Int?, Int?, Int?)
        switch b.count {
        case 10 where b[2] == UInt8(ascii: "/") && b[5] == UInt8(ascii: "/"):
            parts = (num(6, 4), num(3, 2), num(0, 2))
        case 10 where b[4] == UInt8(ascii: "-") && b[7] == UInt8(ascii: "-"):
            parts = (num(0, 4), num(5, 2), num(8, 2))
        case 8:
            parts = (num(0, 4), num(4, 2), num(6, 2))
        default:
            return nil
        }
        guard let y = parts.0, let m = parts.1, let d = parts.2, (1...12).contains(m),
            (1...ExtractTime.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        (year, month, day) = (y, m, d)
    }

    /// ISO form, `aaaa-mm-jj`.
    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
