import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSynth
import ArgumentParser
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure decompression, scan, ingest and lookups side by side, in one run.",
        discussion: """
            Without files, synthesises a nightly set first (--scale 1 is national scale, ~1.2 GB of \
            text). Each phase runs as a child process, --repeat times: the median wall time and the \
            peak memory are reported, with ratios to the decompression floor (inflate only, with the \
            fastest of the inflaters available: zlib, and ISA-L when installed) of the same inputs. --variety wide \
            synthesises the far more varied set (names, structures, addresses; see `annuaire synth`). \
            --peers runs pandas, pyarrow, polars and DuckDB, where installed, on the \
            personne-activite text, against `annuaire scan`; then the peers of the ingest on that \
            same file: pyarrow's load, DuckDB's table and index on the RPPS column and its point \
            lookup (Python client), against `annuaire ingest` of the file alone and an in-process \
            Snapshot.lookup. Only ratios measured in one run mean anything on a shared machine.
            """
    )

    @Argument(help: "Extraction files to measure (default: a synthesised nightly set).")
    var files: [String] = []

    @Option(help: "Scale of the synthesised set (1 = national).")
    var scale = 1.0

    @Option(help: "Container of the synthesised set: zip, gz or txt.")
    var format = "zip"

    @Option(help: "Values of the synthesised set: standard, or wide (far more varied names, structures and addresses).")
    var variety = "standard"

    @Option(help: "Repetitions of each phase (the median is reported).")
    var `repeat` = 3

    @Option(help: "Random lookups timed in process.")
    var lookups = 1_000_000

    @Option(help: "Random searches timed in process, per kind.")
    var searches = 10_000

    @Option(help: "Cold `annuaire lookup` processes timed.")
    var cold = 20

    @Flag(help: "Also run the peers of PERFORMANCE.md that are installed (pandas, pyarrow, polars, DuckDB).")
    var peers = false

    @Option(help: "Random RPPS identifiers of the file looked up by --peers, in DuckDB and in the snapshot.")
    var peerLookups = 300

    @OptionGroup(title: "Inflater of the scan and ingest phases (the inflate-only phase measures every available one)")
    var inflate: InflaterOption

    @Option(help: "Working directory (synthesised set, snapshot); default: a temporary directory, removed after.")
    var work: String?

    @Option(name: .customLong("lookups-in"), help: "Only time lookups, in this existing snapshot.")
    var lookupSnapshot: String?

    func validate() throws {
        guard ["zip", "gz", "txt"].contains(format) else { throw ValidationError("--format must be zip, gz or txt.") }
        guard `repeat` >= 1, scale > 0 else { throw ValidationError("--repeat must be at least 1 and --scale positive.") }
        guard SynthOptions.Variety(rawValue: variety) != nil else { throw ValidationError("--variety must be standard or wide.") }
        guard peerLookups >= 1 else { throw ValidationError("--peer-lookups must be at least 1.") }
    }

    func run() throws {
        if let lookupSnapshot { return try measureLookups(lookupSnapshot) }
        let dir = work ?? NSTemporaryDirectory() + "annuaire-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if work == nil { try? FileManager.default.removeItem(atPath: dir) } }
        var inputs = files
        if inputs.isEmpty {
            var options = SynthOptions()
            options.scale = scale
            options.format = SynthOptions.Format(rawValue: format)!
            options.directory = dir + "/set"
            options.variety = SynthOptions.Variety(rawValue: variety)!
            let start = monotonicNow()
            inputs = try Synthesizer.write(options).map(\.path)
            print("synthesised \(inputs.count) files at scale \(scale), \(variety) values, in \((monotonicNow() - start).fixed(1)) s")
        }
        let me = selfExecutable
        let inputBytes = inputs.reduce(Int64(0)) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int64) ?? 0) }

        // What the inputs hold (and a warm page cache for every phase).
        let scanJSON = dir + "/scan.json"
        guard try runChild([me, "scan", "--json"] + inputs, stdoutPath: scanJSON).status == 0 else {
            throw ValidationErrorText("the inputs cannot be scanned: run `annuaire scan` on them")
        }
        let scan = try JSONDecoder().decode(ScanSummary.self, from: Data(contentsOf: URL(fileURLWithPath: scanJSON)))
        let textBytes = scan.inputs.reduce(Int64(0)) { $0 + $1.textBytes }
        let rows = scan.inputs.reduce(0) { $0 + $1.rows }
        print(
            "inputs: \(inputs.count) files, \(megabytes(inputBytes)) on disk, \(megabytes(textBytes)) of text, \(rows.grouped) rows; \(`repeat`) runs per phase, medians"
        )

        let snapshot = dir + "/bench.annuaire"
        // One inflate-only phase per backend that can run here; scan and ingest use --inflater.
        let inflaters = InflateBackend.available
        let used = inflate.resolved
        var phases: [(String, [String])] = inflaters.map { ("inflate only (\($0))", [me, "cat", "--inflater", $0.rawValue] + inputs) }
        phases += [
            ("scan (split, validate)", [me, "scan", "--json", "--inflater", used.rawValue] + inputs),
            (
                "ingest without search index",
                [
                    "/usr/bin/env", "ANNUAIRE_NO_SEARCH_INDEX=1", me, "ingest", "--no-base", "--quiet", "--inflater", used.rawValue,
                    "--snapshot", snapshot + ".plain",
                ]
                    + inputs
            ),
            (
                "ingest (snapshot written)",
                [me, "ingest", "--no-base", "--quiet", "--inflater", used.rawValue, "--snapshot", snapshot] + inputs
            ),
        ]
        print(
            "inflaters: \(inflaters.map(\.description).joined(separator: " and ")) for the inflate-only phases; \(used) for scan and ingest"
        )
        var results: [PhaseResult] = []
        for (name, argv) in phases {
            let run = try repeated(argv)
            guard run.status == 0 else {
                throw ValidationErrorText("phase \(name) failed (exit \(run.status)): run `\(argv.dropFirst().joined(separator: " "))`")
            }
            results.append(PhaseResult(name: name, seconds: run.seconds, peakKB: run.peakKB))
        }
        let floor = results.prefix(inflaters.count).map(\.seconds).min()!
        let scanResult = results[inflaters.count]
        print("")
        print("phase".padding(toLength: 28, withPad: " ", startingAt: 0) + "median s   MB/s text   rows/s      peak RSS   × inflate")
        for r in results {
            let mbps = Double(textBytes) / r.seconds / 1e6
            let line =
                r.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + r.seconds.fixed(2).leftPadded(8) + mbps.fixed(0).leftPadded(12) + (Double(rows) / r.seconds / 1e6).fixed(2).leftPadded(7)
                + " M"
                + "\(r.peakKB / 1024) MB".leftPadded(14) + (r.seconds / floor).fixed(2).leftPadded(12)
            print(line)
        }

        let plainBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot + ".plain")[.size] as? Int64) ?? 0
        let fullBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int64) ?? 0
        if plainBytes > 0, fullBytes > 0, let plain = results.first(where: { $0.name == "ingest without search index" }),
            let full = results.last
        {
            print(
                "search index: snapshot \(megabytes(plainBytes)) → \(megabytes(fullBytes)) (+\((100 * Double(fullBytes - plainBytes) / Double(plainBytes)).fixed(1)) %), ingest \(plain.seconds.fixed(2)) s → \(full.seconds.fixed(2)) s (+\((100 * (full.seconds - plain.seconds) / plain.seconds).fixed(1)) %), peak \(plain.peakKB / 1024) MB → \(full.peakKB / 1024) MB"
            )
        }
        try? FileManager.default.removeItem(atPath: snapshot + ".plain")

        try measureLookups(snapshot)
        if peers { try runPeers(inputs: inputs, scan: scan, dir: dir, oursSeconds: scanResult.seconds, oursPeakKB: scanResult.peakKB) }
    }

    /// `argv` run `--repeat` times: the median wall time and the highest peak memory; the first
    /// failing run's status ends the repetitions.
    func repeated(_ argv: [String]) throws -> ChildRun {
        var times: [Double] = []
        var peak = 0
        for _ in 0..<`repeat` {
            let run = try runChild(argv)
            guard run.status == 0 else { return run }
            times.append(run.seconds)
            peak = max(peak, run.peakKB)
        }
        return ChildRun(seconds: median(times), peakKB: peak, status: 0)
    }

    private func measureLookups(_ path: String) throws {
        let snapshot = try Snapshot(path: path)
        guard snapshot.count > 0 else { return }
        var rng = SystemRandomNumberGenerator()
        let keys = try (0..<lookups).map { _ in try snapshot.key(at: Int.random(in: 0..<snapshot.count, using: &rng)) }
        var record: [Double] = []
        var full: [Double] = []
        record.reserveCapacity(keys.count)
        for key in keys {
            let start = monotonicNow()
            let found = try snapshot.lookup(key)
            record.append(monotonicNow() - start)
            precondition(found != nil)
        }
        for key in keys.prefix(100_000) {
            let start = monotonicNow()
            _ = try snapshot.practitioner(key)
            full.append(monotonicNow() - start)
        }
        // The same key again and again: its pages in cache, what is left is the work itself.
        var hot: [Double] = []
        var hotFull: [Double] = []
        for key in keys.prefix(100) {
            for _ in 0..<100 {
                let start = monotonicNow()
                _ = try snapshot.lookup(key)
                hot.append(monotonicNow() - start)
            }
            for _ in 0..<100 {
                let start = monotonicNow()
                _ = try snapshot.practitioner(key)
                hotFull.append(monotonicNow() - start)
            }
        }
        // What `serve` and `lookup --json` answer: the grouped view's JSON, written from the bytes.
        var json: [Double] = []
        var jsonBytes = 0
        let freshness = FreshnessJSON(.standard, now: ExtractTime(secondsSince1970: Int64(Date().timeIntervalSince1970)))
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        for key in keys.prefix(100_000) {
            out.removeAll(keepingCapacity: true)
            let start = monotonicNow()
            _ = try snapshot.writeLookupJSON(key, query: key.nationalID, freshness: freshness, into: &out)
            json.append(monotonicNow() - start)
            jsonBytes += out.count
        }
        func percentile(_ v: [Double], _ p: Double) -> Double { v.sorted()[min(v.count - 1, Int(Double(v.count) * p))] }
        print("")
        print("lookups over \(snapshot.count.grouped) practitioners, in process:")
        print(
            "  record decoded (Snapshot.lookup), \(keys.count.grouped) random keys: median \((median(record) * 1e9).fixed(0)) ns, p99 \((percentile(record, 0.99) * 1e9).fixed(0)) ns"
        )
        print(
            "  grouped view with structures and ORG mailboxes (Snapshot.practitioner), \(full.count.grouped) keys: median \((median(full) * 1e9).fixed(0)) ns, p99 \((percentile(full, 0.99) * 1e9).fixed(0)) ns"
        )
        print(
            "  the same, each of 100 keys 100 times (in cache: the work without the memory's latency): record \((median(hot) * 1e9).fixed(0)) ns, grouped view \((median(hotFull) * 1e9).fixed(0)) ns median"
        )
        print(
            "  lookup JSON written from the stored bytes (Snapshot.writeLookupJSON), \(json.count.grouped) keys: median \((median(json) * 1e9).fixed(0)) ns, p99 \((percentile(json, 0.99) * 1e9).fixed(0)) ns, \(jsonBytes / max(json.count, 1)) bytes on average"
        )
        try measureSearches(snapshot)
        var coldTimes: [Double] = []
        for key in keys.prefix(cold) {
            coldTimes.append(try runChild([selfExecutable, "lookup", "--json", "--snapshot", path, key.nationalID]).seconds)
        }
        if !coldTimes.isEmpty {
            print("  cold `annuaire lookup --json` process, \(coldTimes.count) runs: median \((median(coldTimes) * 1e3).fixed(1)) ms wall")
        }
    }

    /// Searches made of random practitioners' own values (a name prefix of 4 letters, a postcode,
    /// both), timed in process from the query to the first page of keys with the total.
    private func measureSearches(_ snapshot: Snapshot) throws {
        guard snapshot.hasSearchIndex else { return print("  (no search index in this snapshot)") }
        var rng = SystemRandomNumberGenerator()
        var names: [SearchQuery] = []
        var postcodes: [SearchQuery] = []
        var pairs: [SearchQuery] = []
        while names.count < searches, names.count + postcodes.count < 50 * searches {
            let key = try snapshot.key(at: Int.random(in: 0..<snapshot.count, using: &rng))
            guard let p = try snapshot.practitioner(key) else { continue }
            let word = TextNormalizer.words(p.identity["nomExercice"]).first { $0.count >= 4 }
            let postcode = p.activities.compactMap { $0.structure?["codePostal"] }.first { $0.count == 5 }
            if let word { names.append(try SearchQuery([.name: String(word.prefix(4))])) }
            if let postcode { postcodes.append(try SearchQuery([.postcode: postcode])) }
            if let word, let postcode { pairs.append(try SearchQuery([.name: String(word.prefix(4)), .postcode: postcode])) }
        }
        func time(_ queries: [SearchQuery]) throws -> (median: Double, p99: Double, total: Double) {
            var times: [Double] = []
            var totals = 0
            for query in queries {
                let start = monotonicNow()
                let results = try snapshot.search(query)
                let page = try results.page(after: nil, limit: 20)
                times.append(monotonicNow() - start)
                totals += page.total
            }
            times.sort()
            return (median(times), times[min(times.count - 1, times.count * 99 / 100)], Double(totals) / Double(max(1, queries.count)))
        }
        print(
            "  search, first page of 20 keys with the exact total (Snapshot.search), search index \(megabytes(Int64(snapshot.searchIndexBytes))) (\((100 * Double(snapshot.searchIndexBytes) / Double(snapshot.byteCount - snapshot.searchIndexBytes)).fixed(1)) % of the rest):"
        )
        for (label, queries) in [("name prefix (4 letters)", names), ("postcode", postcodes), ("name prefix + postcode", pairs)]
        where !queries.isEmpty {
            let t = try time(queries)
            print(
                "    \(label), \(queries.count) random: median \((t.median * 1e6).fixed(1)) µs, p99 \((t.p99 * 1e6).fixed(1)) µs, \(t.total.fixed(0)) matches on average"
            )
        }
    }

    private func runPeers(inputs: [String], scan: ScanSummary, dir: String, oursSeconds: Double, oursPeakKB: Int) throws {
        guard let pa = scan.inputs.first(where: { $0.family == .personneActivite }) else {
            print("\n--peers: no personne-activite input to compare on")
            return
        }
        // The peers read plain text: decompress the personne-activite input once, under its own
        // name (the ingest reads the extract time from it).
        try FileManager.default.createDirectory(atPath: dir + "/peers", withIntermediateDirectories: true)
        var name = String((pa.entry ?? pa.path).split(separator: "/").last ?? "personne-activite.txt")
        if name.hasSuffix(".gz") { name.removeLast(3) }
        let text = dir + "/peers/" + name
        var options = ["cat", pa.path]
        if let entry = pa.entry { options += ["--entry", entry] }
        _ = try runChild([selfExecutable] + options, stdoutPath: text)
        let ours = try repeated([selfExecutable, "scan", "--json", text])
        let scripts: [(String, String)] = [
            (
                "pandas (C engine)",
                "import pandas, csv; pandas.read_csv(F, sep='|', dtype=str, quoting=csv.QUOTE_NONE, keep_default_na=False)"
            ),
            ("pandas (pyarrow engine)", "import pandas; pandas.read_csv(F, sep='|', dtype=str, engine='pyarrow', keep_default_na=False)"),
            (
                "pyarrow read_csv",
                "import pyarrow.csv as c; c.read_csv(F, parse_options=c.ParseOptions(delimiter='|', quote_char=False), convert_options=c.ConvertOptions(column_types={}, strings_can_be_null=False, auto_dict_encode=False, check_utf8=True, include_missing_columns=True))"
            ),
            ("polars read_csv", "import polars; polars.read_csv(F, separator='|', quote_char=None, infer_schema_length=0)"),
            (
                "DuckDB read_csv",
                "import duckdb; duckdb.sql(\"CREATE TABLE t AS SELECT * FROM read_csv('\" + F + \"', delim='|', quote='', all_varchar=true, header=true)\")"
            ),
        ]
        print(
            "\npeers on the personne-activite text (\(megabytes(pa.textBytes))), loading every column as strings, median time and highest peak of \(`repeat`) runs:"
        )
        print(
            "  annuaire scan".padding(toLength: 28, withPad: " ", startingAt: 0) + "\(ours.seconds.fixed(2)) s".leftPadded(10)
                + "\(ours.peakKB / 1024) MB".leftPadded(10))
        var pyarrow: ChildRun?
        for (name, code) in scripts {
            let module = code.split(separator: " ")[1].split(separator: ",")[0].split(separator: ".")[0]
            let probe = try runChild(["python3", "-c", "import \(module)"])
            guard probe.status == 0 else {
                print("  \(name.padding(toLength: 26, withPad: " ", startingAt: 0))not installed (pip install \(module))")
                continue
            }
            let run = try repeated(["python3", "-c", "F = '\(text)'\n" + code])
            if name == "pyarrow read_csv" { pyarrow = run }
            let verdict = run.status == 0 ? "" : "  (failed, exit \(run.status))"
            print(
                "  \(name.padding(toLength: 26, withPad: " ", startingAt: 0))" + "\(run.seconds.fixed(2)) s".leftPadded(10)
                    + "\(run.peakKB / 1024) MB".leftPadded(10)
                    + "   annuaire is \((run.seconds / ours.seconds).fixed(1))× faster with \(((Double(run.peakKB) / Double(max(ours.peakKB, 1)))).fixed(1))× less memory\(verdict)"
            )
        }
        try runIngestPeers(text: text, textBytes: pa.textBytes, rows: pa.rows, dir: dir + "/peers", pyarrow: pyarrow)
        try? FileManager.default.removeItem(atPath: dir + "/peers")
    }
}

private struct PhaseResult {
    var name: String
    var seconds: Double
    var peakKB: Int
}

private struct ScanSummary: Decodable {
    var inputs: [Input]
    struct Input: Decodable {
        var path: String
        var entry: String?
        var family: Family
        var rows: Int
        var textBytes: Int64
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
