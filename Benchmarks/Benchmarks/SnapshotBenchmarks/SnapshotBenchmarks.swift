import AnnuaireParsing
import AnnuaireSnapshot
import AnnuaireSynth
import Benchmark
import Foundation

// The snapshot's key index and the full decoding of one practitioner, over a snapshot of the five
// synthesized families at scale 0.01 (~14,000 practitioners), built once per process in a
// temporary folder. Figures are per lookup (scaling factor 1,000: each iteration does 1,000).
//
// `mallocCountTotal` is checked against `Thresholds/` (`swift package benchmark thresholds check`;
// the stored counts are per iteration, i.e. per 1,000 lookups): the key index must not allocate
// at all, a full decode only the strings and arrays of the record it returns (~19 a lookup).

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    func configuration(mallocSlack slack: Int) -> Benchmark.Configuration {
        .init(
            metrics: metrics, warmupIterations: 2, scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 10_000,
            thresholds: [.mallocCountTotal: .init(absolute: [.p90: slack])],
            setup: { Fixture.prepare() })
    }

    Benchmark("Snapshot.contains.present", configuration: configuration(mallocSlack: 0)) { benchmark in
        let snapshot = Fixture.snapshot
        var found = 0
        var i = 0
        for _ in benchmark.scaledIterations {
            if try snapshot.contains(Fixture.keys[i & (Fixture.keys.count - 1)]) { found += 1 }
            i &+= 1
        }
        precondition(found == benchmark.scaledIterations.count)
        blackHole(found)
    }

    Benchmark("Snapshot.contains.absent", configuration: configuration(mallocSlack: 0)) { benchmark in
        let snapshot = Fixture.snapshot
        var found = 0
        var i = 0
        for _ in benchmark.scaledIterations {
            if try snapshot.contains(Fixture.absentKeys[i & (Fixture.absentKeys.count - 1)]) { found += 1 }
            i &+= 1
        }
        precondition(found == 0)
        blackHole(found)
    }

    Benchmark("Snapshot.lookup.fullRecord", configuration: configuration(mallocSlack: 500)) { benchmark in
        let snapshot = Fixture.snapshot
        var rows = 0
        var i = 0
        for _ in benchmark.scaledIterations {
            rows &+= try snapshot.lookup(Fixture.keys[i & (Fixture.keys.count - 1)])!.rows.count
            i &+= 1
        }
        blackHole(rows)
    }

    Benchmark(
        "Snapshot.open",
        configuration: .init(
            metrics: metrics, warmupIterations: 2, maxDuration: .seconds(2), maxIterations: 10_000,
            thresholds: [.mallocCountTotal: .init(absolute: [.p90: 8])], setup: { Fixture.prepare() })
    ) { _ in
        blackHole(try Snapshot(path: Fixture.snapshotPath).count)
    }
}

/// The snapshot the benchmarks read, built once per process.
enum Fixture {
    /// A folder of this process, removed at exit.
    static let directory: String = {
        let path = NSTemporaryDirectory() + "annuaire-benchmarks-\(getpid())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fixture.directory) }
        return path
    }()

    /// Five families as `.txt` at scale 0.01, ingested into one snapshot.
    static let snapshotPath: String = {
        let files = try! Synthesizer.write(SynthOptions(scale: 0.01, format: .txt, directory: directory + "/synth"))
        let path = directory + "/annuaire.snapshot"
        _ = try! SnapshotBuilder().ingest(files.map(\.path), into: path)
        return path
    }()

    static let snapshot = try! Snapshot(path: snapshotPath)

    /// 1,024 keys of the snapshot spread over the index, in a shuffled (seeded) order.
    static let keys: [PractitionerKey] = {
        var generator = SplitMix64(seed: 1)
        let count = snapshot.count
        return (0..<1_024).map { _ in try! snapshot.key(at: Int(generator.next() % UInt64(count))) }
    }()

    /// 1,024 well-formed RPPS keys that the snapshot does not hold.
    static let absentKeys: [PractitionerKey] = {
        var generator = SplitMix64(seed: 2)
        var keys: [PractitionerKey] = []
        while keys.count < 1_024 {
            let identifier = String(format: "%011llu", generator.next() % 100_000_000_000)
            if let key = PractitionerKey(type: "8", identifier: identifier), !(try! snapshot.contains(key)) { keys.append(key) }
        }
        return keys
    }()

    /// Builds everything above (outside the measured iterations).
    static func prepare() {
        _ = (keys.count, absentKeys.count)
    }
}
