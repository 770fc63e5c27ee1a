import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deterministic generator of realistic Annuaire Santé extraction files (`spec/formats.md`):
/// the five families with their verbatim headers, drawn from one population of practitioners so
/// that the families join by identifier; identifiers with valid keys; the quirks of the real files
/// that are valid data (a `"` inside a value, a street number `P`, double spaces, foreign
/// addresses, mixed casing, mssante lines without the trailing `|`). A scan of its output finds no
/// malformed line and no warning.
///
/// Same seed and options, same bytes: every value derives from `(seed, stream, index)`, so blocks
/// of rows are generated independently on all cores and written in order.
public enum Synthesizer {
    /// Practitioners in a population of `scale` (at least one).
    public static func practitionerCount(scale: Double) -> Int {
        max(1, Int((Double(NationalScale.practitioners) * scale).rounded()))
    }

    /// The text file name of `family` for an extract time, e.g.
    /// `PS_LibreAcces_Personne_activite_202601150851.txt`.
    public static func fileName(_ family: Family, extractTime: ExtractTime) -> String {
        "\(family.fileNamePrefixes[0])_\(ExtractClock(extractTime).stamp).txt"
    }

    /// The whole text of one family (header and rows) in memory, for tests and small scales.
    public static func text(
        family: Family, scale: Double = 0.001, seed: UInt64 = 2026,
        extractTime: ExtractTime = SynthOptions.defaultExtractTime, personneActiviteColumns: Int = 56,
        variety: SynthOptions.Variety = .standard
    ) -> [UInt8] {
        let population = Population(scale: scale, seed: seed, variety: variety)
        let writer = FamilyWriter(
            population: population, dates: DateTable(extractTime: extractTime),
            personneActiviteColumns: personneActiviteColumns)
        let buffer = ByteBuffer(capacity: 1 << 16)
        buffer.append(FamilyWriter.header(family, personneActiviteColumns: personneActiviteColumns))
        let block = blockSize(family)
        var start = 0
        while start < population.count {
            let end = min(start + block, population.count)
            _ = writer.rows(family, start..<end, into: buffer)
            start = end
        }
        return Array(buffer.bytes)
    }

    /// Writes the files `options` describe (in the official order, each to `<name>.tmp` then
    /// renamed) and returns them. `fileWritten` is called as each file is complete, from a worker
    /// thread.
    ///
    /// - Throws: `SynthError` (invalid options, a file that cannot be created or written).
    @discardableResult
    public static func write(_ options: SynthOptions, fileWritten: ((SynthFile) -> Void)? = nil) throws -> [SynthFile] {
        try options.validate()
        try makeDirectory(options.directory)
        let pipeline = Pipeline(options: options, files: plan(options), fileWritten: fileWritten)
        return try pipeline.run()
    }

    /// Practitioners per block of work: each block is a few MB of text.
    static func blockSize(_ family: Family) -> Int {
        family == .personneActivite ? 4_096 : 16_384
    }

    /// The files and their entries, in writing order.
    static func plan(_ options: SynthOptions) -> [PlannedFile] {
        let chosen = Family.allCases.filter(options.families.contains)
        let stamp = ExtractClock(options.extractTime).stamp
        let directory = options.directory.hasSuffix("/") ? String(options.directory.dropLast()) : options.directory
        let count = practitionerCount(scale: options.scale)
        func entry(_ family: Family) -> PlannedEntry {
            let size = options.blockSize ?? blockSize(family)
            return PlannedEntry(
                family: family, name: fileName(family, extractTime: options.extractTime), blockSize: size,
                blocks: (count + size - 1) / size)
        }
        switch options.format {
        case .txt, .gz:
            let suffix = options.format == .gz ? ".gz" : ""
            return chosen.map { family in
                let e = entry(family)
                return PlannedFile(path: "\(directory)/\(e.name)\(suffix)", format: options.format, entries: [e])
            }
        case .zip:
            let groups: [(String, [Family])] = [
                ("PS_LibreAcces", [.personneActivite, .savoirFaire, .diplomes]), ("Porteurs_CPS_CPF", [.cartes]),
                ("Extraction_Correspondance_MSSante", [.mssante]),
            ]
            return groups.compactMap { name, families in
                let members = families.filter(options.families.contains)
                guard !members.isEmpty else { return nil }
                return PlannedFile(path: "\(directory)/\(name)_\(stamp).zip", format: .zip, entries: members.map(entry))
            }
        }
    }

    /// `mkdir -p`.
    private static func makeDirectory(_ path: String) throws(SynthError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .cannotCreate(path: prefix, errno: errno)
            }
            prefix += "/"
        }
    }
}

struct PlannedEntry {
    let family: Family
    let name: String
    let blockSize: Int
    let blocks: Int
}

struct PlannedFile {
    let path: String
    let format: SynthOptions.Format
    let entries: [PlannedEntry]
}
