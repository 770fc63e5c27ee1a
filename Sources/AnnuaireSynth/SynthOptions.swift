import AnnuaireParsing

/// What to synthesize and how to write it.
public struct SynthOptions: Sendable {
    /// How the files are written.
    public enum Format: String, Sendable, CaseIterable {
        /// One `<name>_<ts>.txt` per family.
        case txt
        /// One `<name>_<ts>.txt.gz` per family.
        case gz
        /// The official layout: `PS_LibreAcces_<ts>.zip` (three families),
        /// `Porteurs_CPS_CPF_<ts>.zip` and `Extraction_Correspondance_MSSante_<ts>.zip`.
        case zip
    }

    /// How varied the values are.
    public enum Variety: String, Sendable, CaseIterable {
        /// The set as it has always been: names, structures' names, streets and complements drawn
        /// from small lists of real words (a few hundred name words at national scale), every
        /// private practice a cabinet of its own. Its bytes do not change from one version to the
        /// next.
        case standard
        /// Values drawn from far larger spaces, with the skew of real data: surnames and given
        /// names made of syllables after the common real ones (hundreds of thousands of distinct
        /// names, a few very common, a long tail), structures named after people and places,
        /// streets, numbers, complements and postal mentions composed from them, contact
        /// addresses mostly unique; private practices shared as in the real files (most by one to
        /// three practitioners, a hospital by hundreds). Identifiers, codes, row counts and the
        /// quirks are those of the standard set with the same seed.
        case wide
    }

    /// 1.0 is the national volume (≈ 2.3 M personne-activite rows, ≈ 1.3 GB of text in all);
    /// every count scales with it, down to one practitioner.
    public var scale: Double = 1.0
    /// Same seed, same options: the same bytes.
    public var seed: UInt64 = 2026
    /// txt, gz, or the official zip layout (the default).
    public var format: Format = .zip
    /// The families to write (order does not matter: files come in the official order).
    public var families: Set<Family> = Set(Family.allCases)
    /// The extract's generation time: the `<ts>` of the file names (Paris time), the reference
    /// date of the cards, the zip entries' dates.
    public var extractTime: ExtractTime = Self.defaultExtractTime
    /// Where the files go (created if missing).
    public var directory: String = "./synth"
    /// Deflate level for `.gz` and `.zip`, 0–9.
    public var compressionLevel = 6
    /// 56 (2026 layout), 52 (2021) or 48 (2018): the first N labels of personne-activite.
    public var personneActiviteColumns = 56
    /// Zip entries: deflate (as published) or stored.
    public var zipMethod: ZipWriter.Method = .deflate
    /// Zip entries followed by data descriptors (general-purpose flag bit 3).
    public var zipDataDescriptors = false
    /// Gzip members per `.gz` file (a file made by concatenating gzip files has several).
    public var gzipMembers = 1
    /// Standard (the default, unchanged) or wide values.
    public var variety: Variety = .standard
    /// Worker threads; 0: one per online core.
    public var threads = 0
    /// Practitioners per block of work instead of the default (tests use small blocks to have
    /// many pieces per file); the bytes written do not depend on it.
    var blockSize: Int?

    /// 2026-01-15 08:51 Paris time.
    public static let defaultExtractTime = ExtractTime(parisYear: 2026, month: 1, day: 15, hour: 8, minute: 51)!

    /// The defaults: national scale, seed 2026, the official zip layout in `./synth`.
    public init() {}

    /// Options with the given values, the rest default.
    public init(
        scale: Double = 1.0, seed: UInt64 = 2026, format: Format = .zip, families: Set<Family> = Set(Family.allCases),
        extractTime: ExtractTime = Self.defaultExtractTime, directory: String = "./synth", compressionLevel: Int = 6,
        personneActiviteColumns: Int = 56, variety: Variety = .standard
    ) {
        self.scale = scale
        self.seed = seed
        self.format = format
        self.families = families
        self.extractTime = extractTime
        self.directory = directory
        self.compressionLevel = compressionLevel
        self.personneActiviteColumns = personneActiviteColumns
        self.variety = variety
    }

    /// Throws `SynthError.invalidOptions` naming the first value out of range.
    public func validate() throws(SynthError) {
        guard scale.isFinite, scale > 0, scale <= 3 else {
            throw .invalidOptions(reason: "scale \(scale) is not in (0, 3] (3 would already be 4 GB of text)")
        }
        guard !families.isEmpty else { throw .invalidOptions(reason: "no family chosen") }
        guard (0...9).contains(compressionLevel) else {
            throw .invalidOptions(reason: "compression level \(compressionLevel) is not in 0...9")
        }
        guard [56, 52, 48].contains(personneActiviteColumns) else {
            throw .invalidOptions(reason: "personne-activite layout \(personneActiviteColumns) is not 56, 52 or 48 columns")
        }
        guard (1...64).contains(gzipMembers) else { throw .invalidOptions(reason: "gzip members \(gzipMembers) not in 1...64") }
        guard (0...64).contains(threads) else { throw .invalidOptions(reason: "threads \(threads) not in 0...64") }
        guard !directory.isEmpty else { throw .invalidOptions(reason: "empty output directory") }
    }
}
