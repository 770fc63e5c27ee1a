import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ExtractionReader {
    /// Plain text files from this size on are scanned in two halves, one per core.
    package static let halvesThreshold = 32 << 20

    /// Reads `path` for its reports only, like `read` with a closure that does nothing.
    ///
    /// A plain text file of `halvesThreshold` bytes or more is read in two halves, the second on
    /// another thread, for up to twice the speed on two cores. The reports, and the calls to
    /// `quarantine` (on this thread, in line order), are those of a read in one pass; when the
    /// halves cannot be joined exactly (the second half met the text encoding differently, or
    /// held back too many quarantined lines), the second half is read again in line.
    public static func scan(
        _ path: String, options: ReadOptions = ReadOptions(),
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? = nil
    ) throws -> [ScanReport] {
        try scan(path, options: options, quarantine: quarantine, halvesFrom: halvesThreshold)
    }

    /// `scan`, with the size from which a file is read in halves (tests use small files).
    static func scan(
        _ path: String, options: ReadOptions, quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?,
        halvesFrom threshold: Int
    ) throws -> [ScanReport] {
        if !options.checksum, let halves = try scanInHalves(path, options, quarantine, threshold: threshold) { return [halves.report] }
        return try read(path, options: options, quarantine: quarantine) { _ in }
    }

    /// The report of a plain text file read in two halves, and whether the halves were joined (or
    /// the second read again in line); nil when `path` is not a large enough regular text file
    /// (then the caller reads it in one pass, which reports any error).
    static func scanInHalves(
        _ path: String, _ options: ReadOptions, _ quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?,
        threshold: Int
    ) throws -> (report: ScanReport, joined: Bool)? {
        let start = monotonicSeconds()
        // What is not a large enough plain text file goes the usual way, which reports any error
        // (so does a header past the line limit).
        guard path != "-", let file = try? FileInput(path: path), let fileSize = file.size else { return nil }
        let size = Int(fileSize)
        guard size >= threshold, fileSize <= options.maxTextBytes else { return nil }
        let magic = try file.peek(6)
        guard !isGzip(magic), !isZip(magic), otherCompression(magic) == nil else { return nil }
        guard let header = try firstLine(file, from: 0, limit: options.maxLineLength) else { return nil }
        // The second half starts just after the first newline past the middle.
        guard let middle = try firstLine(file, from: size / 2, limit: size), middle.next < size, middle.next > header.next else {
            return nil
        }
        let cut = middle.next
        var headerLine = header.bytes
        if headerLine.last == 0x0D { headerLine.removeLast() }

        let label = path
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let second = SecondHalf(options: options, keepsQuarantine: quarantine != nil)
        let readSecond = { [headerLine] in second.read(file, cut..<size, header: headerLine, label: label) }
        // Without a second thread, the second half is read first, in line.
        let worker = WorkerThread.start(readSecond)
        if worker == nil { readSecond() }
        defer {
            second.cancelled.store(true, ordering: .relaxed)
            worker?.join()
        }
        var reader = RecordReader(path: label, options: options, quarantineSink: quarantine)
        var splitter = LineSplitter(maxLineLength: options.maxLineLength)
        var total = try forEachChunk(file, 0..<cut, options.chunkSize) { chunk in
            try splitter.push(chunk) { try reader.consume($0) { _ in } }
            return true
        }
        reader.compactPractitioners()
        worker?.join()
        var joined = false
        if second.finished, let other = second.reader.take(), reader.agreesOnEncoding(with: other) {
            joined = true
            let shift = splitter.nextLineNumber - 1
            reader.absorb(other, lineShift: shift)
            total += second.bytesRead
            for (path, entry, bytes) in second.held {
                var moved = entry
                moved.lineNumber += shift
                bytes.withUnsafeBytes { quarantine?(path, moved, $0) }
            }
        } else {
            total += try forEachChunk(file, cut..<size, options.chunkSize) { chunk in
                try splitter.push(chunk) { try reader.consume($0) { _ in } }
                return true
            }
        }
        try splitter.finish { try reader.consume($0) { _ in } }
        var result = try report(
            of: reader, path: path, label: label, name: name, textBytes: total, crc: nil, options: options, start: start)
        result.inputBytes = total
        return (result, joined)
    }

    /// The bytes from `offset` up to the next newline (without it) and the offset after that
    /// newline, or nil when no newline comes within `limit` bytes.
    private static func firstLine(_ file: FileInput, from offset: Int, limit: Int) throws -> (bytes: [UInt8], next: Int)? {
        var line: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 64 << 10)
        var at = offset
        while line.count <= limit {
            let n = try block.withUnsafeMutableBytes { try file.pread(into: $0, at: Int64(at)) }
            guard n > 0 else { return nil }
            if let newline = block[0..<n].firstIndex(of: 0x0A) {
                line += block[0..<newline]
                return (line, at + newline + 1)
            }
            line += block[0..<n]
            at += n
        }
        return nil
    }

    /// Reads `range` of `file` in chunks, calling `body` with each until it returns false;
    /// returns the bytes read (fewer when the file shrank meanwhile).
    static func forEachChunk(
        _ file: FileInput, _ range: Range<Int>, _ chunkSize: Int, _ body: (UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var at = range.lowerBound
        while at < range.upperBound {
            let want = min(chunkSize, range.upperBound - at)
            let n = try file.pread(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: Int64(at))
            if n == 0 { break }
            at += n
            guard try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) else { break }
        }
        return Int64(at - range.lowerBound)
    }
}

/// The reading of the second half of a file, on its own thread: quarantined lines are held
/// (up to `maxHeldBytes`) until the first half's have been delivered.
private final class SecondHalf: @unchecked Sendable {
    // @unchecked Sendable: the worker thread alone touches the fields until `join`, after which
    // the calling thread alone reads them; `cancelled` is atomic.
    let options: ReadOptions
    let keepsQuarantine: Bool
    let cancelled = Atomic(false)
    var reader: RecordReader?
    var finished = false
    var bytesRead: Int64 = 0
    var held: [(String, QuarantinedLine, [UInt8])] = []
    private var heldBytes = 0
    private var overflowed = false
    static let maxHeldBytes = 64 << 20

    init(options: ReadOptions, keepsQuarantine: Bool) {
        self.options = options
        self.keepsQuarantine = keepsQuarantine
    }

    func read(_ file: FileInput, _ range: Range<Int>, header: [UInt8], label: String) {
        let sink: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? =
            keepsQuarantine ? { [unowned self] path, entry, bytes in self.hold(path, entry, bytes) } : nil
        var reader = RecordReader(path: label, options: options, quarantineSink: sink)
        do {
            // Lines are numbered from 1 here; the caller moves them past the first half's.
            try header.withUnsafeBytes { header in
                try reader.consume(Line(bytes: header, number: 0, offset: 0, overLongLength: nil)) { _ in }
            }
            var splitter = LineSplitter(maxLineLength: options.maxLineLength, firstNumber: 1, firstOffset: Int64(range.lowerBound))
            var complete = true
            bytesRead = try ExtractionReader.forEachChunk(file, range, options.chunkSize) { chunk in
                guard !overflowed, !cancelled.load(ordering: .relaxed) else {
                    complete = false
                    return false
                }
                try splitter.push(chunk) { try reader.consume($0) { _ in } }
                return true
            }
            if complete, !overflowed {
                try splitter.finish { try reader.consume($0) { _ in } }
                reader.compactPractitioners()
                finished = !overflowed
            }
        } catch {
            // The first half meets the same header and reports it; the rest is read again there.
        }
        self.reader = .some(consume reader)
    }

    private func hold(_ path: String, _ entry: QuarantinedLine, _ bytes: UnsafeRawBufferPointer) {
        heldBytes += bytes.count + 256
        if heldBytes > Self.maxHeldBytes { overflowed = true }
        if !overflowed { held.append((path, entry, Array(bytes))) }
    }
}
