import AnnuaireParsing

/// The calendar around an extract time, pre-encoded: `jj/mm/aaaa` for each day from
/// `past` days before the extract to `future` days after, so card dates are copied, not formatted.
///
/// `@unchecked Sendable`: immutable after `init`; freed in `deinit`, after the workers are done.
final class DateTable: @unchecked Sendable {
    static let past = 4_000
    static let future = 1_200
    private let storage: UnsafeMutablePointer<UInt8>

    init(extractTime: ExtractTime) {
        let days = Self.past + Self.future + 1
        storage = .allocate(capacity: days * 10)
        for d in 0..<days {
            // Same local time of day, `d - past` days away: the DST shift of an hour cannot change
            // the date of a time taken away from midnight.
            let time = extractTime + Int64(d - Self.past) * 86_400
            let (y, m, day) = ExtractClock(time).date
            let text = Array("\(pad(day, 2))/\(pad(m, 2))/\(pad(y, 4))".utf8)
            (storage + d * 10).initialize(from: text, count: 10)
        }
    }

    deinit { storage.deallocate() }

    /// The date `offset` days from the extract (negative: before), clamped to the table.
    @inline(__always)
    func date(_ offset: Int) -> Word {
        let d = min(max(offset + Self.past, 0), Self.past + Self.future)
        return Word(start: UnsafePointer(storage + d * 10), count: 10)
    }
}
