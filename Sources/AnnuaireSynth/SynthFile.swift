import AnnuaireParsing

/// One file written by `Synthesizer.write`.
public struct SynthFile: Sendable, Equatable {
    /// Its path (the options' directory and its name).
    public var path: String
    /// What it holds: one entry for `.txt` and `.gz`, one per family for a zip.
    public var entries: [SynthEntry]
    /// Its size on disk.
    public var fileBytes: Int64

    /// The file's name without the directory.
    public var name: String { String(path.split(separator: "/").last ?? Substring(path)) }
    /// The families of its entries, in order.
    public var families: [Family] { entries.map(\.family) }
    /// Data rows (headers excluded) of all its entries.
    public var rows: Int { entries.reduce(0) { $0 + $1.rows } }
    /// Uncompressed text bytes of all its entries, headers included.
    public var textBytes: Int64 { entries.reduce(0) { $0 + $1.textBytes } }
}

/// One family's text inside a `SynthFile`.
public struct SynthEntry: Sendable, Equatable {
    /// The text file's name (the zip entry name, or the name before `.gz`).
    public var name: String
    /// The family of the text.
    public var family: Family
    /// Data rows (the header excluded).
    public var rows: Int
    /// Bytes of text, the header included.
    public var textBytes: Int64
}
