import AnnuaireParsing
import ArgumentParser

/// The limits that stop hostile input (`--max-bytes`, `--max-line-length`, `--max-columns`);
/// the defaults are far above anything the Annuaire Santé publishes.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An input that inflates to more bytes is refused (zip bombs). Suffixes K, M, G.", valueName: "size"))
    var maxBytes = "16G"

    @Option(help: ArgumentHelp("A longer line is quarantined; a longer header is refused.", valueName: "bytes"))
    var maxLineLength = 1 << 20

    @Option(help: ArgumentHelp("A header with more columns is refused.", valueName: "count"))
    var maxColumns = 4096

    func validate() throws {
        guard Self.bytes(maxBytes) != nil else { throw ValidationError("--max-bytes \(maxBytes) is not a size (e.g. 16G, 500M)") }
        guard maxLineLength > 0, maxColumns > 0 else { throw ValidationError("--max-line-length and --max-columns must be positive") }
    }

    /// Sets the limits on `options`.
    func apply(to options: inout ReadOptions) {
        options.maxTextBytes = Self.bytes(maxBytes) ?? options.maxTextBytes
        options.maxLineLength = maxLineLength
        options.maxColumns = maxColumns
    }

    /// `16G`, `500M`, `64K` or a plain number of bytes.
    static func bytes(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let unit = text.last.flatMap({ units[Character($0.uppercased())] }) {
            guard let n = Int64(text.dropLast()), n > 0, n <= Int64.max / unit else { return nil }
            return n * unit
        }
        guard let n = Int64(text), n > 0 else { return nil }
        return n
    }
}
