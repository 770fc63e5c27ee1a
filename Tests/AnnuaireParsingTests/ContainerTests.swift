import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing

@Suite struct ContainerTests {
    let dir = TemporaryDirectory()
    let text = "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt"

    @Test func gzipAndConcatenatedGzipGiveTheSameRowsAsText() throws {
        let plain = try readAll(text)
        let gz = try readAll(text + ".gz")
        #expect(gz.rows == plain.rows)
        #expect(gz.reports[0].container == .gzip)
        #expect(gz.reports[0].gzipMembers == 1)
        let two = try readAll("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).two-members.txt.gz")
        #expect(two.rows == plain.rows)
        #expect(two.reports[0].gzipMembers == 2)
        #expect(two.reports[0].extractTime == plain.reports[0].extractTime)
    }

    @Test(arguments: ["", "_stored", "_descriptors", "_stored_descriptors_zip64"])
    func zipEntriesAreChosenByNameAndReadInEveryVariant(variant: String) throws {
        let result = try readAll("\(fixtures)/PS_LibreAcces_\(fixtureStamp)\(variant).zip")
        #expect(result.reports.map(\.family) == [.diplomes, .personneActivite, .savoirFaire])  // LISEZMOI.txt skipped
        #expect(result.reports.allSatisfy { $0.container == .zip && $0.quarantined == 0 })
        #expect(result.reports[1].rows == 6)
        #expect(result.reports[1].entry == "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt")
        let plain = try readAll(text)
        var options = ReadOptions()
        options.entryPrefixes = ["PS_LibreAcces_Personne"]
        let one = try readAll("\(fixtures)/PS_LibreAcces_\(fixtureStamp)\(variant).zip", options: options)
        #expect(one.rows == plain.rows)
    }

    /// The text's CRC-32 (the identity of an input in a snapshot) is the same whatever the
    /// container, including the zip entries whose stream computes it for the directory's check.
    @Test func theTextChecksumDoesNotDependOnTheContainer() throws {
        var options = ReadOptions()
        options.checksum = true
        options.entryPrefixes = ["PS_LibreAcces_Personne"]
        let expected = try #require(FileManager.default.contents(atPath: text)).withUnsafeBytes { crc32(0, $0) }
        let zips = ["", "_stored", "_descriptors", "_stored_descriptors_zip64"].map { "\(fixtures)/PS_LibreAcces_\(fixtureStamp)\($0).zip" }
        for name in [text, text + ".gz", "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).two-members.txt.gz"] + zips {
            #expect(try readAll(name, options: options).reports.map(\.textCRC32) == [expected], "\(name)")
        }
    }

    @Test func standardInputIsReadForEveryContainer() throws {
        for name in [text, text + ".gz", "\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip"] {
            let saved = dup(0)
            let fd = open(name, O_RDONLY)
            dup2(fd, 0)
            close(fd)
            defer {
                dup2(saved, 0)
                close(saved)
            }
            let reports = try ExtractionReader.read("-") { _ in }
            #expect(reports.contains { $0.family == .personneActivite && $0.rows == 6 })
            #expect(reports[0].path == "<stdin>")
        }
    }

    @Test func aZipPipedOnStandardInputIsCopiedThenRead() throws {
        // A pipe cannot seek, and a zip is read from its end: the reader copies it to a temporary
        // file first.
        let zip = try [UInt8](contentsOf: "\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip")
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let writeEnd = ends[1]
        let writer = Thread {
            zip.withUnsafeBytes { bytes in
                var done = 0
                while done < bytes.count {
                    let n = write(writeEnd, bytes.baseAddress! + done, bytes.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        let saved = dup(0)
        dup2(ends[0], 0)
        close(ends[0])
        defer {
            dup2(saved, 0)
            close(saved)
        }
        let reports = try ExtractionReader.read("-") { _ in }
        #expect(reports.contains { $0.family == .personneActivite && $0.rows == 6 })
        #expect(reports.count == 3)
    }

    @Test func truncatedGzipIsAnErrorNamingTheFileAndOffset() throws {
        let gz = try [UInt8](contentsOf: text + ".gz")
        let cut = dir.write("cut.txt.gz", gz.prefix(gz.count / 2))
        let error = extractionError { _ = try scanOne(cut) }
        #expect(error == .truncatedGzip(path: cut, member: 1, compressedOffset: Int64(gz.count / 2)))
        #expect(String(describing: error!).contains("fetch it again"))
        // Cut inside the 8-byte trailer.
        let trailer = dir.write("trailer.txt.gz", gz.dropLast(3))
        #expect(
            extractionError { _ = try scanOne(trailer) } == .truncatedGzip(path: trailer, member: 1, compressedOffset: Int64(gz.count - 3)))
    }

    @Test func gzipWithABadCRCOrLengthIsRefused() throws {
        var gz = try [UInt8](contentsOf: text + ".gz")
        gz[gz.count - 8] ^= 0xFF  // first byte of the CRC-32
        let bad = dir.write("crc.txt.gz", gz)
        guard case .corruptGzip(let path, 1, _, let reason) = extractionError({ _ = try scanOne(bad) }) else {
            Issue.record("expected a corrupt gzip error")
            return
        }
        #expect(path == bad)
        #expect(reason == "incorrect data check")
        gz[gz.count - 8] ^= 0xFF
        gz[gz.count - 1] ^= 0x01  // the length
        let length = dir.write("len.txt.gz", gz)
        guard case .corruptGzip(_, _, _, let reason2) = extractionError({ _ = try scanOne(length) }) else {
            Issue.record("expected a corrupt gzip error")
            return
        }
        #expect(reason2 == "incorrect length check")
    }

    @Test func garbageAfterTheLastGzipMemberIsAnErrorButZeroPaddingIsNot() throws {
        let gz = try [UInt8](contentsOf: text + ".gz")
        #expect(try scanOne(dir.write("pad.gz", gz + [0, 0, 0, 0])).rows == 6)
        let garbage = dir.write("garbage.gz", gz + Array("hello".utf8))
        #expect(extractionError { _ = try scanOne(garbage) } == .gzipTrailingGarbage(path: garbage, compressedOffset: Int64(gz.count)))
    }

    @Test func corruptZipEntriesAreRefusedWithTheEntryName() throws {
        let zip = try [UInt8](contentsOf: "\(fixtures)/PS_LibreAcces_\(fixtureStamp)_stored.zip")
        // Flip a byte inside the first stored entry's data: the CRC check catches it.
        var flipped = zip
        flipped[200] ^= 0x20
        let path = dir.write("flipped.zip", flipped)
        guard case .zipEntryCorrupt(_, let entry, _, let reason) = extractionError({ _ = try readAll(path) }) else {
            Issue.record("expected a corrupt entry")
            return
        }
        #expect(entry == "PS_LibreAcces_Dipl_AutExerc_\(fixtureStamp).txt")
        #expect(reason.hasPrefix("CRC-32 mismatch"))

        let truncated = dir.write("truncated.zip", zip.prefix(zip.count - 30))
        guard case .notAZip = extractionError({ _ = try readAll(truncated) }) else {
            Issue.record("expected notAZip")
            return
        }
    }

    @Test func unsupportedMethodsAndMissingEntriesAreExplained() throws {
        let bzip = "\(fixtures)/bzip2-entry.zip"
        let error = extractionError { _ = try readAll(bzip) }
        #expect(error == .zipUnsupportedMethod(path: bzip, entry: "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", method: 12))
        #expect(String(describing: error!).contains("bzip2"))

        var options = ReadOptions()
        options.entryPrefixes = ["Porteurs"]
        let zip = "\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip"
        guard case .zipNoEntry(_, ["Porteurs"], let entries) = extractionError({ _ = try readAll(zip, options: options) }) else {
            Issue.record("expected zipNoEntry")
            return
        }
        #expect(entries.count == 4)
    }

    @Test func pathTraversalNamesAreOnlyShownNeverUsed() throws {
        let result = try readAll("\(fixtures)/traversal.zip")
        #expect(result.reports[0].entry == "../../etc/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt")
        #expect(result.rows.count == 6)
        #expect(!FileManager.default.fileExists(atPath: "/etc/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt"))
    }

    @Test func otherCompressionFormatsAreNamed() throws {
        let xz = dir.write("f.txt.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 0])
        #expect(extractionError { _ = try scanOne(xz) } == .unsupportedCompression(path: xz, format: "xz"))
        let missing = dir.path + "/nope.txt"
        #expect(extractionError { _ = try scanOne(missing) } == .cannotOpen(path: missing, errno: ENOENT))
        #expect(extractionError { _ = try scanOne(dir.path) } == .cannotOpen(path: dir.path, errno: EISDIR))
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096, 1 << 20])
    func wholePipelineIsChunkSizeInvariant(chunk: Int) throws {
        for path in [text, text + ".gz", "\(fixtures)/PS_LibreAcces_\(fixtureStamp)_descriptors.zip"] {
            try expectSameRows(path, chunk: chunk)
        }
    }

    @Test(needsSharedSamples, arguments: [1, 2, 3, 7, 64, 4096, 1 << 20])
    func wholePipelineIsChunkSizeInvariantOnTheRealSample(chunk: Int) throws {
        try expectSameRows(realSample, chunk: chunk)
    }

    /// The rows themselves (every known column's text), read in chunks of `chunk` bytes and in
    /// one, are the same, in the same order.
    private func expectSameRows(_ path: String, chunk: Int) throws {
        var options = ReadOptions()
        options.chunkSize = chunk
        let small = try readAll(path, options: options)
        let whole = try readAll(path)
        #expect(!whole.rows.isEmpty, "\(path): no row read")
        #expect(small.rows == whole.rows, "\(path), chunks of \(chunk) bytes")
        #expect(small.reports.map(\.rows) == whole.reports.map(\.rows))
    }
}
