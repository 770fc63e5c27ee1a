@_spi(Internals) import AnnuaireParsing
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Builds the search index of a snapshot from its own sections (the practitioners' blocks and the
/// ORG mailboxes), so that every row it holds, read tonight or carried over, is indexed alike.
///
/// 1. ORG mailboxes (`OrganisationMailboxes`): read once, by the `Identification Structure` they
///    belong to.
/// 2. Scan (`SearchScan`, two threads, each over half of the key order): each practitioner's
///    names, its own terms (names, professions, specialties, mode) and the structures of its
///    activities, whose terms (company name, place) are made once per structure; identifiers,
///    cards and mailboxes as occurrences, sorted later rather than interned.
/// 3. Lists (`SearchLists`): the halves put together, practitioners ranked, every term's list
///    made; then the postings, the terms and the ranks written. The occurrences are sorted and
///    grouped (`OccurrenceGroups`) on a second thread meanwhile.
enum SearchIndexBuilder {
    /// Adds the search index to a snapshot being written: opens what `writer` wrote to `file` so
    /// far (its header written), appends the index's sections and writes the header again.
    /// `ANNUAIRE_NO_SEARCH_INDEX=1` leaves the index out (the snapshot then answers lookups
    /// only): for measuring what the index costs an ingest (`annuaire bench`).
    static func append(to writer: inout SectionWriter, file: AtomicFile, created: ExtractTime) throws {
        guard getenv("ANNUAIRE_NO_SEARCH_INDEX").map({ String(cString: $0) }) != "1" else { return }
        let written = try Snapshot(path: file.procPath)
        try write(written, to: &writer)
        try writer.finishHeader(created: created)
    }

    /// Builds the index of `snapshot` and writes its three sections with `writer`.
    static func write(_ snapshot: Snapshot, to writer: inout SectionWriter) throws {
        BuildClock.mark("start")
        let n = snapshot.count
        let organisations = try OrganisationMailboxes(snapshot)
        BuildClock.mark("organisations")
        let middle = n / 2
        let first = SearchScanBox(SearchScan(snapshot: snapshot, range: 0..<middle, organisations: organisations))
        let second = SearchScanBox(SearchScan(snapshot: snapshot, range: middle..<n, organisations: organisations))
        let worker = WorkerThread.start { second.scan.run() }
        first.scan.run()
        if let worker { worker.join() } else { second.scan.run() }
        snapshot.releasePages()
        if let failure = first.scan.failure ?? second.scan.failure { throw failure }
        BuildClock.mark("scan")
        let lists = try SearchLists(first, second, organisations: organisations, snapshot: snapshot)
        try lists.write(to: &writer)
        BuildClock.mark("write")
    }

    /// Whether `a`'s national identifier comes before `b`'s as text. Keys of one type whose
    /// identifiers have the same length (all RPPS, all ADELI) compare as their raw values, whose
    /// base-37 digits are the identifier's characters in order; other pairs compare as text.
    static func nationalIDOrder(_ a: PractitionerKey, _ b: PractitionerKey) -> Bool {
        func length(_ k: PractitionerKey) -> Int {
            var v = k.rawValue % 177_917_621_779_460_413  // 37^11, the type's place
            var n = 0
            while v > 0 {
                v /= 37
                n += 1
            }
            return n
        }
        if a.typeCode == b.typeCode, length(a) == length(b) { return a.rawValue < b.rawValue }
        return a.nationalID < b.nationalID
    }

    /// The exercise name and first name columns of a family.
    static func nameColumns(_ family: Family) -> (Int, Int) {
        switch family {
        case .personneActivite: (PersonneActiviteColumn.nomExercice.rawValue, PersonneActiviteColumn.prenomExercice.rawValue)
        case .savoirFaire: (SavoirFaireColumn.nomExercice.rawValue, SavoirFaireColumn.prenomExercice.rawValue)
        case .diplomes: (DiplomesColumn.nomExercice.rawValue, DiplomesColumn.prenomExercice.rawValue)
        case .cartes: (CartesColumn.nomExercice.rawValue, CartesColumn.prenomExercice.rawValue)
        case .mssante: (MSSanteColumn.nomExercice.rawValue, MSSanteColumn.prenomExercice.rawValue)
        }
    }
}

/// A scan, shared between the thread that runs it and the one that reads its results after.
final class SearchScanBox: @unchecked Sendable {
    // @unchecked Sendable: one thread runs the scan, another reads it only after joining that one.
    var scan: SearchScan

    init(_ scan: consuming SearchScan) { self.scan = scan }
}
/// Development aid: phase times and resident memory on stderr when ANNUAIRE_SEARCH_PROFILE=1.
enum BuildClock {
    nonisolated(unsafe) static var last = 0.0
    static let enabled = getenv("ANNUAIRE_SEARCH_PROFILE") != nil
    static func mark(_ what: String) {
        guard enabled else { return }
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        let now = Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "0 0"
        let rss = (Int(statm.split(separator: " ")[1]) ?? 0) * 4096 / 1_048_576
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let parts = status.split(separator: "\n").filter { $0.hasPrefix("Rss") || $0.hasPrefix("VmHWM") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        let line = "search index: \(what) \(last == 0 ? 0 : now - last) s, cpu \(cpu) s, rss \(rss) MB, \(parts)\n"
        var bytes = Array(line.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
        last = now
    }
}
