import AnnuaireParsing

/// The Paris wall-clock fields of an `ExtractTime`, read from its `parisDescription`
/// (`2026-01-15 08:51 Europe/Paris`), so the calendar arithmetic stays in `AnnuaireParsing`.
struct ExtractClock {
    let year: Int
    let month: Int
    let day: Int
    let hour: Int
    let minute: Int

    init(_ time: ExtractTime) {
        let s = Array(time.parisDescription.utf8)
        func number(_ from: Int, _ count: Int) -> Int { s[from..<(from + count)].reduce(0) { $0 * 10 + Int($1 - 48) } }
        year = number(0, 4)
        month = number(5, 2)
        day = number(8, 2)
        hour = number(11, 2)
        minute = number(14, 2)
    }

    var date: (Int, Int, Int) { (year, month, day) }

    /// `YYYYMMDDhhmm`, the `<ts>` of the extraction file names.
    var stamp: String { pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(hour, 2) + pad(minute, 2) }

    /// MS-DOS date and time of zip headers (local time, two-second resolution).
    var dosDate: UInt16 { UInt16(truncatingIfNeeded: ((max(year, 1980) - 1980) << 9) | (month << 5) | day) }
    var dosTime: UInt16 { UInt16(truncatingIfNeeded: (hour << 11) | (minute << 5)) }
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
