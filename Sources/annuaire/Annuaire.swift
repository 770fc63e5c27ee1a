import ArgumentParser

@main
struct Annuaire: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annuaire",
        abstract: "Read, check and index the Annuaire Santé extraction files.",
        discussion: """
            The Agence du Numérique en Santé publishes the French directory of health professionals \
            every day as pipe-separated extraction files (.txt, .gz or .zip). annuaire reads them at \
            the speed of decompression and reports what they hold.
            """,
        subcommands: [ScanCommand.self, IngestCommand.self, LookupCommand.self, StatusCommand.self, VerifyCommand.self]
    )
}
