#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable byte buffer owned by one thread at a time (a worker fills it, the committer writes
/// it out, the pool takes it back); its storage is reused across blocks, never shrunk.
///
/// `@unchecked Sendable`: it is handed between threads only through the pipeline's lock, which
/// orders the accesses; it is never used by two threads at once.
final class ByteBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes in use, from `base`.
    var count = 0

    init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes after `count`.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        // safe: reserve made room for bytes.count more bytes.
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    /// A cursor at the end of the buffer, after making room for `extra` bytes; `close` it with
    /// `finish(_:)` to record what was written.
    @inline(__always)
    func cursor(reserving extra: Int) -> Cursor {
        reserve(extra)
        return Cursor(base + count)
    }

    @inline(__always)
    func finish(_ cursor: Cursor) {
        count = cursor.p - base
        precondition(count <= capacity, "a row overran the space reserved for it")
    }
}

/// The hot-path writer: a bare pointer into a `ByteBuffer` whose room was reserved beforehand
/// (`ByteBuffer.cursor(reserving:)`), so no append checks capacity. Every field of every row is
/// written through it: pre-encoded words are copied, numbers are written digit by digit.
struct Cursor {
    var p: UnsafeMutablePointer<UInt8>

    @inline(__always)
    init(_ p: UnsafeMutablePointer<UInt8>) { self.p = p }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        p.pointee = b
        p += 1
    }

    @inline(__always)
    mutating func pipe() { byte(0x7C) }

    @inline(__always)
    mutating func newline() { byte(0x0A) }

    /// `n` separators: `n` empty fields.
    @inline(__always)
    mutating func pipes(_ n: Int) {
        for _ in 0..<n { byte(0x7C) }
    }

    @inline(__always)
    mutating func word(_ w: Word) {
        p.update(from: w.start, count: w.count)
        p += w.count
    }

    /// The word, then `|`.
    @inline(__always)
    mutating func field(_ w: Word) {
        word(w)
        byte(0x7C)
    }

    /// `value` as exactly `width` decimal digits, leading zeros kept.
    @inline(__always)
    mutating func digits(_ value: UInt64, width: Int) {
        var v = value
        var i = width - 1
        while i >= 0 {
            p[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            i -= 1
        }
        p += width
    }

    /// `value` in decimal, no padding.
    @inline(__always)
    mutating func number(_ value: Int) {
        var width = 1
        var v = value / 10
        while v > 0 {
            width += 1
            v /= 10
        }
        digits(UInt64(value), width: width)
    }

    /// `payload` as `width` digits followed by its Luhn key: `width + 1` digits in all.
    @inline(__always)
    mutating func luhn(_ payload: UInt64, width: Int) {
        digits(payload, width: width)
        byte(luhnKey(payload))
    }

    /// The bytes written since `start`.
    @inline(__always)
    func since(_ start: UnsafeMutablePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: start, count: p - start)
    }

    /// Copies bytes written earlier (e.g. the identifier into the national identifier).
    @inline(__always)
    mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        p.update(from: bytes.baseAddress!, count: bytes.count)
        p += bytes.count
    }
}

/// The ASCII digit that completes `payload` into a Luhn-valid number: the arithmetic form of
/// `AnnuaireParsing.Luhn.checkDigit(for:)` (which works on bytes), for the hot path. Leading zeros
/// do not change a Luhn sum, so the payload's width does not matter. Tested against `Luhn`.
@inline(__always)
func luhnKey(_ payload: UInt64) -> UInt8 {
    var v = payload
    var sum: UInt64 = 0
    var double = true
    while v > 0 {
        let d = v % 10
        if double {
            let twice = d * 2
            sum += twice > 9 ? twice - 9 : twice
        } else {
            sum += d
        }
        double.toggle()
        v /= 10
    }
    return UInt8(truncatingIfNeeded: 48 + (10 - sum % 10) % 10)
}

/// `payload` followed by its Luhn key, as a number.
@inline(__always)
func withLuhnKey(_ payload: UInt64) -> UInt64 { payload &* 10 &+ UInt64(luhnKey(payload) - 48) }

/// A pre-encoded UTF-8 word: the synthesizer encodes every label, name and code once, then copies
/// bytes. The storage is allocated once and lives as long as the process (the vocabulary is a
/// global constant), so a word is a bare pointer and length: no reference counting on the hot path.
struct Word: @unchecked Sendable {
    let start: UnsafePointer<UInt8>
    let count: Int

    init(_ text: String) {
        let bytes = Array(text.utf8)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        storage.initialize(from: bytes, count: bytes.count)
        start = UnsafePointer(storage)
        count = bytes.count
    }

    /// A view of bytes owned elsewhere, which must outlive the word (e.g. a `DateTable`).
    init(start: UnsafePointer<UInt8>, count: Int) {
        self.start = start
        self.count = count
    }

    static let empty = Word("")

    var isEmpty: Bool { count == 0 }
    var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
}

/// An immutable array of plain values, allocated once for the life of the process: read from both
/// worker threads without reference counting (a Swift `Array` shared by two threads would have its
/// reference count bounced between the cores on every access).
struct Table<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        let storage = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
        storage.initialize(from: elements, count: elements.count)
        base = UnsafePointer(storage)
        count = elements.count
    }

    @inline(__always)
    subscript(_ i: Int) -> Element { base[i] }

    var indices: Range<Int> { 0..<count }
}

/// Cumulative weights for a weighted draw among `count` choices.
struct Weights: @unchecked Sendable {
    let cumulative: Table<Int32>
    let total: Int

    init(_ weights: [Int]) {
        var running = 0
        var cumulative: [Int32] = []
        for w in weights {
            running += w
            cumulative.append(Int32(running))
        }
        precondition(running > 0, "weights sum to zero")
        self.cumulative = Table(cumulative)
        total = running
    }

    /// An index drawn with probability proportional to its weight.
    @inline(__always)
    func draw(_ random: inout Random) -> Int {
        let x = Int32(random.below(total))
        var i = 0
        while cumulative[i] <= x { i += 1 }
        return i
    }
}
