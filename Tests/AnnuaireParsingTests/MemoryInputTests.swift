import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing

/// `MemoryInput` and `ExtractionReader.read(stream:name:…)`, the in-memory entry the fuzz targets use.
@Suite struct MemoryInputTests {
    let name = "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt"

    @Test func aMemoryInputReadsLikeTheFileAtAnyReadSize() throws {
        let path = "\(fixtures)/\(name)"
        var expected: [String] = []
        let fromFile = try ExtractionReader.read(path) { expected.append($0.string(PersonneActiviteColumn.identifiantPP)) }[0]
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for readSize in [1, 2, 7, 4096, Int.max] {
            var options = ReadOptions()
            options.chunkSize = min(readSize, 64)
            var got: [String] = []
            let report = try ExtractionReader.read(stream: MemoryInput(bytes, maxReadSize: readSize), name: name, options: options) {
                got.append($0.string(PersonneActiviteColumn.identifiantPP))
            }
            #expect(got == expected, "read size \(readSize)")
            #expect(report.rows == fromFile.rows)
            #expect(report.textBytes == Int64(bytes.count))
            #expect(report.inputBytes == Int64(bytes.count))
            #expect(report.extractTime == fromFile.extractTime)
        }
    }

    @Test func aGzipStreamOverAMemoryInputIsReportedAsGzip() throws {
        let path = "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).two-members.txt.gz"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let gzip = GzipStream(source: MemoryInput(bytes, maxReadSize: 3), path: path, inputChunk: 5)
        let report = try ExtractionReader.read(stream: gzip, name: name) { _ in }
        #expect(report.container == .gzip)
        #expect(report.gzipMembers == 2)
        #expect(report.rows > 0)
    }

    @Test func anEmptyMemoryInputIsAnEmptyFile() {
        #expect(throws: ExtractionError.self) { _ = try ExtractionReader.read(stream: MemoryInput([]), name: name) { _ in } }
    }
}
