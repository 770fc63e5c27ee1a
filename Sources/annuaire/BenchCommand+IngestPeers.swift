import AnnuaireParsing
import AnnuaireSnapshot
import Foundation

extension BenchCommand {
    /// DuckDB's indexed store: the table of every column as text, then an index on the RPPS
    /// column (`Identifiant PP`), in a database file; each run starts from no file.
    static let duckDBBuild = """
        import duckdb, os, sys
        F, DB = sys.argv[1], sys.argv[2]
        for path in (DB, DB + '.wal'):
            if os.path.exists(path): os.remove(path)
        con = duckdb.connect(DB)
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv('" + F + "', delim='|', quote='', all_varchar=true, header=true)")
        con.execute('CREATE INDEX t_rpps ON t ("Identifiant PP")')
        con.close()
        """

    /// DuckDB's point lookup through its Python client: every identifier once to warm up, then
    /// each timed alone (the query and its rows fetched, nothing else); prints the median in seconds.
    static let duckDBLookup = """
        import duckdb, statistics, sys, time
        DB, IDS = sys.argv[1], sys.argv[2]
        con = duckdb.connect(DB, read_only=True)
        ids = open(IDS).read().split()
        def query(i): return con.execute("SELECT * FROM t WHERE \\"Identifiant PP\\" = '" + i + "'").fetchall()
        for i in ids: query(i)
        times = []
        for i in ids:
            start = time.perf_counter()
            rows = query(i)
            times.append(time.perf_counter() - start)
            assert rows, i
        print(statistics.median(times))
        """

    /// The peers of the ingest on the personne-activite text alone: pyarrow's load (measured by
    /// the caller), DuckDB's table and index and its point lookup, against `annuaire ingest` of
    /// the same file and `Snapshot.lookup` in process on the same identifiers.
    func runIngestPeers(text: String, textBytes: Int64, rows: Int, dir: String, pyarrow: ChildRun?) throws {
        let snapshot = dir + "/peers.annuaire"
        let ingest = try repeated(
            [selfExecutable, "ingest", "--no-base", "--quiet", "--inflater", inflate.resolved.rawValue, "--snapshot", snapshot, text])
        print(
            "\nthe ingest and its peers on the same personne-activite text (\(megabytes(textBytes)), \(rows.grouped) rows), median time and highest peak of \(`repeat`) runs:"
        )
        guard ingest.status == 0 else {
            print("  annuaire ingest failed (exit \(ingest.status)): run `annuaire ingest --no-base --snapshot \(snapshot) \(text)`")
            return
        }
        let snapshotBytes = fileSize(snapshot)
        func row(_ name: String, _ run: ChildRun, _ note: String) {
            print(
                "  \(name.padding(toLength: 40, withPad: " ", startingAt: 0))" + "\(run.seconds.fixed(2)) s".leftPadded(10)
                    + "\(run.peakKB / 1024) MB".leftPadded(10) + "   " + note)
        }
        row("annuaire ingest (snapshot written)", ingest, "snapshot \(megabytes(snapshotBytes))")
        if let pyarrow, pyarrow.status == 0 {
            row(
                "pyarrow read_csv (load only, no index)", pyarrow,
                "ingest: \((pyarrow.seconds / ingest.seconds).fixed(2))× faster, \((Double(pyarrow.peakKB) / Double(max(ingest.peakKB, 1))).fixed(1))× less memory"
            )
        } else {
            print(
                "  \("pyarrow read_csv (load only, no index)".padding(toLength: 40, withPad: " ", startingAt: 0))not measured (pip install pyarrow)"
            )
        }

        // The identifiers: random RPPS practitioners of the snapshot, so present in the file.
        let opened = try Snapshot(path: snapshot)
        var keys: [PractitionerKey] = []
        var rng = SystemRandomNumberGenerator()
        var attempts = 0
        while keys.count < peerLookups, attempts < 100 * peerLookups, opened.count > 0 {
            attempts += 1
            let key = try opened.key(at: Int.random(in: 0..<opened.count, using: &rng))
            if key.typeCode == 8 { keys.append(key) }
        }
        // In process, as DuckDB: every key once to warm up, then each timed alone.
        for key in keys { _ = try opened.lookup(key) }
        var ours: [Double] = []
        for key in keys {
            let start = monotonicNow()
            let found = try opened.lookup(key)
            ours.append(monotonicNow() - start)
            precondition(found != nil)
        }

        let probe = try runChild(["python3", "-c", "import duckdb"])
        guard probe.status == 0 else {
            print("  \("DuckDB table + index".padding(toLength: 40, withPad: " ", startingAt: 0))not installed (pip install duckdb)")
            print(
                "\npoint lookup by RPPS, \(keys.count) random identifiers of the file: Snapshot.lookup \((median(ours) * 1e6).fixed(1)) µs median"
            )
            return
        }
        let database = dir + "/peers.duckdb"
        let build = try repeated(["python3", "-c", Self.duckDBBuild, text, database])
        if build.status == 0 {
            row(
                "DuckDB table + index on Identifiant PP", build,
                "store \(megabytes(fileSize(database))); ingest: \((build.seconds / ingest.seconds).fixed(2))× faster, \((Double(build.peakKB) / Double(max(ingest.peakKB, 1))).fixed(1))× less memory"
            )
        } else {
            print("  DuckDB table + index failed (exit \(build.status))")
        }
        print("\npoint lookup by RPPS, \(keys.count) random identifiers of the file, each once after a warm-up pass, median:")
        print(
            "  \("annuaire Snapshot.lookup (in process)".padding(toLength: 50, withPad: " ", startingAt: 0))\((median(ours) * 1e6).fixed(1)) µs"
        )
        guard build.status == 0 else { return }
        let ids = dir + "/peers-ids.txt"
        try keys.map(\.identifier).joined(separator: "\n").write(toFile: ids, atomically: true, encoding: .utf8)
        let answer = dir + "/peers-lookup.txt"
        let lookup = try runChild(["python3", "-c", Self.duckDBLookup, database, ids], stdoutPath: answer)
        let text = (try? String(contentsOfFile: answer, encoding: .utf8)) ?? ""
        guard lookup.status == 0, let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return print("  DuckDB point lookup failed (exit \(lookup.status))")
        }
        print(
            "  \("DuckDB WHERE \"Identifiant PP\" = … (Python client)".padding(toLength: 50, withPad: " ", startingAt: 0))\((seconds * 1e6).fixed(1)) µs   Snapshot.lookup: \((seconds / max(median(ours), 1e-9)).fixed(0))× faster"
        )
    }

    private func fileSize(_ path: String) -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
    }
}
