@_spi(Internals) import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSynth

/// The gzip writer as other modules' tests use it.
@Suite struct GzipWriterTests {
    let dir = TemporaryDirectory()
    let a = Array(String(repeating: "a|b|é|\n", count: 5_000).utf8)
    let b = Array("c|d|\n".utf8)

    func inflateWithZlib(_ path: String) throws -> [UInt8] {
        let stream = GzipStream(source: try FileInput(path: path), path: path)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
            if n == 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    @Test(arguments: [0, 1, 6, 9])
    func gzipWriterStreamsMembers(level: Int) throws {
        let path = dir.path + "/stream-\(level).gz"
        let gzip = try GzipWriter(path: path, level: level)
        #expect(!FileManager.default.fileExists(atPath: path))
        try gzip.write(Array(a[0..<1000]))
        try gzip.write(Array(a[1000...]))
        try gzip.startMember()
        try gzip.write(b)
        let size = try gzip.finish()
        #expect(gzip.members == 2)
        #expect(size == Int64(contents(path).count))
        #expect(same(try inflateWithZlib(path), a + b))
    }

    @Test(needsGzip, arguments: [0, 1, 6, 9])
    func gzipWriterMembersDecompressWithTheSystemGzip(level: Int) throws {
        let path = dir.path + "/system-\(level).gz"
        let gzip = try GzipWriter(path: path, level: level)
        try gzip.write(a)
        try gzip.startMember()
        try gzip.write(b)
        try gzip.finish()
        let (output, status) = try run(gzipTool!, ["-dc", path])
        #expect(status == 0)
        #expect(same(output, a + b))
    }

    @Test func gzipWriterOfNothingIsAValidEmptyFile() throws {
        let path = dir.path + "/empty.gz"
        let gzip = try GzipWriter(path: path)
        try gzip.finish()
        #expect(try inflateWithZlib(path) == [])
        #expect(throws: SynthError.self) { try gzip.finish() }
    }

    @Test func gzipWriterDroppedUnfinishedLeavesNoFile() throws {
        let path = dir.path + "/dropped.gz"
        do {
            let gzip = try GzipWriter(path: path)
            try gzip.write(a)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }
}

extension GzipWriterTests {
    @Test func piecesDeflatedApartMakeOneMember() throws {
        let path = dir.path + "/pieces.gz"
        let gzip = try GzipWriter(path: path)
        let deflater = Deflater(level: 6)
        for part in [Array(a[0..<7]), Array(a[7..<20_000]), [], Array(a[20_000...]), b] {
            let out = ByteBuffer()
            part.withUnsafeBytes { #expect(deflater.compressPiece($0, into: out) == 0) }
            try gzip.appendPiece(out.bytes, crc: part.withUnsafeBytes { crc32(0, $0) }, length: part.count)
        }
        #expect(throws: SynthError.self) { try gzip.write(b) }  // a member is pieces or a stream, not both
        try gzip.finish()
        #expect(gzip.members == 1)
        #expect(same(try inflateWithZlib(path), a + b))
    }
}
