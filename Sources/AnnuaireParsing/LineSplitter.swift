#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One line of text, without its `\n` (and without a `\r` before it).
///
/// `bytes` is borrowed: valid only inside the closure it is passed to.
@_spi(Internals) public struct Line {
    public var bytes: UnsafeRawBufferPointer
    /// 1-based line number.
    public var number: Int
    /// Offset of the line's first byte in the (decompressed) stream.
    public var offset: Int64
    /// The line's full length when it exceeded the limit; then `bytes` holds only its first bytes.
    public var overLongLength: Int?
}

/// Splits a stream of chunks into lines, whatever the chunk boundaries: lines wholly inside a
/// chunk are lent in place (no copy); a line cut by a boundary is gathered in a carry buffer.
///
/// A line longer than `maxLineLength` is not gathered past the limit: its first bytes are kept for
/// the report, the rest is skipped up to the next newline, so memory stays bounded whatever the
/// input. Not `Sendable`: it holds the state of one stream.
@_spi(Internals) public struct LineSplitter: ~Copyable {
    public let maxLineLength: Int
    private var carry: UnsafeMutableRawPointer
    private var carryCapacity: Int
    private var carryCount = 0
    /// Length of the line being gathered, counting bytes skipped past the limit.
    private var pendingLength = 0
    private var nextNumber = 1
    private var nextOffset: Int64 = 0

    /// `firstNumber` and `firstOffset`: the number and offset of the first line, when the stream
    /// starts inside a file.
    public init(maxLineLength: Int = 1 << 20, firstNumber: Int = 1, firstOffset: Int64 = 0) {
        precondition(maxLineLength > 0)
        self.maxLineLength = maxLineLength
        nextNumber = firstNumber
        nextOffset = firstOffset
        carryCapacity = min(maxLineLength, 64 << 10)
        carry = .allocate(byteCount: carryCapacity, alignment: 16)
    }

    deinit { carry.deallocate() }

    /// The number the next line will get (1 + the lines seen, from the start of the file).
    public var nextLineNumber: Int { nextNumber }

    /// Feeds the next chunk, calling `body` for each line it completes.
    public mutating func push(_ chunk: UnsafeRawBufferPointer, _ body: (Line) throws -> Void) rethrows {
        guard var p = chunk.baseAddress else { return }
        var remaining = chunk.count
        while remaining > 0 {
            guard let newline = memchr(p, 0x0A, remaining) else {
                gather(p, remaining)
                return
            }
            let length = UnsafeRawPointer(newline) - p
            if pendingLength == 0 {
                try emit(UnsafeRawBufferPointer(start: p, count: length), fullLength: length, body)
            } else {
                gather(p, length)
                try emitCarry(body)
            }
            nextOffset += 1  // the newline
            p += length + 1
            remaining -= length + 1
        }
    }

    /// Ends the stream: a last line without a final newline is delivered.
    public mutating func finish(_ body: (Line) throws -> Void) rethrows {
        if pendingLength > 0 { try emitCarry(body) }
    }

    private mutating func gather(_ p: UnsafeRawPointer, _ count: Int) {
        let keep = min(count, maxLineLength - carryCount)
        if keep > 0 {
            if carryCount + keep > carryCapacity {
                let capacity = min(maxLineLength, max(carryCapacity * 2, carryCount + keep))
                let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
                grown.copyMemory(from: carry, byteCount: carryCount)
                carry.deallocate()
                carry = grown
                carryCapacity = capacity
            }
            (carry + carryCount).copyMemory(from: p, byteCount: keep)
            carryCount += keep
        }
        pendingLength += count
    }

    private mutating func emitCarry(_ body: (Line) throws -> Void) rethrows {
        let full = pendingLength
        carryCount = 0
        pendingLength = 0
        try emit(UnsafeRawBufferPointer(start: carry, count: min(full, maxLineLength)), fullLength: full, body)
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer, fullLength: Int, _ body: (Line) throws -> Void) rethrows {
        var line = Line(bytes: bytes, number: nextNumber, offset: nextOffset, overLongLength: nil)
        nextNumber += 1
        nextOffset += Int64(fullLength)
        if fullLength > maxLineLength {
            line.bytes = UnsafeRawBufferPointer(rebasing: bytes.prefix(maxLineLength))
            line.overLongLength = fullLength
        } else if let last = bytes.last, last == 0x0D {
            line.bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast())
        }
        try body(line)
    }
}
