// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for the annuaire readers. Build and run them with `./run` (see README.md):
// every target is compiled with `-sanitize=fuzzer,address -parse-as-library`, so libFuzzer
// provides `main` and each target only exports `LLVMFuzzerTestOneInput`.
let package = Package(
    name: "FuzzTesting",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "annuaire", path: "../")
    ],
    targets: [
        // What the targets share: scratch files, chunk sizes derived from the input.
        .target(name: "FuzzSupport"),
        // Lines → fields → records on arbitrary text.
        .executableTarget(
            name: "FuzzTokenizer",
            dependencies: ["FuzzSupport", .product(name: "AnnuaireParsing", package: "annuaire")]
        ),
        // Arbitrary bytes as a (multi-member) .gz.
        .executableTarget(
            name: "FuzzGzip",
            dependencies: ["FuzzSupport", .product(name: "AnnuaireParsing", package: "annuaire")]
        ),
        // Arbitrary bytes as a .zip: central directory, ZIP64, each entry streamed.
        .executableTarget(
            name: "FuzzZip",
            dependencies: ["FuzzSupport", .product(name: "AnnuaireParsing", package: "annuaire")]
        ),
        // Arbitrary bytes as a snapshot: open, verify, lookups, every practitioner.
        .executableTarget(
            name: "FuzzSnapshot",
            dependencies: [
                "FuzzSupport",
                .product(name: "AnnuaireParsing", package: "annuaire"),
                .product(name: "AnnuaireSnapshot", package: "annuaire"),
            ]
        ),
    ]
)
