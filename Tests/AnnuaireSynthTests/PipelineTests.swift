@_spi(Internals) import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSynth

/// Files written to disk: every format reads back to the in-memory text, with the system's tools
/// and with the project's reader, and scans clean.
@Suite struct PipelineTests {
    let dir = TemporaryDirectory()

    func options(_ format: SynthOptions.Format, _ name: String) -> SynthOptions {
        var options = SynthOptions(scale: testScale, seed: 5, format: format, directory: "\(dir.path)/\(name)")
        options.threads = 2
        // Many small blocks: each file is made of many pieces, generated and deflated out of order.
        options.blockSize = 97
        return options
    }

    /// The expected text of each family for `options`.
    func expectedText(_ options: SynthOptions) -> [Family: [UInt8]] {
        Dictionary(
            uniqueKeysWithValues: Family.allCases.map {
                ($0, Synthesizer.text(family: $0, scale: options.scale, seed: options.seed, extractTime: options.extractTime))
            })
    }

    @Test func textFilesAreTheInMemoryTextAndScanClean() throws {
        let options = options(.txt, "txt")
        let files = try Synthesizer.write(options)
        let expected = expectedText(options)
        #expect(files.map(\.name) == Family.allCases.map { Synthesizer.fileName($0, extractTime: options.extractTime) })
        #expect(files.map(\.name).first == "PS_LibreAcces_Personne_activite_202601150851.txt")
        for file in files {
            let family = file.families[0]
            #expect(same(contents(file.path), expected[family]!))
            #expect(file.fileBytes == Int64(expected[family]!.count))
            #expect(file.textBytes == file.fileBytes)
            let reports = try expectCleanScan(file.path)
            #expect(reports.map(\.family) == [family])
            #expect(reports[0].rows == file.rows)
            #expect(reports[0].extractTime == options.extractTime)
        }
        #expect(!FileManager.default.fileExists(atPath: files[0].path + ".tmp"))
    }

    @Test(arguments: [1, 3])
    func gzipFilesDecompressToTheText(members: Int) throws {
        var options = options(.gz, "gz\(members)")
        options.gzipMembers = members
        let files = try Synthesizer.write(options)
        let expected = expectedText(options)
        for file in files {
            #expect(file.name.hasSuffix(".txt.gz"))
            let family = file.families[0]
            let reports = try expectCleanScan(file.path)
            #expect(reports[0].container == .gzip)
            #expect(reports[0].gzipMembers == members)
            #expect(reports[0].rows == file.rows)
            #expect(reports[0].textBytes == Int64(expected[family]!.count))
        }
    }

    @Test(needsGzip, arguments: [1, 3])
    func gzipFilesDecompressWithTheSystemGzip(members: Int) throws {
        var options = options(.gz, "system-gz\(members)")
        options.gzipMembers = members
        let expected = expectedText(options)
        for file in try Synthesizer.write(options) {
            let (output, status) = try run(gzipTool!, ["-dc", file.path])
            #expect(status == 0)
            #expect(same(output, expected[file.families[0]]!), "\(file.name)")
        }
    }

    @Test(arguments: [(ZipWriter.Method.deflate, false), (.deflate, true), (.stored, false), (.stored, true)])
    func zipArchivesHoldTheTextInTheOfficialLayout(method: ZipWriter.Method, descriptors: Bool) throws {
        var options = options(.zip, "zip-\(method)-\(descriptors)")
        options.zipMethod = method
        options.zipDataDescriptors = descriptors
        let files = try Synthesizer.write(options)
        #expect(
            files.map(\.name) == [
                "PS_LibreAcces_202601150851.zip", "Porteurs_CPS_CPF_202601150851.zip",
                "Extraction_Correspondance_MSSante_202601150851.zip",
            ])
        #expect(files[0].families == [.personneActivite, .savoirFaire, .diplomes])
        #expect(
            files[0].entries.map(\.name) == [
                "PS_LibreAcces_Personne_activite_202601150851.txt", "PS_LibreAcces_SavoirFaire_202601150851.txt",
                "PS_LibreAcces_Dipl_AutExerc_202601150851.txt",
            ])
        for file in files {
            let reports = try expectCleanScan(file.path)
            #expect(reports.map(\.family) == file.families)
            #expect(reports.map(\.rows) == file.entries.map(\.rows))
            #expect(reports.allSatisfy { $0.container == .zip && $0.extractTime == options.extractTime })
            // The project's own zip reader checks every entry's CRC-32 and sizes.
            let archive = try ZipArchive(file: FileInput(path: file.path))
            #expect(archive.entries.map(\.name) == file.entries.map(\.name))
            #expect(archive.entries.allSatisfy { $0.method == (method == .stored ? 0 : 8) })
            #expect(archive.entries.allSatisfy { ($0.flags & 0x08 != 0) == descriptors })
            #expect(archive.entries.map(\.uncompressedSize) == file.entries.map { $0.textBytes })
        }
    }

    @Test(needsUnzip, arguments: [(ZipWriter.Method.deflate, true), (.stored, false)])
    func zipArchivesExtractWithUnzip(method: ZipWriter.Method, descriptors: Bool) throws {
        var options = options(.zip, "system-zip-\(method)-\(descriptors)")
        options.zipMethod = method
        options.zipDataDescriptors = descriptors
        let expected = expectedText(options)
        for file in try Synthesizer.write(options) {
            for entry in file.entries {
                let (output, status) = try run(unzipTool!, ["-p", file.path, entry.name])
                #expect(status == 0)
                #expect(same(output, expected[entry.family]!), "\(entry.name)")
            }
        }
    }

    @Test(needsPython3, arguments: [(ZipWriter.Method.deflate, true), (.stored, false)])
    func zipArchivesPassPythonsZipfile(method: ZipWriter.Method, descriptors: Bool) throws {
        var options = options(.zip, "python-zip-\(method)-\(descriptors)")
        options.zipMethod = method
        options.zipDataDescriptors = descriptors
        for file in try Synthesizer.write(options) {
            let check = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))"
            let (output, status) = try run(python3Tool!, ["-c", check, file.path])
            #expect(status == 0)
            #expect(String(decoding: output, as: UTF8.self) == "\(file.entries.count)\n")
        }
    }

    @Test(arguments: SynthOptions.Format.allCases)
    func outputDoesNotDependOnThreads(format: SynthOptions.Format) throws {
        var one = options(format, "one-\(format)")
        one.threads = 1
        var two = options(format, "two-\(format)")
        two.threads = 2
        let a = try Synthesizer.write(one)
        let b = try Synthesizer.write(two)
        #expect(a.map(\.entries) == b.map(\.entries))
        for (x, y) in zip(a, b) { #expect(same(contents(x.path), contents(y.path)), "\(x.name)") }
    }

    @Test func textDoesNotDependOnBlocks() throws {
        var large = options(.txt, "large")
        large.blockSize = nil
        let a = try Synthesizer.write(large)
        let b = try Synthesizer.write(options(.txt, "small"))
        for (x, y) in zip(a, b) { #expect(same(contents(x.path), contents(y.path)), "\(x.name)") }
    }

    @Test func olderLayoutsAndAChosenFamilyScanClean() throws {
        for columns in [52, 48] {
            var options = options(.txt, "layout\(columns)")
            options.personneActiviteColumns = columns
            options.families = [.personneActivite]
            let files = try Synthesizer.write(options)
            #expect(files.count == 1)
            let reports = try expectCleanScan(files[0].path)
            #expect(reports[0].columnCount == columns)
            #expect(reports[0].layout.contains(columns == 52 ? "2021" : "2018"))
        }
    }

    @Test func anotherExtractTimeNamesTheFiles() throws {
        var options = options(.zip, "asof")
        options.extractTime = ExtractTime(iso8601: "2026-07-03T04:15:00+02:00")!
        options.families = [.cartes]
        let files = try Synthesizer.write(options)
        #expect(files.map(\.name) == ["Porteurs_CPS_CPF_202607030415.zip"])
        #expect(files[0].entries.map(\.name) == ["Porteurs_CPS_CPF_202607030415.txt"])
        let reports = try expectCleanScan(files[0].path)
        #expect(reports[0].extractTime == options.extractTime)
    }

    @Test func aFileThatCannotBeWrittenStopsTheRunWithItsName() throws {
        let options = options(.txt, "blocked")
        let blocked = "\(options.directory)/\(Synthesizer.fileName(.personneActivite, extractTime: options.extractTime))"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        #expect(throws: SynthError.self) { try Synthesizer.write(options) }
        do {
            try Synthesizer.write(options)
        } catch let error as SynthError {
            #expect(error.description.contains(blocked))
        }
        #expect(!FileManager.default.fileExists(atPath: blocked + ".tmp"))
        var missing = options
        missing.directory = "/proc/no-such-place/synth"
        #expect(throws: SynthError.self) { try Synthesizer.write(missing) }
    }
}
