import AnnuaireSynth
import CIsal
import CZlib
import Foundation
import TestSupport
import Testing

@_spi(Internals) @testable import AnnuaireParsing

/// One input of a file (a gzip file, or one zip entry) as the reader decompresses it.
struct InflatedInput: Equatable {
    var name: String
    var bytes: [UInt8]
}

/// Every input of `path` decompressed by `backend` through the reader's own path (container
/// detection, entry choice, the two-thread pipeline), `chunkSize` bytes of text at a time.
func inflatedInputs(_ path: String, backend: InflateBackend, chunkSize: Int = 1 << 20) -> Result<[InflatedInput], ExtractionError> {
    var options = ReadOptions()
    options.inflater = backend
    options.chunkSize = chunkSize
    var inputs: [InflatedInput] = []
    do {
        try ExtractionReader.decompress(path, options: options) { name, chunk in
            if inputs.last?.name != name { inputs.append(InflatedInput(name: name, bytes: [])) }
            inputs[inputs.count - 1].bytes += chunk
        }
        return .success(inputs)
    } catch let error as ExtractionError {
        return .failure(error)
    } catch {
        Issue.record("unexpected error \(error)")
        return .success([])
    }
}

/// Reads `stream` to its end, at most `chunk` bytes per `read`.
func drain(_ stream: ByteStream, chunk: Int) -> Result<[UInt8], ExtractionError> {
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    do {
        while true {
            let n = try stream.read(into: buffer)
            if n == 0 { return .success(out) }
            out += UnsafeRawBufferPointer(rebasing: buffer[0..<n])
        }
    } catch let error as ExtractionError {
        return .failure(error)
    } catch {
        Issue.record("unexpected error \(error)")
        return .success([])
    }
}

/// A gzip file inflated by `backend`, taking `inputChunk` compressed bytes from the file and
/// handing out `outputChunk` bytes at a time.
func gunzip(_ path: String, backend: InflateBackend, inputChunk: Int = 256 << 10, outputChunk: Int = 1 << 16) -> Result<
    [UInt8], ExtractionError
> {
    do {
        let stream = try GzipStream(source: try FileInput(path: path), path: path, inputChunk: inputChunk, backend: backend)
        #expect(stream.backend == backend)
        return drain(stream, chunk: outputChunk)
    } catch {
        return .failure(error)
    }
}

/// Every entry of a zip archive inflated by `backend`, `outputChunk` bytes at a time.
func unzip(_ path: String, backend: InflateBackend, outputChunk: Int = 1 << 16) -> Result<[InflatedInput], ExtractionError> {
    do {
        let archive = try ZipArchive(file: try FileInput(path: path))
        var inputs: [InflatedInput] = []
        for entry in archive.entries where !entry.isDirectory {
            let stream = try archive.open(entry, backend: backend)
            inputs.append(InflatedInput(name: entry.name, bytes: try drain(stream, chunk: outputChunk).get()))
        }
        return .success(inputs)
    } catch let error as ExtractionError {
        return .failure(error)
    } catch {
        Issue.record("unexpected error \(error)")
        return .success([])
    }
}

/// The deflate body and trailer of the single member `GzipWriter` makes of `text` (its 10-byte
/// header, which carries no name, dropped).
func deflatedMemberBody(_ text: [UInt8], level: Int, in dir: TemporaryDirectory) throws -> [UInt8] {
    let path = dir.path + "/body-\(UUID().uuidString).gz"
    let writer = try GzipWriter(path: path, level: level)
    try writer.write(text)
    try writer.finish()
    let member = try [UInt8](contentsOf: path)
    try #require(member.count > 18 && member[3] == 0)
    return Array(member[10...])
}

/// A gzip header with the optional fields `gzip` rarely writes (RFC 1952 §2.3.1): extra field,
/// name, comment, and the header's own CRC-16.
func gzipHeader(extra: [UInt8]?, name: String?, comment: String?, headerCRC: Bool) -> [UInt8] {
    var flags: UInt8 = 0
    if headerCRC { flags |= 0x02 }
    if extra != nil { flags |= 0x04 }
    if name != nil { flags |= 0x08 }
    if comment != nil { flags |= 0x10 }
    var header: [UInt8] = [0x1F, 0x8B, 8, flags, 0x78, 0x56, 0x34, 0x12, 0, 3]
    if let extra { header += [UInt8(extra.count & 0xFF), UInt8(extra.count >> 8)] + extra }
    if let name { header += Array(name.utf8) + [0] }
    if let comment { header += Array(comment.utf8) + [0] }
    if headerCRC {
        let crc = header.withUnsafeBytes { crc32(0, $0) }
        header += [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF)]
    }
    return header
}

/// The two inflaters must give the same bytes and the same errors. Everything here compares ISA-L
/// with zlib, so it needs ISA-L.
@Suite(.enabled(if: InflateBackend.isalAvailable, "ISA-L (Debian libisal-dev) is not installed: nothing to compare zlib with"))
struct InflateBackendTests {
    let dir = TemporaryDirectory()
    /// ~50 KB of personne-activite text and ~14 KB of diplomas.
    static let personneActivite = Synthesizer.text(family: .personneActivite, scale: 0.00005)
    static let diplomes = Synthesizer.text(family: .diplomes, scale: 0.00005)
    /// The 2.7 KB personne-activite fixture: small enough to cut or damage at every byte.
    static let fixtureText = (try? [UInt8](contentsOf: "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt")) ?? []

    static var compressedFixtures: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []
        return names.filter { $0.hasSuffix(".gz") || $0.hasSuffix(".zip") }.sorted()
    }

    @Test func crc32ByISALIsZlibs() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            func zlib(_ crc: UInt32, _ part: UnsafeRawBufferPointer) -> UInt32 {
                UInt32(
                    truncatingIfNeeded: CZlib.crc32(UInt(crc), part.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(part.count)))
            }
            var isal: UInt32 = 0
            #expect(cisal_crc32(&isal, all.baseAddress!.assumingMemoryBound(to: UInt8.self), 9) == 1, "ISA-L's kernel was not used")
            // Every short length, and lengths around the kernel's 16-, 64- and 256-byte blocks.
            for count in Array(0...300) + [1023, 1024, 1025, 4095, 4096, 65_537, 70_000] {
                let part = UnsafeRawBufferPointer(rebasing: all[0..<count])
                #expect(crc32(0, part) == zlib(0, part), "length \(count)")
            }
            // Continued from a previous value, split anywhere.
            for split in [0, 1, 7, 15, 16, 17, 63, 64, 255, 4_097, 69_999] {
                let crc = crc32(crc32(0, UnsafeRawBufferPointer(rebasing: all[0..<split])), UnsafeRawBufferPointer(rebasing: all[split...]))
                #expect(crc == zlib(0, all), "split at \(split)")
            }
        }
        // The standard check value.
        #expect(Array("123456789".utf8).withUnsafeBytes { crc32(0, $0) } == 0xCBF4_3926)
    }

    @Test func automaticIsISALWhenItIsAvailable() throws {
        #expect(try InflateBackend.automatic.resolved() == .isal)
        #expect(try InflateBackend.isal.resolved() == .isal)
        #expect(try InflateBackend.zlib.resolved() == .zlib)
        #expect(InflateBackend.available == [.zlib, .isal])
        #expect(InflateBackend.isalUnavailableReason == nil)
    }

    @Test(arguments: compressedFixtures)
    func everyFixtureInflatesToTheSameBytes(name: String) throws {
        let path = fixtures + "/" + name
        let zlib = inflatedInputs(path, backend: .zlib)
        let isal = inflatedInputs(path, backend: .isal)
        #expect(zlib == isal)
        if name.hasSuffix(".zip") {
            #expect(unzip(path, backend: .zlib, outputChunk: 1) == unzip(path, backend: .isal, outputChunk: 1))
        }
        // The fixtures that hold the personne-activite text give exactly it.
        let text = try [UInt8](contentsOf: "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt")
        if name.hasPrefix("PS_LibreAcces_Personne_activite") {
            #expect(try isal.get().map(\.bytes) == [text])
        }
    }

    @Test func reportsNameTheInflater() throws {
        var options = ReadOptions()
        for backend in [InflateBackend.zlib, .isal] {
            options.inflater = backend
            let gz = try ExtractionReader.read("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz", options: options) {
                _ in
            }
            #expect(gz.map(\.inflater) == [backend])
            let zip = try ExtractionReader.read("\(fixtures)/PS_LibreAcces_\(fixtureStamp)_stored.zip", options: options) { _ in }
            #expect(zip.allSatisfy { $0.inflater == nil })  // stored entries are not inflated
            let text = try ExtractionReader.read("\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", options: options) { _ in
            }
            #expect(text.map(\.inflater) == [nil])
        }
        options.inflater = .automatic
        let auto = try ExtractionReader.read("\(fixtures)/PS_LibreAcces_\(fixtureStamp).zip", options: options) { _ in }
        #expect(auto.allSatisfy { $0.inflater == .isal })
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096, 65_537, 1 << 20])
    func synthesizedGzipIsChunkSizeInvariant(chunk: Int) throws {
        // Byte-at-a-time reads take a slice; larger chunks the whole text.
        let one = chunk < 64 ? Array(Self.personneActivite.prefix(12_000)) : Self.personneActivite
        let two = chunk < 64 ? Array(Self.diplomes.prefix(3_000)) : Self.diplomes
        // Stored blocks (level 0), fast and best compression, three members, one of them empty.
        for level in [0, 1, 9] {
            let path = dir.path + "/synth-\(level).txt.gz"
            let writer = try GzipWriter(path: path, level: level)
            try writer.write(one)
            try writer.startMember()
            try writer.startMember()
            try writer.write(two)
            try writer.finish()
            let expected = one + two
            for backend in [InflateBackend.zlib, .isal] {
                let out = try gunzip(path, backend: backend, inputChunk: chunk, outputChunk: chunk).get()
                #expect(out == expected, "level \(level), \(backend), chunk \(chunk)")
            }
        }
    }

    @Test(arguments: [1, 3, 64, 4096, 1 << 20])
    func synthesizedZipIsChunkSizeInvariant(chunk: Int) throws {
        let path = dir.path + "/synth.zip"
        let writer = try ZipWriter(path: path)
        try writer.addEntry(name: "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", level: 9, data: Self.personneActivite)
        try writer.addEntry(name: "PS_LibreAcces_Dipl_AutExerc_\(fixtureStamp).txt", dataDescriptor: true, level: 1, data: Self.diplomes)
        try writer.addEntry(name: "stored.txt", method: .stored, data: Self.diplomes)
        try writer.addEntry(name: "levelzero.txt", level: 0, data: Self.diplomes)
        try writer.addEntry(name: "empty.txt", data: [])
        try writer.finish()
        let expected = [Self.personneActivite, Self.diplomes, Self.diplomes, Self.diplomes, []]
        for backend in [InflateBackend.zlib, .isal] {
            #expect(try unzip(path, backend: backend, outputChunk: chunk).get().map(\.bytes) == expected, "\(backend), chunk \(chunk)")
        }
        #expect(inflatedInputs(path, backend: .zlib, chunkSize: chunk) == inflatedInputs(path, backend: .isal, chunkSize: chunk))
    }

    @Test(arguments: [SynthOptions.Format.gz, .zip])
    func synthesizedNightlySetsInflateToTheSameText(format: SynthOptions.Format) throws {
        var options = SynthOptions()
        options.scale = 0.002
        options.format = format
        options.gzipMembers = 3
        options.directory = dir.path + "/set-\(format.rawValue)"
        for file in try Synthesizer.write(options) {
            let zlib = try inflatedInputs(file.path, backend: .zlib).get()
            let isal = try inflatedInputs(file.path, backend: .isal).get()
            #expect(zlib == isal, "\(file.name)")
            #expect(isal.map { Int64($0.bytes.count) } == file.entries.map(\.textBytes), "\(file.name)")
        }
    }

    @Test(arguments: [1, 5, 4096])
    func optionalHeaderFieldsAreReadInEveryMember(inputChunk: Int) throws {
        let one = try deflatedMemberBody(Self.diplomes, level: 6, in: dir)
        let two = try deflatedMemberBody(Array(Self.personneActivite.prefix(20_000)), level: 1, in: dir)
        let file =
            gzipHeader(
                extra: Array(repeating: 0xAB, count: 300), name: "PS_LibreAcces_Dipl_AutExerc.txt", comment: "é commentaire",
                headerCRC: true) + one
            + gzipHeader(extra: [], name: "", comment: nil, headerCRC: false) + two
            + gzipHeader(extra: nil, name: nil, comment: "only a comment", headerCRC: true) + one
        let path = dir.write("fields.gz", file)
        let expected = Self.diplomes + Array(Self.personneActivite.prefix(20_000)) + Self.diplomes
        #expect(try gunzip(path, backend: .zlib, inputChunk: inputChunk).get() == expected)
        #expect(try gunzip(path, backend: .isal, inputChunk: inputChunk).get() == expected)

        // A wrong header CRC, reserved flags, a method other than deflate: refused alike.
        var badCRC = file
        badCRC[10 + 2 + 300 + 3] ^= 0x01  // a letter of the first name
        var reserved = file
        reserved[3] |= 0x80
        var method = file
        method[2] = 7
        for (name, bytes) in [("hcrc", badCRC), ("reserved", reserved), ("method", method)] {
            let bad = dir.write("\(name).gz", bytes)
            let zlib = gunzip(bad, backend: .zlib, inputChunk: inputChunk)
            let isal = gunzip(bad, backend: .isal, inputChunk: inputChunk)
            #expect(sameButOffset(zlib, isal), "\(name): zlib \(zlib), ISA-L \(isal)")
            guard case .failure(.corruptGzip(_, 1, _, _)) = zlib else {
                Issue.record("\(name): expected member 1 to be corrupt, got \(zlib)")
                continue
            }
        }
    }

    @Test(arguments: [64, 4096])
    func truncationAnywhereIsTheSameError(inputChunk: Int) throws {
        let (whole, firstEnd) = try twoMemberFile()
        for cut in stride(from: 0, to: whole.count, by: inputChunk < 100 ? 1 : 3) {
            let path = dir.write("cut.gz", whole.prefix(cut))
            let zlib = gunzip(path, backend: .zlib, inputChunk: inputChunk)
            let isal = gunzip(path, backend: .isal, inputChunk: inputChunk)
            #expect(zlib == isal, "cut at \(cut)")
            if case .success = zlib, cut != firstEnd {
                // Only a cut at the end of the first member is a valid (shorter) file.
                Issue.record("cut at \(cut) read as a valid file")
            }
        }
    }

    @Test func badCRCOrLengthOfEitherMemberIsTheSameError() throws {
        let (whole, firstEnd) = try twoMemberFile()
        for trailerEnd in [firstEnd, whole.count] {
            for byte in (trailerEnd - 8)..<trailerEnd {
                var bad = whole
                bad[byte] ^= 0x10
                let path = dir.write("trailer.gz", bad)
                let zlib = gunzip(path, backend: .zlib)
                #expect(zlib == gunzip(path, backend: .isal), "byte \(byte)")
                let member = trailerEnd == firstEnd ? 1 : 2
                let isCRC = byte < trailerEnd - 4
                let expected = ExtractionError.corruptGzip(
                    path: path, member: member, compressedOffset: Int64(isCRC ? trailerEnd - 4 : trailerEnd),
                    reason: isCRC ? "incorrect data check" : "incorrect length check")
                #expect(zlib == .failure(expected), "byte \(byte)")
            }
        }
    }

    @Test func whatFollowsTheLastMemberIsJudgedAlike() throws {
        let (whole, _) = try twoMemberFile()
        let tails: [[UInt8]] = [
            [0, 0, 0, 0], Array("hello".utf8), [0, 0, 7], [0x1F], [0x1F, 0x8B], [0x1F, 0x8C], [0x1F, 0x8B, 8, 0, 0],
        ]
        for tail in tails {
            let path = dir.write("tail.gz", whole + tail)
            for chunk in [1, 4096] {
                let zlib = gunzip(path, backend: .zlib, inputChunk: chunk)
                #expect(zlib == gunzip(path, backend: .isal, inputChunk: chunk), "tail \(tail), chunk \(chunk)")
            }
        }
        let garbage = dir.write("garbage.gz", whole + Array("hello".utf8))
        #expect(gunzip(garbage, backend: .isal) == .failure(.gzipTrailingGarbage(path: garbage, compressedOffset: Int64(whole.count))))
        let partial = dir.write("partial.gz", whole + [0x1F, 0x8B])
        #expect(
            gunzip(partial, backend: .isal) == .failure(.truncatedGzip(path: partial, member: 3, compressedOffset: Int64(whole.count + 2))))
    }

    @Test func damageAnywhereIsTheSameKindOfError() throws {
        let (whole, _) = try twoMemberFile()
        var failures = 0
        // Every byte of both members, flipped.
        for byte in 0..<whole.count {
            var bad = whole
            bad[byte] ^= 0x5A
            let path = dir.write("flip.gz", bad)
            let zlib = gunzip(path, backend: .zlib)
            let isal = gunzip(path, backend: .isal)
            switch (zlib, isal) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "byte \(byte)")  // a flip in the second header's MTIME, say
            case (.failure(let a), .failure(let b)):
                // The reasons may differ ("invalid block type" / "invalid block"); not the kind.
                #expect(kind(a) == kind(b), "byte \(byte): zlib \(a), ISA-L \(b)")
                failures += 1
            default:
                Issue.record("byte \(byte): zlib \(zlib), ISA-L \(isal)")
            }
        }
        #expect(failures > whole.count / 2)
    }

    @Test func corruptZipEntriesAreTheSameError() throws {
        let path = dir.path + "/entries.zip"
        let writer = try ZipWriter(path: path)
        try writer.addEntry(name: "PS_LibreAcces_Personne_activite_\(fixtureStamp).txt", data: Self.personneActivite)
        try writer.finish()
        let zip = try [UInt8](contentsOf: path)
        let archive = try ZipArchive(file: try FileInput(path: path))
        let entry = archive.entries[0]
        let nameLength = entry.name.utf8.count
        let dataStart = Int(entry.localHeaderOffset) + 30 + nameLength
        let centralDirectory = Int(entry.localHeaderOffset + 30) + nameLength + Int(entry.compressedSize)

        // The central directory's CRC-32 is wrong: same message, which quotes the data's CRC.
        var crc = zip
        crc[centralDirectory + 16] ^= 0xFF
        let crcPath = dir.write("crc.zip", crc)
        let crcError = unzip(crcPath, backend: .zlib)
        #expect(crcError == unzip(crcPath, backend: .isal))
        guard case .failure(.zipEntryCorrupt(_, _, _, let reason)) = crcError else {
            Issue.record("expected a CRC mismatch, got \(crcError)")
            return
        }
        #expect(reason.hasPrefix("CRC-32 mismatch"))

        // The directory says the entry is 40 bytes shorter: the deflate stream is cut.
        var short = zip
        let size = UInt32(entry.compressedSize) - 40
        for i in 0..<4 { short[centralDirectory + 20 + i] = UInt8((size >> (8 * i)) & 0xFF) }
        let shortPath = dir.write("short.zip", short)
        let shortError = unzip(shortPath, backend: .zlib)
        #expect(shortError == unzip(shortPath, backend: .isal))
        #expect(
            shortError
                == .failure(
                    .zipEntryCorrupt(
                        path: shortPath, entry: entry.name, compressedOffset: Int64(dataStart) + Int64(size),
                        reason: "the compressed data ends before the end of the deflate stream")))

        // Flipped deflate data: refused by both, for the same entry.
        for byte in stride(from: dataStart + 5, to: dataStart + Int(entry.compressedSize), by: 997) {
            var flipped = zip
            flipped[byte] ^= 0x5A
            let flippedPath = dir.write("flipped.zip", flipped)
            for backend in [InflateBackend.zlib, .isal] {
                guard case .failure(.zipEntryCorrupt(_, entry.name, _, _)) = unzip(flippedPath, backend: backend) else {
                    Issue.record("byte \(byte), \(backend): expected a corrupt entry")
                    continue
                }
            }
        }
    }

    /// Two gzip members of the fixture's text (~1 KB each), and where the first ends.
    private func twoMemberFile() throws -> (bytes: [UInt8], firstEnd: Int) {
        let body = try deflatedMemberBody(Self.fixtureText, level: 6, in: dir)
        let first = gzipHeader(extra: nil, name: nil, comment: nil, headerCRC: false) + body
        let second = gzipHeader(extra: [1, 2, 3], name: nil, comment: nil, headerCRC: false) + body
        return (first + second, first.count)
    }

    /// The case of an error, without its values.
    private func kind(_ error: ExtractionError) -> String { Mirror(reflecting: error).children.first?.label ?? "\(error)" }

    /// The same error but for the compressed offset, which for a bad gzip header is where each
    /// library noticed (zlib after the 4th byte, ISA-L after the 10-byte base header).
    private func sameButOffset(_ a: Result<[UInt8], ExtractionError>, _ b: Result<[UInt8], ExtractionError>) -> Bool {
        switch (a, b) {
        case let (.failure(.corruptGzip(p1, m1, _, r1)), .failure(.corruptGzip(p2, m2, _, r2))): p1 == p2 && m1 == m2 && r1 == r2
        default: a == b
        }
    }
}

/// A machine without ISA-L (or a build without its header, or `ANNUAIRE_NO_ISAL=1`): zlib does
/// everything, and asking for ISA-L says what to install.
@Suite(.enabled(if: !InflateBackend.isalAvailable, "ISA-L is installed: the zlib-only behaviour is for machines without it"))
struct WithoutISALTests {
    @Test func automaticFallsBackToZlibAndISALIsAnErrorSayingWhatToInstall() throws {
        #expect(try InflateBackend.automatic.resolved() == .zlib)
        #expect(InflateBackend.available == [.zlib])
        let reason = try #require(InflateBackend.isalUnavailableReason)
        #expect(throws: ExtractionError.inflaterUnavailable(reason: reason)) { try InflateBackend.isal.resolved() }
        #expect(String(describing: ExtractionError.inflaterUnavailable(reason: reason)).contains("libisal-dev"))

        let gz = "\(fixtures)/PS_LibreAcces_Personne_activite_\(fixtureStamp).txt.gz"
        #expect(try scanOne(gz).inflater == .zlib)
        var options = ReadOptions()
        options.inflater = .isal
        #expect(extractionError { _ = try scanOne(gz, options: options) } == .inflaterUnavailable(reason: reason))
    }
}
