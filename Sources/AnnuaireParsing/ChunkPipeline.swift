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
    // @unchecked Sendable: every shared field is guarded by `mutex`; each buffer belongs either to
    // the producer (in `free`, being filled) or to the consumer (handed out), never to both.
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var free: [Int]
    private var filled: [(index: Int, count: Int, filePosition: Int64)] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private var producerDone = false
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
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
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&changed)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    /// Runs `consume` on each chunk of `stream`, in order, while the stream is read on a second
    /// thread. `consume` gets the bytes and the stream's file position after them.
    func run(_ stream: ByteStream, _ consume: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        guard !inLine, let producer = WorkerThread.start({ self.produce(stream) }) else {
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
            locked { cancelled = true }
            pthread_cond_broadcast(&changed)
            producer.join()
        }
        while true {
            pthread_mutex_lock(&mutex)
            while filled.isEmpty && !finished { pthread_cond_wait(&changed, &mutex) }
            if filled.isEmpty {
                let error = failure
                pthread_mutex_unlock(&mutex)
                if let error { throw error }
                return
            }
            let chunk = filled.removeFirst()
            pthread_mutex_unlock(&mutex)
            try consume(UnsafeRawBufferPointer(rebasing: buffers[chunk.index][0..<chunk.count]), chunk.filePosition)
            locked { free.append(chunk.index) }
            pthread_cond_broadcast(&changed)
        }
    }

    private func produce(_ stream: ByteStream) {
        while true {
            pthread_mutex_lock(&mutex)
            while free.isEmpty && !cancelled { pthread_cond_wait(&changed, &mutex) }
            if cancelled {
                pthread_mutex_unlock(&mutex)
                return
            }
            let index = free.removeFirst()
            pthread_mutex_unlock(&mutex)
            do {
                let n = try stream.read(into: buffers[index])
                let position = stream.filePosition
                if checksum { crc = crc32(crc, UnsafeRawBufferPointer(rebasing: buffers[index][0..<n])) }
                locked {
                    if n == 0 { finished = true } else { filled.append((index, n, position)) }
                }
                pthread_cond_broadcast(&changed)
                if n == 0 { return }
            } catch {
                locked {
                    failure = error
                    finished = true
                }
                pthread_cond_broadcast(&changed)
                return
            }
        }
    }
}
