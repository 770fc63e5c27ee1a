#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a stream on a second thread into a bounded ring of buffers, so that decompression (zlib
/// or I/O) on one core overlaps tokenizing and indexing on the other. Memory is `depth × chunk`
/// whatever the input's size.
///
/// The producer thread alone touches the stream; the consumer gets filled buffers in order and
/// gives them back. With `checksum`, the producer also computes the CRC-32 of everything it reads
/// (`crc`, read once `run` has returned), off the consumer's core. An error of the stream reaches
/// the consumer after the chunks read before it; a consumer that stops early cancels the producer
/// and waits for it before the stream goes away.
final class ChunkPipeline: @unchecked Sendable {
    // @unchecked Sendable: every shared field is guarded by `lock`; each buffer belongs either to
    // the producer (in `free`, being filled) or to the consumer (handed out), never to both.
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var free: [Int]
    private var filled: [(index: Int, count: Int, filePosition: Int64)] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private var producerDone = false
    private let lock = Lock()
    private let checksum: Bool
    /// Whether the stream is read on the consumer's thread (no second thread).
    private let inLine: Bool
    /// CRC-32 of the bytes read, when `checksum`; complete once `run` has returned.
    private(set) var crc: UInt32 = 0

    /// `inLine`: read the stream on the consumer's thread, for a consumer that already has a core
    /// to itself among others as busy (a part of a file read with the other parts, `TextPart`):
    /// a second thread would only compete with them, and hand over bytes that left the cache.
    init(chunkSize: Int, depth: Int = 4, checksum: Bool = false, inLine: Bool = false) {
        self.checksum = checksum
        self.inLine = inLine
        buffers = (0..<depth).map { _ in .allocate(byteCount: chunkSize, alignment: 64) }
        free = Array(0..<depth)
    }

    deinit {
        buffers.forEach { $0.deallocate() }
    }

    /// Runs `consume` on each chunk of `stream`, in order, while the stream is read on a second
    /// thread. `consume` gets the bytes and the stream's file position after them.
    func run(_ stream: ByteStream, _ consume: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        guard !inLine, let producer = WorkerThread.start({ [handoff = Handoff(stream)] in self.produce(handoff.stream) }) else {
            // No second thread: read in line.
            let buffer = buffers[0]
            while true {
                let n = try stream.read(into: buffer)
                if n == 0 { return }
                if checksum { crc = crc32(crc, UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
                try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), stream.filePosition)
            }
        }
        defer {
            lock.withLock { cancelled = true }
            lock.broadcast()
            producer.join()
        }
        while true {
            typealias Chunk = (index: Int, count: Int, filePosition: Int64)
            let next: Chunk? = try lock.withLock { () throws -> Chunk? in
                while filled.isEmpty && !finished { lock.wait() }
                if filled.isEmpty {
                    if let failure { throw failure }
                    return nil
                }
                return filled.removeFirst()
            }
            guard let chunk = next else { return }
            try consume(UnsafeRawBufferPointer(rebasing: buffers[chunk.index][0..<chunk.count]), chunk.filePosition)
            lock.withLock { free.append(chunk.index) }
            lock.broadcast()
        }
    }

    private func produce(_ stream: ByteStream) {
        while true {
            let next: Int? = lock.withLock {
                while free.isEmpty && !cancelled { lock.wait() }
                return cancelled ? nil : free.removeFirst()
            }
            guard let index = next else { return }
            do {
                let n = try stream.read(into: buffers[index])
                let position = stream.filePosition
                if checksum { crc = crc32(crc, UnsafeRawBufferPointer(rebasing: buffers[index][0..<n])) }
                lock.withLock {
                    if n == 0 { finished = true } else { filled.append((index, n, position)) }
                }
                lock.broadcast()
                if n == 0 { return }
            } catch {
                lock.withLock {
                    failure = error
                    finished = true
                }
                lock.broadcast()
                return
            }
        }
    }
}

/// A stream handed to the producer thread: only that thread reads it until `run` joins it.
private final class Handoff: @unchecked Sendable {
    // @unchecked Sendable: one thread at a time uses the stream (the producer, then no one).
    let stream: any ByteStream

    init(_ stream: any ByteStream) { self.stream = stream }
}
