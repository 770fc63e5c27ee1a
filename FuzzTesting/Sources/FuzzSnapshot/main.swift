@_spi(Internals) import AnnuaireParsing
import AnnuaireSnapshot
import FuzzSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Arbitrary bytes as a snapshot: `Snapshot(path:)`, `verify()`, every practitioner, lookups by
/// key (the full `Practitioner` view, with its structures' ORG mailboxes), the ORG mailboxes.
/// Any input must end in answers or a thrown `SnapshotError`.
///
/// So that mutations reach the sections rather than stopping at the header checksum, the harness
/// writes the right file size and header CRC-32 into every input of 4096 bytes or more (unless
/// the header's reserved byte 36 is 0xFF), and the right CRC-32C into every section entry that
/// lies inside the file when the input's length is even. The reader must still treat every
/// section's content as hostile: opening checks the header only.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    fixChecksums(&bytes)
    let scratch = ScratchFile("input.annuaire", contents: bytes)
    do {
        let snapshot = try Snapshot(path: scratch.path)
        do { try snapshot.verify() } catch is SnapshotError {}
        var seen = 0
        do {
            try snapshot.forEachPractitioner { _ in seen += 1 }
            precondition(seen == snapshot.count)
        } catch is SnapshotError {}
        for i in 0..<min(snapshot.count, 64) {
            do {
                // A damaged index may be out of order: the key is then not found, which is no crash.
                let key = try snapshot.key(at: i)
                _ = try snapshot.contains(key)
                _ = try snapshot.practitioner(key)
            } catch is SnapshotError {}
        }
        for text in ["10000000015", "02A0000014", "010000008"] {
            if let key = try? PractitionerKey(lookup: text) { do { _ = try snapshot.practitioner(key) } catch is SnapshotError {} }
        }
        do { try snapshot.forEachOrganisationMailbox { _ in } } catch is SnapshotError {}
        for id in ["010000008", "F010000008", "1"] {
            do { _ = try snapshot.organisationMailboxes(structure: id) } catch is SnapshotError {}
        }
    } catch is SnapshotError {
        // Expected for most inputs.
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}

/// Writes the file size, the header CRC-32 and (for even lengths) the sections' CRC-32C (format in
/// `SnapshotFormat`).
func fixChecksums(_ bytes: inout [UInt8]) {
    let header = 4096
    guard bytes.count >= header, bytes[36] != 0xFF else { return }
    func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
    }
    func le<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
    put(UInt64(bytes.count), at: 16)
    if bytes.count % 2 == 0 {
        let sections = min(Int(le(32, as: UInt32.self)), (header - 4 - 40) / 32)
        for i in 0..<sections {
            let at = 40 + 32 * i
            let offset = le(at + 8, as: UInt64.self)
            let length = le(at + 16, as: UInt64.self)
            guard offset <= UInt64(bytes.count), length <= UInt64(bytes.count) - offset else { continue }
            let crc = bytes.withUnsafeBytes { crc32c(0, UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset + length)])) }
            put(crc, at: at + 4)
        }
    }
    put(bytes.withUnsafeBytes { crc32(0, UnsafeRawBufferPointer(rebasing: $0[0..<(header - 4)])) }, at: header - 4)
}

/// With `ANNUAIRE_FUZZ_SEED=DIR` and `ANNUAIRE_FUZZ_FIXTURES=DIR` set, writes seed snapshots
/// built by `SnapshotBuilder` from the fixtures into the seed directory, then exits: the run
/// script makes the seed corpus this way. Otherwise does nothing.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
    guard let seed = getenv("ANNUAIRE_FUZZ_SEED").map({ String(cString: $0) }),
        let fixtures = getenv("ANNUAIRE_FUZZ_FIXTURES").map({ String(cString: $0) })
    else { return 0 }
    let stamp = "202611220315"
    let all = [
        "PS_LibreAcces_Personne_activite", "PS_LibreAcces_SavoirFaire", "PS_LibreAcces_Dipl_AutExerc",
        "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante",
    ].map { "\(fixtures)/\($0)_\(stamp).txt" }
    do {
        _ = try SnapshotBuilder().ingest(all, into: "\(seed)/five-families.annuaire")
        _ = try SnapshotBuilder().ingest([all[0], all[4]], into: "\(seed)/activite-mssante.annuaire")
        _ = try SnapshotBuilder().ingest([all[2]], into: "\(seed)/diplomes.annuaire")
    } catch {
        print("cannot build the seed snapshots: \(error)")
        exit(1)
    }
    exit(0)
}

/// The process entry SwiftPM links as `main`: libFuzzer's driver (see `runLibFuzzer`).
@_cdecl("FuzzSnapshot_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzSnapshot)
}
