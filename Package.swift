// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "annuaire",
    platforms: [.macOS(.v15)],
    // The libraries a Swift user depends on: reading the files, the snapshot (lookup, search,
    // freshness, export), the FHIR mapping, the generator of test data. The sync and the server are
    // the command's (their declarations are `package`); what Benchmarks/ and FuzzTesting/ reach inside
    // the libraries is `@_spi(Internals)`.
    products: [
        .executable(name: "annuaire", targets: ["annuaire"]),
        .library(name: "AnnuaireParsing", targets: ["AnnuaireParsing"]),
        .library(name: "AnnuaireSnapshot", targets: ["AnnuaireSnapshot"]),
        .library(name: "AnnuaireSynth", targets: ["AnnuaireSynth"]),
        .library(name: "AnnuaireFHIR", targets: ["AnnuaireFHIR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `annuaire sync`: the HTTP client, and from its graph (no extra build) the NIO types it speaks
        // in (ByteBuffer, TLS configuration); the tests' fault-injecting server is on NIO too.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        // `annuaire serve`: the server framework, its logging and metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already a dependency of Hummingbird; named so that the server can run in a ServiceGroup.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // `swift package generate-documentation`: the DocC catalog of the library (built only when asked).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
        .target(name: "AnnuaireSnapshot", dependencies: ["AnnuaireParsing", "CSQLite"]),
        // Deterministic generator of realistic extraction files (tests, demo, benchmarks).
        .target(name: "AnnuaireSynth", dependencies: ["AnnuaireParsing", "CZlib"]),
        // C shim over the system libcrypto's SHA-1 (libssl-dev), for the checksums publishers give.
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        // C shim over the system libsqlite3 (libsqlite3-dev), for `export --format sqlite`.
        .target(name: "CSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Fetching the nightly files: HTTP client, archive, retries, sources file, extract-time rules.
        .target(
            name: "AnnuaireSync",
            dependencies: [
                "AnnuaireParsing", "AnnuaireSnapshot", "CCrypto",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // FHIR R4 resources of a snapshot's practitioners (spec/fhir.md); the server and an export share it.
        .target(name: "AnnuaireFHIR", dependencies: ["AnnuaireSnapshot", "AnnuaireParsing"]),
        // The HTTP service: routes over library calls (JSON /v1, FHIR /fhir, health, metrics).
        .target(
            name: "AnnuaireServer",
            dependencies: [
                "AnnuaireSnapshot", "AnnuaireParsing", "AnnuaireFHIR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "annuaire",
            dependencies: [
                "AnnuaireParsing", "AnnuaireSnapshot", "AnnuaireFHIR", "AnnuaireSynth", "AnnuaireSync", "AnnuaireServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: paths of the fixtures and samples, temporary directories.
        .target(name: "TestSupport", dependencies: ["AnnuaireParsing", "AnnuaireSynth"], path: "Tests/TestSupport"),
        .testTarget(name: "AnnuaireParsingTests", dependencies: ["AnnuaireParsing", "AnnuaireSynth", "TestSupport"]),
        .testTarget(name: "AnnuaireSnapshotTests", dependencies: ["AnnuaireSnapshot", "AnnuaireParsing", "AnnuaireSynth", "TestSupport"]),
        .testTarget(name: "annuaireTests", dependencies: ["annuaire", "TestSupport"]),
        .testTarget(
            name: "AnnuaireSyncTests",
            dependencies: [
                "AnnuaireSync", "AnnuaireSnapshot", "AnnuaireParsing", "AnnuaireSynth", "TestSupport", "annuaire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "AnnuaireFHIRTests",
            dependencies: ["AnnuaireFHIR", "AnnuaireSnapshot", "AnnuaireParsing", "AnnuaireSynth", "TestSupport"]),
        .testTarget(
            name: "AnnuaireServerTests",
            dependencies: [
                "AnnuaireServer", "AnnuaireSnapshot", "AnnuaireParsing", "AnnuaireSynth", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "AnnuaireSynthTests", dependencies: ["AnnuaireSynth", "AnnuaireParsing", "TestSupport"]),
    ]
)
