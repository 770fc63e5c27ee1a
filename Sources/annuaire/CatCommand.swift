import AnnuaireParsing
import ArgumentParser
import Foundation

struct CatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Write the text of extraction files to standard output, decompressed.",
        discussion: "Containers are detected from the bytes; zip entries are chosen as by scan (the five families, or --entry)."
    )

    @Argument(help: "Extraction files: .txt, .gz or .zip; - reads standard input.")
    var files: [String]

    @Option(name: .customLong("entry"), help: "Write the zip entries whose name starts with this prefix (repeatable).")
    var entries: [String] = []

    @OptionGroup var inflate: InflaterOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        var options = ReadOptions()
        options.entryPrefixes = entries
        options.inflater = inflate.inflater
        limits.apply(to: &options)
        for file in files {
            try ExtractionReader.decompress(file, options: options) { _, chunk in
                var done = 0
                while done < chunk.count {
                    let n = write(1, chunk.baseAddress! + done, chunk.count - done)
                    if n <= 0 {
                        if errno == EINTR { continue }
                        if errno == EPIPE { throw ExitCode.success }
                        throw ValidationErrorText("cannot write to standard output (errno \(errno))")
                    }
                    done += n
                }
            }
        }
    }
}
