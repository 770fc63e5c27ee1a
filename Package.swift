// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "annuaire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "annuaire", targets: ["annuaire"]),
        .library(name: "AnnuaireParsing", targets: ["AnnuaireParsing"]),
        .library(name: "AnnuaireSnapshot", targets: ["AnnuaireSnapshot"]),
        .library(name: "AnnuaireSynth", targets: ["AnnuaireSynth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C shim over the system zlib: the macros of <zlib.h> as functions.
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // C shim over ISA-L's inflate (libisal-dev), loaded at run time: builds and runs without it.
        .target(name: "CIsal", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // AVX2 field splitting, chosen at run time (Swift cannot mark one function with a target feature).
        .target(name: "CSimd"),
        // bytes → lines → fields → typed records; knows text, gzip and zip, nothing of disk formats.
        .target(name: "AnnuaireParsing", dependencies: ["CZlib", "CSimd", "CIsal"]),
        // Snapshot format, writer, memory-mapped reader and key index.
        .target(name: "AnnuaireSnapshot", dependencies: ["AnnuaireParsing", "CZlib"]),
        // Deterministic generator of realistic extraction files (tests, demo, benchmarks).
        .target(name: "AnnuaireSynth", dependencies: ["AnnuaireParsing", "CZlib"]),
        .executableTarget(
            name: "annuaire",
            dependencies: [
                "AnnuaireParsing", "AnnuaireSnapshot", "AnnuaireSynth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: paths of the fixtures and samples, temporary directories.
        .target(name: "TestSupport", dependencies: ["AnnuaireParsing"], path: "Tests/TestSupport"),
        .testTarget(name: "AnnuaireParsingTests", dependencies: ["AnnuaireParsing", "AnnuaireSynth", "TestSupport"]),
        .testTarget(name: "AnnuaireSnapshotTests", dependencies: ["AnnuaireSnapshot", "AnnuaireParsing", "AnnuaireSynth", "TestSupport"]),
        .testTarget(name: "annuaireTests", dependencies: ["annuaire"]),
        .testTarget(name: "AnnuaireSynthTests", dependencies: ["AnnuaireSynth", "AnnuaireParsing", "TestSupport"]),
    ]
)
