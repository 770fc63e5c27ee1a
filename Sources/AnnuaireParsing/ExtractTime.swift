/// When an extract was generated: the `_YYYYMMDDhhmm` of its file name, read as Europe/Paris time.
///
/// Stored as seconds since 1970 UTC. The Paris offset follows the EU rule in force since 1996
/// (UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, else
/// UTC+1), computed here so no time-zone database is needed. A local time in the repeated autumn
/// hour is read as summer time; one in the skipped spring hour as winter time.
public struct ExtractTime: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    /// The instant `secondsSince1970` seconds after the Unix epoch.
    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    /// The time at Paris local `year-month-day hour:minute`, or `nil` when a field is out of range.
    public init?(parisYear year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        guard (1970...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let local =
            Int64(Self.daysSince1970(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        let winter = local - 3600
        let summer = local - 7200
        secondsSince1970 = Self.isSummerTime(utc: summer) ? summer : winter
    }

    /// Reads the last `_YYYYMMDDhhmm` (12 digits after `_`, followed by `.` or the end) of a file
    /// name (any directory part is ignored); `nil` when there is none or it is not a valid time.
    public init?(fileName: String) {
        let name = Array((fileName.split(separator: "/").last.map(String.init) ?? fileName).utf8)
        var i = name.count - 13
        while i >= 0 {
            let end = i + 13
            if name[i] == UInt8(ascii: "_"), name[(i + 1)..<end].allSatisfy({ $0 &- 48 < 10 }),
                end == name.count || name[end] == UInt8(ascii: ".")
            {
                func number(_ from: Int, _ count: Int) -> Int {
                    name[(i + 1 + from)..<(i + 1 + from + count)].reduce(0) { $0 * 10 + Int($1 - 48) }
                }
                self.init(
                    parisYear: number(0, 4), month: number(4, 2), day: number(6, 2),
                    hour: number(8, 2), minute: number(10, 2))
                return
            }
            i -= 1
        }
        return nil
    }

    /// Parses ISO-8601: `2026-11-22T03:00:00Z`, with an offset (`+01:00`), minutes only, or a date
    /// alone (midnight Paris). Without an offset the time is Paris local time.
    public init?(iso8601 text: String) {
        let s = Array(text.utf8)
        func num(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= s.count, s[at..<(at + n)].allSatisfy({ $0 &- 48 < 10 }) else { return nil }
            return s[at..<(at + n)].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard let y = num(0, 4), s.count >= 10, s[4] == 45, let mo = num(5, 2), s[7] == 45, let d = num(8, 2)
        else { return nil }
        var h = 0, mi = 0, se = 0, i = 10
        if i < s.count, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: " ") {
            guard let hh = num(i + 1, 2), i + 3 < s.count, s[i + 3] == 58, let mm = num(i + 4, 2) else { return nil }
            h = hh
            mi = mm
            i += 6
            if i < s.count, s[i] == 58 {
                guard let ss = num(i + 1, 2) else { return nil }
                se = ss
                i += 3
                if i < s.count, s[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < s.count, s[i] &- 48 < 10 { i += 1 }
                }
            }
        }
        if i == s.count {
            self.init(parisYear: y, month: mo, day: d, hour: h, minute: mi, second: se)
            return
        }
        var offset = 0
        if s[i] == UInt8(ascii: "Z") && i + 1 == s.count {
            offset = 0
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1, 2) else { return nil }
            var om = 0
            if i + 3 < s.count {
                let at = s[i + 3] == 58 ? i + 4 : i + 3
                guard let m = num(at, 2), at + 2 == s.count else { return nil }
                om = m
            } else if i + 3 != s.count {
                return nil
            }
            offset = (oh * 60 + om) * 60 * (s[i] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard (1970...9999).contains(y), (1...12).contains(mo), (1...Self.daysIn(month: mo, year: y)).contains(d),
            h < 24, mi < 60, se < 60
        else { return nil }
        self.init(
            secondsSince1970: Int64(Self.daysSince1970(year: y, month: mo, day: d)) * 86_400
                + Int64(h * 3600 + mi * 60 + se) - Int64(offset))
    }

    /// Encoded as ISO-8601 text in Paris time, e.g. `"2021-12-02T09:08:00+01:00"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = ExtractTime(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 time: \(text)")
        }
        self = time
    }

    /// The Paris UTC offset in seconds at this instant.
    public var parisOffset: Int { Self.isSummerTime(utc: secondsSince1970) ? 7200 : 3600 }

    /// ISO-8601 in Paris time with its offset, e.g. `2021-12-02T09:08:00+01:00`.
    public var description: String { iso8601(offset: parisOffset) }

    /// ISO-8601 in UTC, e.g. `2021-12-02T08:08:00Z`.
    public var utcDescription: String { iso8601(offset: 0) }

    /// `2021-12-02 09:08 Europe/Paris`.
    public var parisDescription: String {
        let f = Self.fields(secondsSince1970 + Int64(parisOffset))
        return "\(pad(f.y, 4))-\(pad(f.mo, 2))-\(pad(f.d, 2)) \(pad(f.h, 2)):\(pad(f.mi, 2)) Europe/Paris"
    }

    public static func < (a: Self, b: Self) -> Bool { a.secondsSince1970 < b.secondsSince1970 }

    /// The time `seconds` later.
    public static func + (t: Self, seconds: Int64) -> Self { Self(secondsSince1970: t.secondsSince1970 + seconds) }

    // MARK: - Calendar arithmetic (proleptic Gregorian, days-from-civil)

    private func iso8601(offset: Int) -> String {
        let f = Self.fields(secondsSince1970 + Int64(offset))
        let zone: String
        if offset == 0 {
            zone = "Z"
        } else {
            zone = (offset < 0 ? "-" : "+") + pad(abs(offset) / 3600, 2) + ":" + pad(abs(offset) % 3600 / 60, 2)
        }
        return "\(pad(f.y, 4))-\(pad(f.mo, 2))-\(pad(f.d, 2))T\(pad(f.h, 2)):\(pad(f.mi, 2)):\(pad(f.s, 2))\(zone)"
    }

    static func fields(_ t: Int64) -> (y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int) {
        let days = Int(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400)
        let rest = Int(t - Int64(days) * 86_400)
        let (y, mo, d) = civil(fromDays: days)
        return (y, mo, d, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Last Sunday of `month` in `year`, 01:00 UTC, in seconds since 1970.
    private static func lastSundayOneAMUTC(year: Int, month: Int) -> Int64 {
        let last = daysSince1970(year: year, month: month, day: 31)
        let weekday = ((last % 7) + 11) % 7  // 0 = Sunday (1970-01-01 was a Thursday)
        return Int64(last - weekday) * 86_400 + 3600
    }

    static func isSummerTime(utc t: Int64) -> Bool {
        let year = fields(t).y
        return t >= lastSundayOneAMUTC(year: year, month: 3) && t < lastSundayOneAMUTC(year: year, month: 10)
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
