@_spi(Internals) import AnnuaireParsing
import AnnuaireSynth
import Benchmark
import Foundation

// The tokenizer (field splitter kernels, line splitter, record reader) and gzip inflate, over
// 4.2 MB of synthesized personne-activite text (56 columns + trailing `|`, the widest family).
//
// Each iteration processes the whole text (4,229,501 bytes in 11,352 lines with the default
// seed): its size ÷ wall-clock per iteration is the speed. `mallocCountTotal` is checked against
// `Thresholds/` (`swift package benchmark thresholds check`): a constant handful per iteration,
// so one allocation per row fails it.

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    /// Fails a run that allocates more than `slack` times beyond the stored threshold.
    func configuration(mallocSlack slack: Int) -> Benchmark.Configuration {
        .init(
            metrics: metrics, warmupIterations: 2, maxDuration: .seconds(3), maxIterations: 1_000,
            thresholds: [.mallocCountTotal: .init(absolute: [.p90: slack])],
            setup: { Corpus.prepare() })
    }

    // MARK: Field splitter: one line at a time, lines already found.

    for kernel in FieldSplitter.Kernel.allCases where kernel.isAvailable {
        Benchmark("FieldSplitter.\(kernel.rawValue)", configuration: configuration(mallocSlack: 0)) { benchmark in
            let splitter = FieldSplitter(capacity: 64, kernel: kernel)
            var fields = 0
            Corpus.text.withUnsafeBytes { text in
                benchmark.startMeasurement()
                for line in Corpus.lines {
                    fields &+= splitter.split(UnsafeRawBufferPointer(rebasing: text[line])).fields
                }
                benchmark.stopMeasurement()
            }
            blackHole(fields)
        }
    }

    Benchmark("FieldSplitter.scalar", configuration: configuration(mallocSlack: 0)) { benchmark in
        let splitter = FieldSplitter(capacity: 64)
        var fields = 0
        Corpus.text.withUnsafeBytes { text in
            benchmark.startMeasurement()
            for line in Corpus.lines {
                fields &+= splitter.splitScalar(UnsafeRawBufferPointer(rebasing: text[line])).fields
            }
            benchmark.stopMeasurement()
        }
        blackHole(fields)
    }

    // MARK: Lines, then lines and fields, from 1 MiB chunks of memory.

    Benchmark("LineSplitter", configuration: configuration(mallocSlack: 0)) { _ in
        var lines = LineSplitter()
        var count = 0
        Corpus.forEachChunk { chunk in lines.push(chunk) { _ in count += 1 } }
        lines.finish { _ in count += 1 }
        blackHole(count)
    }

    Benchmark("LineSplitter+FieldSplitter", configuration: configuration(mallocSlack: 0)) { _ in
        var lines = LineSplitter()
        let splitter = FieldSplitter(capacity: 64)
        var fields = 0
        Corpus.forEachChunk { chunk in lines.push(chunk) { line in fields &+= splitter.split(line.bytes).fields } }
        lines.finish { line in fields &+= splitter.split(line.bytes).fields }
        blackHole(fields)
    }

    // MARK: The record reader: container detection, header, fields, identifier checks.

    Benchmark("ExtractionReader.read.txt", configuration: configuration(mallocSlack: 8)) { _ in
        var rows = 0
        let reports = try ExtractionReader.read(Corpus.textPath) { record in
            if record.key != nil { rows += 1 }
        }
        precondition(reports.first?.quarantined == 0 && rows == Corpus.lines.count - 1)
        blackHole(rows)
    }

    // MARK: Inflate: each available backend from memory, then the reader's own path from a file.

    for backend in InflateBackend.available {
        Benchmark("GzipStream.inflate.\(backend.rawValue)", configuration: configuration(mallocSlack: 4)) { _ in
            let gzip = try GzipStream(source: MemoryStream(Corpus.gzip), path: "memory.gz", backend: backend)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
            defer { buffer.deallocate() }
            var total = 0
            while case let n = try gzip.read(into: buffer), n > 0 { total += n }
            precondition(total == Corpus.text.count)
            blackHole(total)
        }
    }

    Benchmark("ExtractionReader.decompress.gz", configuration: configuration(mallocSlack: 8)) { _ in
        var total = 0
        try ExtractionReader.decompress(Corpus.gzipPath) { _, chunk in total += chunk.count }
        precondition(total == Corpus.text.count)
        blackHole(total)
    }
}

/// The text the benchmarks read, made once per process.
enum Corpus {
    /// Header and rows of personne-activite at scale 0.005 (~7,000 practitioners).
    static let text = Synthesizer.text(family: .personneActivite, scale: 0.005)

    /// Each line of `text`, without its newline.
    static let lines: [Range<Int>] = {
        var lines: [Range<Int>] = []
        var start = 0
        for (i, byte) in text.enumerated() where byte == 0x0A {
            lines.append(start..<i)
            start = i + 1
        }
        if start < text.count { lines.append(start..<text.count) }
        return lines
    }()

    /// A folder of this process for the files below, removed at exit.
    static let directory: String = {
        let path = NSTemporaryDirectory() + "annuaire-benchmarks-\(getpid())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Corpus.directory) }
        return path
    }()

    /// `text` in a file named as the family's files are (page cache after the first read).
    static let textPath: String = {
        let path = directory + "/" + Synthesizer.fileName(.personneActivite, extractTime: SynthOptions.defaultExtractTime)
        precondition(FileManager.default.createFile(atPath: path, contents: Data(text)))
        return path
    }()

    /// `text` gzipped at level 6, in a file.
    static let gzipPath: String = {
        let path = textPath + ".gz"
        let writer = try! GzipWriter(path: path, level: 6)
        try! writer.write(text)
        try! writer.finish()
        return path
    }()

    /// The bytes of `gzipPath`.
    static let gzip: [UInt8] = Array(FileManager.default.contents(atPath: gzipPath)!)

    /// Makes everything above (outside the measured iterations).
    static func prepare() {
        _ = (lines.count, textPath, gzip.count)
    }

    /// `text` in 1 MiB chunks.
    static func forEachChunk(_ body: (UnsafeRawBufferPointer) -> Void) {
        text.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + (1 << 20), bytes.count)
                body(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                offset = end
            }
        }
    }
}

/// A gzip file already in memory, read as a `ByteStream` in 256 KiB pieces.
final class MemoryStream: ByteStream {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var filePosition: Int64 { Int64(position) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position, 256 << 10)
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + n]))
        }
        position += n
        return n
    }
}
