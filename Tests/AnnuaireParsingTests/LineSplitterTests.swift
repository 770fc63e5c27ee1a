import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing

/// Splits `input` fed in chunks of `chunk` bytes; returns each line's text, number, offset and
/// over-long length.
private func split(_ input: [UInt8], chunk: Int, maxLineLength: Int = 1 << 20) -> [String] {
    var splitter = LineSplitter(maxLineLength: maxLineLength)
    var out: [String] = []
    let body = { (line: Line) in
        out.append(
            "\(line.number)@\(line.offset):\(String(decoding: line.bytes, as: UTF8.self))\(line.overLongLength.map { "…\($0)" } ?? "")")
    }
    input.withUnsafeBytes { all in
        var start = 0
        while start < all.count {
            let end = min(start + chunk, all.count)
            splitter.push(UnsafeRawBufferPointer(rebasing: all[start..<end]), body)
            start = end
        }
    }
    splitter.finish(body)
    return out
}

@Suite struct LineSplitterTests {
    let text = Array("a|b|\r\nsecond line|\n\nthird without newline".utf8)

    @Test func splitsLinesStrippingCRAndKeepingTheLastUnterminatedOne() {
        #expect(split(text, chunk: 1 << 20) == ["1@0:a|b|", "2@6:second line|", "3@19:", "4@20:third without newline"])
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64, 4096, 1 << 20])
    func chunkBoundariesDoNotChangeTheLines(chunk: Int) throws {
        #expect(split(text, chunk: chunk) == split(text, chunk: 1 << 20))
    }

    @Test(needsSharedSamples, arguments: [1, 2, 3, 5, 7, 64, 4096, 1 << 20])
    func chunkBoundariesDoNotChangeTheRealSampleLines(chunk: Int) throws {
        let sample = try [UInt8](contentsOf: realSample)
        #expect(split(sample, chunk: chunk) == split(sample, chunk: sample.count))
    }

    @Test(arguments: [1, 3, 8, 1000])
    func overLongLinesAreCutAtTheLimitWhateverTheChunks(chunk: Int) {
        let input = Array("short\n0123456789abcdef\nok\n0123456789".utf8)
        #expect(split(input, chunk: chunk, maxLineLength: 10) == ["1@0:short", "2@6:0123456789…16", "3@23:ok", "4@26:0123456789"])
    }

    @Test func aFinalNewlineAddsNoEmptyLine() {
        #expect(split(Array("x\ny\n".utf8), chunk: 1) == ["1@0:x", "2@2:y"])
        #expect(split([], chunk: 1).isEmpty)
    }
}

extension Array where Element == UInt8 {
    init(contentsOf path: String) throws {
        guard let data = FileManagerShim.contents(atPath: path) else { throw CocoaShimError.missing(path) }
        self = data
    }
}
