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
        let date =
            bytes.withContiguousStorageIfAvailable { CardDate(text: UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { CardDate(text: $0) }
        guard let date else { return nil }
        self = date
    }

    /// Parses one of the three forms from the bytes of a field, without copying them.
    init?(text b: UnsafeRawBufferPointer) {
        // safe: every index read is below b.count (10 or 8, checked by the switch).
        @inline(__always) func two(_ i: Int) -> Int? {
            let high = b[i] &- 48
            let low = b[i + 1] &- 48
            guard high < 10, low < 10 else { return nil }
            return Int(high) &* 10 &+ Int(low)
        }
        @inline(__always) func num(_ from: Int, _ count: Int) -> Int? {
            guard let first = two(from) else { return nil }
            guard count == 4 else { return first }
            guard let second = two(from + 2) else { return nil }
            return first &* 100 &+ second
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
