import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Annuaire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annuaire",
        abstract: "Read, check and index the Annuaire Santé extraction files.",
        discussion: """
            The Agence du Numérique en Santé publishes the French directory of health professionals \
            every day as pipe-separated extraction files (.txt, .gz or .zip). annuaire reads them at \
            the speed of decompression and reports what they hold.
            """,
        subcommands: [
            ScanCommand.self, IngestCommand.self, SyncCommand.self, LookupCommand.self, SearchCommand.self, StatusCommand.self,
            VerifyCommand.self, DiffCommand.self, CatCommand.self, ServeCommand.self, ExportCommand.self, SynthCommand.self,
            BenchCommand.self,
        ]
    )

    static func main() async {
        // A file size limit (`ulimit -f`) must be a clear write error (EFBIG), not a kill.
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        if getenv(peakFileVariable) != nil { atexit { writePeakMemory() } }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
