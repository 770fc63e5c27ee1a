/// Why a file cannot be read at all. Each message says what happened, where, and what to do.
///
/// Problems confined to one line are not errors: they quarantine the line (`QuarantinedLine`) or
/// add a warning, and reading goes on.
public enum ExtractionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be opened (missing, unreadable): `errno` says why.
    case cannotOpen(path: String, errno: Int32)
    /// Reading the file failed part-way (an I/O error): `errno` says why.
    case readFailed(path: String, errno: Int32)
    /// The file (or entry) holds no byte: not even a header.
    case emptyFile(path: String)
    /// The file is compressed in a format other than gzip or zip (`format` names it).
    case unsupportedCompression(path: String, format: String)
    /// A gzip member ends before its trailer: the file was cut short (a partial download).
    case truncatedGzip(path: String, member: Int, compressedOffset: Int64)
    /// A gzip member's deflate data or trailer (CRC, length) is wrong at `compressedOffset`.
    case corruptGzip(path: String, member: Int, compressedOffset: Int64, reason: String)
    /// Bytes after the last gzip member are not another member.
    case gzipTrailingGarbage(path: String, compressedOffset: Int64)
    /// The file starts like a zip archive but cannot be read as one (incomplete or damaged).
    case notAZip(path: String, reason: String)
    /// A zip entry's data is damaged (bad deflate data, CRC or size) at `compressedOffset`.
    case zipEntryCorrupt(path: String, entry: String, compressedOffset: Int64, reason: String)
    /// A zip entry is compressed by a method other than stored or deflate.
    case zipUnsupportedMethod(path: String, entry: String, method: Int)
    /// A zip entry is encrypted: it cannot be read without its password.
    case zipEncrypted(path: String, entry: String)
    /// No entry of the zip matches the families (or `--entry` prefixes) asked for; `entries` lists what it holds.
    case zipNoEntry(path: String, wanted: [String], entries: [String])
    /// The first line is longer than `limit` bytes: not an extraction file's header.
    case headerTooLong(path: String, limit: Int)
    /// The header has more than `limit` columns.
    case tooManyColumns(path: String, count: Int, limit: Int)
    /// The file is the legacy `ExtractionMonoTable` extract (`;`-separated, quoted), which is not read.
    case monoTable(path: String)
    /// The header matches none of the five families' layouts.
    case unknownFamily(path: String, header: String)
    /// The header lacks a column that reading the family needs.
    case missingColumn(path: String, family: Family, column: String)
    /// The input inflates to more than `limit` bytes (`ReadOptions.maxTextBytes`): a zip bomb, or a limit to raise.
    case tooManyBytes(path: String, limit: Int64)
    /// ISA-L was asked for (`--inflater isal`) and cannot be used.
    case inflaterUnavailable(reason: String)
    /// A part of the file (`TextPart`) no longer starts or ends at a line boundary near byte
    /// `offset`: the file was replaced or changed after it was cut into parts.
    case changedSincePlanned(path: String, offset: Int64)
    /// A zip read from standard input could not be copied to the temporary file at `path` (zips
    /// are read from their end): `errno` says why (often a full temporary directory).
    case spoolFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .cannotOpen(path, err):
            return "\(path): cannot open: \(errnoText(err))."
        case let .readFailed(path, err):
            return "\(path): read failed: \(errnoText(err))."
        case let .emptyFile(path):
            return "\(path): the file is empty (0 bytes of text, not even a header). The download probably failed: fetch it again."
        case let .unsupportedCompression(path, format):
            return
                "\(path): the file is compressed with \(format), which annuaire does not read. Decompress it first, or recompress it with gzip or zip."
        case let .truncatedGzip(path, member, offset):
            return
                "\(path): the gzip stream is truncated: member \(member) ends at compressed byte \(offset) before its end. The file is incomplete (an interrupted download?): fetch it again."
        case let .corruptGzip(path, member, offset, reason):
            return
                "\(path): the gzip stream is corrupt in member \(member) near compressed byte \(offset) (\(reason)). Fetch the file again."
        case let .gzipTrailingGarbage(path, offset):
            return
                "\(path): unexpected bytes after the last gzip member, at compressed byte \(offset): this is not a gzip member. The file was damaged or two files were glued together: fetch it again."
        case let .notAZip(path, reason):
            return
                "\(path): starts like a zip archive but cannot be read as one (\(reason)). The archive is incomplete or damaged: fetch it again."
        case let .zipEntryCorrupt(path, entry, offset, reason):
            return
                "\(path): entry \(printable(entry)) is corrupt near compressed byte \(offset) of the archive (\(reason)). Fetch the archive again."
        case let .zipUnsupportedMethod(path, entry, method):
            return
                "\(path): entry \(printable(entry)) uses compression method \(method) (\(zipMethodName(method))); annuaire reads stored (0) and deflate (8) entries. Re-create the archive with plain zip, or unzip it first."
        case let .zipEncrypted(path, entry):
            return "\(path): entry \(printable(entry)) is encrypted; the public extracts never are. Unzip it yourself first."
        case let .zipNoEntry(path, wanted, entries):
            let list = entries.isEmpty ? "none" : entries.prefix(10).map(printable).joined(separator: ", ")
            return
                "\(path): no entry of the archive matches \(wanted.joined(separator: ", ")) (entries: \(list)). Name the entries to read with --entry PREFIX."
        case let .headerTooLong(path, limit):
            return "\(path): the first line is longer than \(limit) bytes, so it is not an extraction header. Is this the right file?"
        case let .tooManyColumns(path, count, limit):
            return
                "\(path): the header has \(count) columns, more than the limit of \(limit). This is not an Annuaire Santé extraction file."
        case let .monoTable(path):
            return
                "\(path): this is the legacy ExtractionMonoTable file (`;`-separated, quoted, 41 columns), which ANS is retiring and annuaire does not read. Use the PS_LibreAcces extraction files instead."
        case let .unknownFamily(path, header):
            return
                "\(path): the header matches none of the five families (personne-activite, savoir-faire, diplomes, cartes, mssante). It begins: \(header). Is this an Annuaire Santé extraction file?"
        case let .missingColumn(path, family, column):
            return
                "\(path): this \(family.rawValue) file has no column `\(column)`, which annuaire needs to read it. The header may have been renamed: check the file against spec/formats.md."
        case let .tooManyBytes(path, limit):
            return
                "\(path): inflates to more than \(limit) bytes, the limit set for one input (a zip bomb?). Raise --max-bytes if the file is genuine."
        case let .inflaterUnavailable(reason):
            return
                "ISA-L cannot be used: \(reason). Install libisal-dev (Debian: apt-get install libisal-dev; it brings libisal2), or choose the zlib inflater (--inflater zlib, or auto to use ISA-L only when present)."
        case let .changedSincePlanned(path, offset):
            return
                "\(path): the file changed while it was read in parts (near byte \(offset), a part no longer falls on a line boundary, or the file is shorter). Was it replaced during the read? Read it again."
        case let .spoolFailed(path, err):
            return
                "standard input: a zip is read from its end, so it is copied first, and writing the copy \(path) failed: \(errnoText(err)). Free space there, set TMPDIR to a directory with room, or pass the file by its path."
        }
    }
}

func errnoText(_ err: Int32) -> String {
    switch err {
    case 2: "no such file (ENOENT)"
    case 13: "permission denied (EACCES)"
    case 21: "it is a directory (EISDIR)"
    case 5: "input/output error (EIO)"
    default: "errno \(err)"
    }
}

func zipMethodName(_ method: Int) -> String {
    switch method {
    case 1...6: "an obsolete method"
    case 9: "deflate64"
    case 12: "bzip2"
    case 14: "LZMA"
    case 93: "zstd"
    case 95: "xz"
    case 99: "AES encryption"
    default: "unknown"
    }
}

/// A name as it may be shown: control characters escaped, length bounded.
func printable(_ name: String) -> String {
    var out = ""
    for scalar in name.unicodeScalars.prefix(200) {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return "“" + out + "”"
}
