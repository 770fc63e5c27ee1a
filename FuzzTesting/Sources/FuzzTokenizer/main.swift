@_spi(Internals) import AnnuaireParsing
import FuzzSupport

/// Arbitrary bytes as the text of an extraction file: header binding, lines across chunk
/// boundaries, field splitting, encodings (the UTF-8 validator checked against the standard
/// library's), quarantine, identifier checks, then every field of every record read back. Any
/// input must end in a report or a thrown `ExtractionError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    // The UTF-8 validator (AVX2 where the CPU has it) agrees with the standard library's.
    precondition(
        isValidUTF8(input) == (String(validating: input.bindMemory(to: UInt8.self), as: UTF8.self) != nil),
        "isValidUTF8 disagrees with the standard library")
    var options = ReadOptions()
    // Tiny chunks cost a hand-over between the reading and the tokenizing threads per chunk:
    // kept for short inputs, where they still move every boundary, so runs stay fast.
    options.chunkSize = size < 512 ? pick([1, 2, 3, 7, 64, 4096], for: input) : pick([7, 64, 65, 4096, 1 << 16], for: input)
    options.maxLineLength = pick([1 << 20, 1 << 20, 300, 64], for: input, salt: 1)
    options.quarantineExamples = pick([0, 1, 20], for: input, salt: 2)
    options.checksum = true
    let stream = MemoryInput(copying: input, maxReadSize: pick([size < 512 ? 1 : 4096, size < 512 ? 5 : 65, 1 << 20], for: input, salt: 3))
    // The name carries an extract time; the family still comes from the header.
    let name = "PS_LibreAcces_Personne_activite_202611220315.txt"
    var quarantined = 0
    do {
        let report = try ExtractionReader.read(
            stream: stream, name: name, options: options,
            quarantine: { _, line, bytes in
                precondition(bytes.count <= options.maxLineLength, "a quarantined line holds more than the limit")
                precondition(line.lineNumber >= 2)
                quarantined += 1
            }
        ) { record in
            for i in 0..<record.fieldCount { _ = record.field(at: i) }
            for column in 0..<record.family.columns.count { _ = record.string(known: column) }
            if let key = record.key { _ = key.nationalID }
        }
        precondition(report.quarantined == quarantined, "quarantine count \(report.quarantined), sink saw \(quarantined)")
        precondition(report.textBytes == Int64(size), "text bytes \(report.textBytes) of \(size)")
    } catch is ExtractionError {
        // Expected for most inputs.
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}

/// The process entry SwiftPM links as `main`: libFuzzer's driver (see `runLibFuzzer`).
@_cdecl("FuzzTokenizer_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzTokenizer)
}
