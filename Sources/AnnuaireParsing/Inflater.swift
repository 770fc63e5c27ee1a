import CIsal
import CZlib

/// Owner of one inflate state, zlib's or ISA-L's, fed through an input window as zlib's `z_stream`
/// is: `setInput` lends the bytes of a buffer, each `inflate(into:)` consumes some of them.
///
/// zlib's `z_stream` lives on the heap because zlib keeps a pointer back to it: it must never
/// move, which a Swift value could. ISA-L's state (~90 KB) is allocated by the CIsal shim. Both are
/// freed once, by `deinit`; all pointer work on them is in this class.
///
/// Not `Sendable`: one stream uses it at a time.
final class Inflater {
    /// What the compressed bytes are.
    enum Format {
        /// One gzip member: header, deflate data, trailer (its CRC-32 and length are checked).
        case gzip
        /// A bare deflate stream (zip entries).
        case raw
    }

    /// How an `inflate(into:)` call ended.
    enum Status: Equatable {
        /// Some progress, or none for want of input: the caller decides which from the counts.
        case progress
        /// The stream (or gzip member) ended and its checks passed.
        case streamEnd
        /// The data is corrupt, for this reason (zlib's words where zlib has them).
        case failed(String)
    }

    private enum State {
        case zlib(UnsafeMutablePointer<z_stream>)
        case isal(OpaquePointer)
    }

    /// `.zlib` or `.isal`, never `.automatic`.
    let backend: InflateBackend
    private let state: State
    /// The unread part of the buffer lent by `setInput`.
    private var window: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)

    /// An inflater for `format` with `backend` (resolved here: `.automatic` is ISA-L when available).
    ///
    /// - Throws: `ExtractionError.inflaterUnavailable` for `.isal` when ISA-L cannot be used.
    init(format: Format, backend: InflateBackend) throws(ExtractionError) {
        if try backend.resolved() == .isal {
            // Fails only on out-of-memory, ISA-L having just been found available: `.automatic`
            // then falls back to zlib.
            if let isal = cisal_inflater_create(format == .gzip ? 1 : 0) {
                self.backend = .isal
                state = .isal(isal)
                return
            }
            if backend == .isal { throw .inflaterUnavailable(reason: "ISA-L's inflate state could not be allocated") }
        }
        self.backend = .zlib
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 31 reads gzip (zlib checks each member's CRC-32 and length); -15 raw deflate.
        let status = czlib_inflate_init2(stream, format == .gzip ? 15 + 16 : -15)
        // Only fails on out-of-memory or a zlib built without gzip support.
        precondition(status == Z_OK, "zlib inflateInit2 failed (\(status))")
        state = .zlib(stream)
    }

    deinit {
        switch state {
        case .zlib(let stream):
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        case .isal(let isal):
            cisal_inflater_destroy(isal)
        }
    }

    /// Ready for the next gzip member or deflate stream.
    func reset() {
        switch state {
        case .zlib(let stream): inflateReset(stream)
        case .isal(let isal): cisal_inflater_reset(isal)
        }
    }

    /// Lends `bytes` as the input; they must stay valid until consumed or replaced.
    func setInput(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= Int(UInt32.max), "input chunks are at most 4 GiB")
        window = bytes.bindMemory(to: UInt8.self)
    }

    /// The input bytes not yet consumed.
    var input: UnsafeBufferPointer<UInt8> { window }

    /// How many input bytes are not yet consumed.
    var availableInput: Int { window.count }

    /// Consumes `count` input bytes without inflating them (padding between gzip members).
    func skipInput(_ count: Int) {
        precondition(count <= window.count)
        window = UnsafeBufferPointer(rebasing: window[count...])
    }

    /// Input bytes consumed from the window but not yet used (ISA-L, inside a gzip trailer): an
    /// error's offset in the file is the consumed bytes minus these.
    var heldInput: Int {
        switch state {
        case .zlib: 0
        case .isal(let isal): Int(cisal_held_input(isal))
        }
    }

    /// CRC-32 of this stream's output so far when the backend computes it while inflating (ISA-L
    /// does, in raw mode too); nil when the caller must.
    var outputCRC32: UInt32? {
        switch state {
        case .zlib: nil
        case .isal(let isal): cisal_output_crc32(isal)
        }
    }

    /// Inflates input into the front of `buffer`; returns the bytes written and how it ended.
    func inflate(into buffer: UnsafeMutableRawBufferPointer) -> (written: Int, status: Status) {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return (0, .progress) }
        let capacity = UInt32(min(buffer.count, Int(UInt32.max)))
        var nextIn = window.baseAddress
        var availIn = UInt32(window.count)
        var nextOut: UnsafeMutablePointer<UInt8>? = out.assumingMemoryBound(to: UInt8.self)
        var availOut = capacity
        let status: Status
        switch state {
        case .zlib(let z):
            // safe: zlib only reads through next_in (its `z_const` is compiled out), within avail_in.
            z.pointee.next_in = UnsafeMutablePointer(mutating: nextIn)
            z.pointee.avail_in = availIn
            z.pointee.next_out = nextOut
            z.pointee.avail_out = availOut
            let code = CZlib.inflate(z, Z_NO_FLUSH)
            nextIn = UnsafePointer(z.pointee.next_in)
            availIn = z.pointee.avail_in
            availOut = z.pointee.avail_out
            switch code {
            case Z_OK, Z_BUF_ERROR: status = .progress
            case Z_STREAM_END: status = .streamEnd
            default: status = .failed(z.pointee.msg.map { String(cString: $0) } ?? "invalid compressed data")
            }
        case .isal(let isal):
            // safe: the shim reads at most availIn bytes at nextIn and writes at most availOut at nextOut.
            let code = cisal_inflate(isal, &nextIn, &availIn, &nextOut, &availOut)
            switch code {
            case Int32(CISAL_OK): status = .progress
            case Int32(CISAL_STREAM_END): status = .streamEnd
            default: status = .failed(String(cString: cisal_message(isal)))
            }
        }
        // safe: both libraries advance next_in by exactly what they took from avail_in.
        window = UnsafeBufferPointer(start: nextIn, count: Int(availIn))
        return (Int(capacity - availOut), status)
    }
}

extension Inflater {
    /// Why `fill` stopped short of a stream's end without output.
    enum Stall: Error {
        /// Every input byte is used and the stream has not ended: the data is cut short.
        case inputEnded
        /// Input is left but the inflater took none of it (neither library does that on sound data).
        case noProgress
        /// The data is corrupt, in the library's words.
        case failed(String)
    }

    /// Inflates into `buffer` until it is full or the stream (raw) or member (gzip) ends, calling
    /// `refill` whenever the input is used up (it sets more, or none at the source's end). Returns
    /// the bytes written and whether the stream ended. Output made before a stall is handed out
    /// first; the stall is thrown on the next call.
    func fill(_ buffer: UnsafeMutableRawBufferPointer, refill: () throws -> Void) throws -> (written: Int, ended: Bool) {
        var written = 0
        while written < buffer.count {
            if availableInput == 0 { try refill() }
            let before = availableInput
            let step = inflate(into: UnsafeMutableRawBufferPointer(rebasing: buffer[written...]))
            written += step.written
            switch step.status {
            case .progress:
                guard step.written == 0, availableInput == before else { continue }
                // No progress with room to write. Both libraries progress whenever they have
                // input, so the input is used up (the window was empty, refilling gave none).
                if written > 0 { return (written, false) }
                throw before == 0 ? Stall.inputEnded : Stall.noProgress
            case .streamEnd:
                return (written, true)
            case .failed(let reason):
                throw Stall.failed(reason)
            }
        }
        return (written, false)
    }
}

/// CRC-32 (the gzip/zip polynomial) of `bytes`, continuing from `crc` (0 to start): ISA-L's kernel
/// when it is available (several times zlib's speed), else zlib in pieces of at most 1 GiB (its
/// length is 32 bits).
@_spi(Internals) public func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
    var p = base.assumingMemoryBound(to: UInt8.self)
    var isal = crc
    if cisal_crc32(&isal, p, UInt64(bytes.count)) != 0 { return isal }
    var result = UInt(crc)
    var left = bytes.count
    while left > 0 {
        let n = min(left, 1 << 30)
        result = CZlib.crc32(result, p, UInt32(n))
        p += n
        left -= n
    }
    return UInt32(truncatingIfNeeded: result)
}

/// The CRC-32 of two texts one after the other, from the CRC-32 of each and the second's length
/// (zlib's `crc32_combine`): the checksum of a file read in parts.
func crc32Combine(_ first: UInt32, _ second: UInt32, length: Int64) -> UInt32 {
    UInt32(truncatingIfNeeded: CZlib.crc32_combine(UInt(first), UInt(second), Int(length)))
}
