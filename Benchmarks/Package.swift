// swift-tools-version: 6.2
import PackageDescription

// Micro-benchmarks of annuaire on ordo-one/benchmark: `swift package benchmark` from this folder
// (see README.md). A nested package, so that the root build and CI stay light.
let package = Package(
    name: "AnnuaireBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "annuaire", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The tokenizer (field splitter kernels, line splitter, record reader) and gzip inflate.
        .executableTarget(
            name: "ParsingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AnnuaireParsing", package: "annuaire"),
                .product(name: "AnnuaireSynth", package: "annuaire"),
            ],
            path: "Benchmarks/ParsingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The snapshot's key index and the full decoding of a practitioner.
        .executableTarget(
            name: "SnapshotBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AnnuaireParsing", package: "annuaire"),
                .product(name: "AnnuaireSnapshot", package: "annuaire"),
                .product(name: "AnnuaireSynth", package: "annuaire"),
            ],
            path: "Benchmarks/SnapshotBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
