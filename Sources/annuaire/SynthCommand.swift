import AnnuaireParsing
import AnnuaireSynth
import ArgumentParser

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write realistic synthetic extraction files, deterministically.",
        discussion: """
            The five families drawn from one population of practitioners (so they join by \
            identifier), with the verbatim headers, valid check digits and the quirks of the real \
            files. --scale 1 is the national volume (≈ 2.3 M personne-activite rows, ≈ 1.3 GB of \
            text); the same seed and options always give the same bytes. Files are written to \
            <name>.tmp, then renamed. --variety wide draws names, structures' names, streets, \
            complements and addresses from far larger spaces, with the skew of real data, and \
            shares private practices among a few practitioners; the default (standard) set is \
            unchanged.
            """
    )

    @Option(help: "Population scale: 1.0 is national; 0.001 makes a few thousand rows.")
    var scale = 1.0

    @Option(help: "Random seed: the same seed gives the same bytes.")
    var seed: UInt64 = 2026

    @Option(help: "txt, gz, or zip (the official three-archive layout).")
    var format = "zip"

    @Option(help: "Directory to write into (created if missing).")
    var output = "./synth"

    @Option(help: "Comma-separated families: personne-activite, savoir-faire, diplomes, cartes, mssante, or all.")
    var families = "all"

    @Option(help: "Extract time (ISO-8601, e.g. 2026-11-22T03:00, Paris time without an offset): the <ts> of the names.")
    var asOf: ExtractTime?

    @Option(help: "Deflate level for gz and zip, 0-9.")
    var level = 6

    @Option(help: "personne-activite layout: 56 (2026), 52 (2021) or 48 (2018) columns.")
    var layout = 56

    @Option(help: "Zip entries: deflate or stored.")
    var zipMethod = "deflate"

    @Flag(help: "Zip entries followed by data descriptors (flag bit 3), as streaming zippers write.")
    var dataDescriptors = false

    @Option(help: "Gzip members per .gz file.")
    var gzipMembers = 1

    @Option(help: "Values: standard (small lists of real words, unchanged) or wide (hundreds of thousands of names, varied structures).")
    var variety = "standard"

    @Option(help: "Worker threads (0: one per core).")
    var threads = 0

    func validate() throws {
        do {
            try makeOptions().validate()
        } catch let error as SynthError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let options = try makeOptions()
        let start = monotonicSeconds()
        let files = try Synthesizer.write(options) { file in
            print("\(file.name)  \(file.rows.grouped) rows  \(megabytes(file.textBytes)) of text  \(megabytes(file.fileBytes))")
        }
        let elapsed = monotonicSeconds() - start
        let text = files.reduce(Int64(0)) { $0 + $1.textBytes }
        let written = files.reduce(Int64(0)) { $0 + $1.fileBytes }
        let rows = files.reduce(0) { $0 + $1.rows }
        print(
            "total: \(files.count) files, \(rows.grouped) rows, \(megabytes(text)) of text, \(megabytes(written)) written "
                + "in \(elapsed.fixed(2)) s (\(rate(text, elapsed)) of text)")
    }

    /// The library options these arguments describe; `ValidationError` for an unknown word.
    private func makeOptions() throws -> SynthOptions {
        var options = SynthOptions()
        options.scale = scale
        options.seed = seed
        guard let format = SynthOptions.Format(rawValue: format) else {
            throw ValidationError("--format \(format) is not txt, gz or zip.")
        }
        options.format = format
        options.directory = output
        if families != "all" {
            var chosen = Set<Family>()
            for name in families.split(separator: ",") {
                let trimmed = String(name.filter { !$0.isWhitespace })
                guard let family = Family(rawValue: trimmed) else {
                    let known = Family.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ValidationError("--families: \(trimmed) is not one of \(known).")
                }
                chosen.insert(family)
            }
            options.families = chosen
        }
        if let asOf { options.extractTime = asOf }
        options.compressionLevel = level
        options.personneActiviteColumns = layout
        guard let method = ZipWriter.Method(rawValue: zipMethod) else {
            throw ValidationError("--zip-method \(zipMethod) is not deflate or stored.")
        }
        options.zipMethod = method
        options.zipDataDescriptors = dataDescriptors
        options.gzipMembers = gzipMembers
        options.threads = threads
        guard let variety = SynthOptions.Variety(rawValue: variety) else {
            throw ValidationError("--variety \(variety) is not standard or wide.")
        }
        options.variety = variety
        return options
    }
}
