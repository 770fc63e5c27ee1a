@_spi(Internals) import AnnuaireParsing
import FuzzSupport

/// Arbitrary bytes as a gzip file: member headers, deflate data, CRC-32 and length trailers,
/// several members, zero padding and trailing garbage, with source reads, zlib input refills and
/// output buffers of varied sizes, with each inflater (zlib, ISA-L). Any input must end in the inflated text or a thrown
/// `ExtractionError`; the bytes handed out must never exceed the buffer offered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let source = MemoryInput(copying: input, maxReadSize: pick([1, 3, 1 << 20], for: input))
    // Both inflaters: zlib, and ISA-L when it is installed.
    let backend = InflateBackend.available[pick(Array(InflateBackend.available.indices), for: input, salt: 3)]
    do {
        let gzip = try GzipStream(
            source: source, path: "fuzz.gz", inputChunk: pick([1, 2, 17, 4096, 256 << 10], for: input, salt: 1), backend: backend)
        try drain(bufferSize: pick([1, 7, 512, 1 << 16], for: input, salt: 2)) { try gzip.read(into: $0) }
        // After the end, reading again gives nothing.
        try drain(bufferSize: 16) { n in
            let got = try gzip.read(into: n)
            precondition(got == 0, "\(got) bytes after the end of the stream")
            return got
        }
    } catch is ExtractionError {
        // Expected for most inputs.
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}

/// The process entry SwiftPM links as `main`: libFuzzer's driver (see `runLibFuzzer`).
@_cdecl("FuzzGzip_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzGzip)
}
