@_spi(Internals) import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSynth

/// The zip writer as other modules' tests use it.
@Suite struct ZipWriterTests {
    let dir = TemporaryDirectory()
    let a = Array(String(repeating: "a|b|é|\n", count: 5_000).utf8)
    let b = Array("c|d|\n".utf8)

    /// A zip of four entries (one written in pieces, one empty, one in a folder with accents).
    func write(_ method: ZipWriter.Method, descriptor: Bool) throws -> String {
        let path = dir.path + "/w-\(method)-\(descriptor).zip"
        let writer = try ZipWriter(path: path, modified: SynthOptions.defaultExtractTime)
        try writer.beginEntry(name: "PS_LibreAcces_SavoirFaire_202601150851.txt", method: method, dataDescriptor: descriptor)
        try writer.write(Array(a[0..<7]))
        try writer.write(Array(a[7...]))
        try writer.endEntry()
        try writer.addEntry(name: "LISEZMOI.txt", method: method, dataDescriptor: descriptor, level: 1, data: b)
        try writer.addEntry(name: "vide.txt", method: method, dataDescriptor: descriptor, data: [])
        try writer.addEntry(name: "données/été.txt", method: method, dataDescriptor: descriptor, data: b)
        let size = try writer.finish()
        #expect(size == Int64(contents(path).count))
        return path
    }

    @Test(arguments: [(ZipWriter.Method.deflate, false), (.deflate, true), (.stored, false), (.stored, true)])
    func zipWriterEntriesReadBack(method: ZipWriter.Method, descriptor: Bool) throws {
        let path = try write(method, descriptor: descriptor)
        let archive = try ZipArchive(file: FileInput(path: path))
        #expect(
            archive.entries.map(\.name) == ["PS_LibreAcces_SavoirFaire_202601150851.txt", "LISEZMOI.txt", "vide.txt", "données/été.txt"])
        for (entry, data) in zip(archive.entries, [a, b, [], b]) {
            #expect(entry.uncompressedSize == Int64(data.count))
            #expect((entry.flags & 0x08 != 0) == descriptor)
            let stream = try archive.open(entry)
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
                if n == 0 { break }
                out += chunk[0..<n]
            }
            #expect(same(out, data), "\(entry.name)")
        }
    }

    @Test(needsUnzip, arguments: [(ZipWriter.Method.deflate, false), (.deflate, true), (.stored, false), (.stored, true)])
    func zipWriterArchivesPassUnzip(method: ZipWriter.Method, descriptor: Bool) throws {
        let path = try write(method, descriptor: descriptor)
        #expect(try run(unzipTool!, ["-tq", path]).status == 0)
        #expect(try run(unzipTool!, ["-p", path, "LISEZMOI.txt"]).output == b)
        let listing = String(decoding: try run(unzipTool!, ["-l", path]).output, as: UTF8.self)
        #expect(listing.contains("2026-01-15 08:51") || listing.contains("01-15-2026 08:51"))
    }

    @Test(needsPython3, arguments: [(ZipWriter.Method.deflate, false), (.deflate, true), (.stored, false), (.stored, true)])
    func zipWriterArchivesPassPythonsZipfile(method: ZipWriter.Method, descriptor: Bool) throws {
        let path = try write(method, descriptor: descriptor)
        let check = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read('vide.txt') == b'')"
        #expect(String(decoding: try run(python3Tool!, ["-c", check, path]).output, as: UTF8.self) == "True\n")
    }

    @Test func zipWriterRefusesCallsOutOfOrder() throws {
        let zip = try ZipWriter(path: dir.path + "/misuse.zip")
        #expect(throws: SynthError.self) { try zip.write(b) }
        #expect(throws: SynthError.self) { try zip.endEntry() }
        try zip.beginEntry(name: "x.txt")
        #expect(throws: SynthError.self) { try zip.beginEntry(name: "y.txt") }
        try zip.write(b)
        try zip.finish()
        #expect(throws: SynthError.self) { try zip.beginEntry(name: "z.txt") }
    }
}
