@_spi(Internals) import AnnuaireParsing
import CZlib
import Dispatch

/// Runs a plan on several threads: the blocks of every file, in file order, are one list of tasks;
/// each worker takes the next task, generates its rows (and deflates them, for `.gz` and `.zip`,
/// as an independent byte-aligned piece), then hands the result to the committer, which writes
/// results strictly in task order. A semaphore bounds the results waiting to be written, so
/// memory does not depend on the scale.
///
/// `@unchecked Sendable`: the mutable state below `lock` is only touched under it; the rest is
/// immutable.
final class Pipeline: @unchecked Sendable {
    private struct Task {
        let file: Int
        let entry: Int
        let block: Int
    }

    private struct BlockResult {
        let buffer: ByteBuffer
        let rows: Int
        let textBytes: Int
        let crc: UInt32
    }

    private enum Output {
        case text(FileOutput)
        case gzip(GzipWriter)
        case zip(ZipWriter)
    }

    private let options: SynthOptions
    private let files: [PlannedFile]
    private let tasks: [Task]
    private let population: Population
    private let dates: DateTable
    private let threads: Int
    private let window: DispatchSemaphore
    private let fileWritten: ((SynthFile) -> Void)?

    private let lock = Lock()
    // Guarded by `lock`.
    private var nextTask = 0
    private var nextCommit = 0
    private var results: [Int: BlockResult] = [:]
    private var pool: [ByteBuffer] = []
    private var failure: (any Error)?
    private var output: Output?
    private var entryRows = 0
    private var entryBytes: Int64 = 0
    private var finishedEntries: [SynthEntry] = []
    private var written: [SynthFile] = []

    init(options: SynthOptions, files: [PlannedFile], fileWritten: ((SynthFile) -> Void)?) {
        self.options = options
        self.files = files
        var tasks: [Task] = []
        for (f, file) in files.enumerated() {
            for (e, entry) in file.entries.enumerated() {
                for b in 0..<entry.blocks { tasks.append(Task(file: f, entry: e, block: b)) }
            }
        }
        self.tasks = tasks
        population = Population(scale: options.scale, seed: options.seed, variety: options.variety)
        dates = DateTable(extractTime: options.extractTime)
        threads = options.threads > 0 ? options.threads : onlineCores()
        // Starts at zero and is raised to its size: libdispatch traps when a semaphore is released
        // below its initial value, which a failed run (results never committed) would do.
        window = DispatchSemaphore(value: 0)
        for _ in 0..<(threads + 2) { window.signal() }
        self.fileWritten = fileWritten
    }

    func run() throws -> [SynthFile] {
        if threads == 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in self.work() }
        }
        if let failure { throw failure }
        return written
    }

    private var compressing: Bool {
        options.format == .gz || (options.format == .zip && options.zipMethod == .deflate)
    }

    /// One worker: take tasks in order until there are none left (or something failed).
    private func work() {
        let writer = FamilyWriter(
            population: population, dates: dates, personneActiviteColumns: options.personneActiviteColumns)
        let deflater = compressing ? Deflater(level: options.compressionLevel) : nil
        let needsCRC = options.format != .txt
        var text = ByteBuffer(capacity: 4 << 20)
        while true {
            window.wait()
            let claimed: Int? = lock.withLock {
                guard failure == nil, nextTask < tasks.count else { return nil }
                nextTask += 1
                return nextTask - 1
            }
            guard let t = claimed else {
                window.signal()
                return
            }
            let task = tasks[t]
            let entry = files[task.file].entries[task.entry]
            text.count = 0
            if task.block == 0 {
                text.append(FamilyWriter.header(entry.family, personneActiviteColumns: options.personneActiviteColumns))
            }
            let start = task.block * entry.blockSize
            let range = start..<min(start + entry.blockSize, population.count)
            let rows = writer.rows(entry.family, range, into: text)
            let crc = needsCRC ? crc32(0, text.bytes) : 0
            let result: BlockResult
            if let deflater {
                let out = takeBuffer()
                out.count = 0
                let status = deflater.compressPiece(text.bytes, into: out)
                if status != Z_OK {
                    fail(SynthError.compressionFailed(path: files[task.file].path, status: status))
                    return
                }
                result = BlockResult(buffer: out, rows: rows, textBytes: text.count, crc: crc)
            } else {
                result = BlockResult(buffer: text, rows: rows, textBytes: text.count, crc: crc)
                text = takeBuffer()
            }
            lock.withLock {
                results[t] = result
                commitReady()
            }
        }
    }

    private func takeBuffer() -> ByteBuffer {
        lock.withLock { pool.popLast() } ?? ByteBuffer(capacity: 4 << 20)
    }

    private func fail(_ error: any Error) {
        lock.withLock {
            if failure == nil { failure = error }
        }
        // Wake every worker waiting for room, so they see the failure and stop.
        for _ in 0..<threads { window.signal() }
    }

    /// Under `lock`: writes every result that is next in order.
    private func commitReady() {
        while failure == nil, let result = results.removeValue(forKey: nextCommit) {
            do {
                try commit(tasks[nextCommit], result)
            } catch {
                failure = error
                for _ in 0..<threads { window.signal() }
            }
            pool.append(result.buffer)
            nextCommit += 1
            window.signal()
        }
    }

    private func commit(_ task: Task, _ result: BlockResult) throws {
        let file = files[task.file]
        let entry = file.entries[task.entry]
        if task.entry == 0 && task.block == 0 {
            switch file.format {
            case .txt: output = .text(try FileOutput(path: file.path))
            case .gz: output = .gzip(try GzipWriter(path: file.path, level: options.compressionLevel))
            case .zip: output = .zip(try ZipWriter(path: file.path, modified: options.extractTime))
            }
        }
        if task.block == 0 {
            entryRows = 0
            entryBytes = 0
            if case .zip(let zip) = output {
                try zip.beginEntry(
                    name: entry.name, method: options.zipMethod, dataDescriptor: options.zipDataDescriptors,
                    level: options.compressionLevel)
            }
        }
        switch output {
        case .text(let out):
            try out.write(result.buffer.bytes)
        case .gzip(let gzip):
            if isMemberStart(task.block, of: entry.blocks) { try gzip.startMember() }
            try gzip.appendPiece(result.buffer.bytes, crc: result.crc, length: result.textBytes)
        case .zip(let zip):
            if options.zipMethod == .deflate {
                try zip.appendPiece(result.buffer.bytes, crc: result.crc, length: result.textBytes)
            } else {
                try zip.appendStored(result.buffer.bytes, crc: result.crc)
            }
        case nil:
            preconditionFailure("no open output")
        }
        entryRows += result.rows
        entryBytes += Int64(result.textBytes)
        guard task.block == entry.blocks - 1 else { return }
        if case .zip(let zip) = output { try zip.endEntry() }
        finishedEntries.append(SynthEntry(name: entry.name, family: entry.family, rows: entryRows, textBytes: entryBytes))
        guard task.entry == file.entries.count - 1 else { return }
        let size: Int64
        switch output {
        case .text(let out):
            try out.commit()
            size = out.position
        case .gzip(let gzip): size = try gzip.finish()
        case .zip(let zip): size = try zip.finish()
        case nil: size = 0
        }
        let done = SynthFile(path: file.path, entries: finishedEntries, fileBytes: size)
        written.append(done)
        finishedEntries = []
        output = nil
        fileWritten?(done)
    }

    /// Whether block `block` (> 0) opens a new gzip member: members split the blocks evenly.
    private func isMemberStart(_ block: Int, of blocks: Int) -> Bool {
        guard block > 0, options.gzipMembers > 1 else { return false }
        return (1..<options.gzipMembers).contains { $0 * blocks / options.gzipMembers == block }
    }
}
