@_spi(Internals) import AnnuaireParsing
import FuzzSupport

/// Arbitrary bytes as a zip archive: end-of-central-directory search, ZIP64 locator and record,
/// central directory entries and their extra fields, local headers, stored and deflate entries
/// checked against the directory's size and CRC-32; then the whole file through
/// `ExtractionReader.read` (container detection, entry choice, tokenizer). Any input must end in
/// success or a thrown `ExtractionError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let scratch = ScratchFile("input.zip", contents: input)
    // Both inflaters: zlib, and ISA-L when it is installed.
    let backend = InflateBackend.available[pick(Array(InflateBackend.available.indices), for: input, salt: 2)]
    do {
        let archive = try ZipArchive(file: try FileInput(path: scratch.path))
        for entry in archive.entries {
            do {
                let stream = try archive.open(entry, backend: backend)
                let total = try drain(bufferSize: pick([1, 100, 1 << 16], for: input)) { try stream.read(into: $0) }
                precondition(Int64(total) <= entry.uncompressedSize, "more bytes than the directory says")
            } catch is ExtractionError {
                // A damaged entry; the next may still be read.
            }
        }
    } catch is ExtractionError {
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    do {
        var options = ReadOptions()
        options.entryPrefixes = [""]  // every entry, whatever its name
        options.chunkSize = pick([3, 4096], for: input, salt: 1)
        options.maxTextBytes = 64 << 20
        options.inflater = backend
        _ = try ExtractionReader.read(scratch.path, options: options) { _ in }
    } catch is ExtractionError {
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}

/// The process entry SwiftPM links as `main`: libFuzzer's driver (see `runLibFuzzer`).
@_cdecl("FuzzZip_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzZip)
}
