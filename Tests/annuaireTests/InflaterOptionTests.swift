import AnnuaireParsing
import ArgumentParser
import Testing

@testable import annuaire

/// `--inflater` on every command that decompresses.
@Suite struct InflaterOptionTests {
    @Test func everyReadingCommandTakesTheInflater() throws {
        let scan = try #require(try Annuaire.parseAsRoot(["scan", "--inflater", "zlib", "a.gz"]) as? ScanCommand)
        #expect(scan.inflate.inflater == .zlib)
        let cat = try #require(try Annuaire.parseAsRoot(["cat", "--inflater", "zlib", "a.gz"]) as? CatCommand)
        #expect(cat.inflate.inflater == .zlib)
        let ingest = try #require(try Annuaire.parseAsRoot(["ingest", "--inflater", "zlib", "a.gz"]) as? IngestCommand)
        #expect(ingest.inflate.inflater == .zlib)
        let bench = try #require(try Annuaire.parseAsRoot(["bench", "--inflater", "zlib"]) as? BenchCommand)
        #expect(bench.inflate.inflater == .zlib)
        let automatic = try #require(try Annuaire.parseAsRoot(["cat", "a.gz"]) as? CatCommand)
        #expect(automatic.inflate.inflater == .automatic)
        #expect(throws: (any Error).self) { _ = try Annuaire.parseAsRoot(["cat", "--inflater", "gzip", "a.gz"]) }
    }

    @Test func askingForISALWithoutItSaysToInstallIt() throws {
        if InflateBackend.isalAvailable {
            let cat = try #require(try Annuaire.parseAsRoot(["cat", "--inflater", "isal", "a.gz"]) as? CatCommand)
            #expect(cat.inflate.resolved == .isal)
        } else {
            do {
                _ = try Annuaire.parseAsRoot(["cat", "--inflater", "isal", "a.gz"])
                Issue.record("--inflater isal accepted without ISA-L")
            } catch {
                #expect(Annuaire.message(for: error).contains("libisal-dev"))
            }
            let cat = try #require(try Annuaire.parseAsRoot(["cat", "a.gz"]) as? CatCommand)
            #expect(cat.inflate.resolved == .zlib)
        }
    }
}
