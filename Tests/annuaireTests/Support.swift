import Foundation

// Child processes of the real `annuaire` executable, for the tests that run it.

let fixtureZips = ["PS_LibreAcces", "Porteurs_CPS_CPF", "Extraction_Correspondance_MSSante"].map {
    root + "/Fixtures/\($0)_202611220315.zip"
}

/// The `annuaire` executable built beside this test bundle.
let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("annuaire").path

struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

func launch(
    _ arguments: [String], shellPrefix: String? = nil, input: FileHandle? = nil, output: FileHandle? = nil, error: FileHandle? = nil
) throws -> Process {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(executable) is missing: build the package first"])
    }
    let process = Process()
    if let shellPrefix {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", shellPrefix + " && exec \"$0\" \"$@\"", executable] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    }
    process.standardInput = input ?? FileHandle.nullDevice
    process.standardOutput = output ?? FileHandle.nullDevice
    process.standardError = error ?? FileHandle.nullDevice
    try process.run()
    return process
}

/// Runs `annuaire ARGS…` to its end, with its output; `input` is its standard input.
func annuaire(_ arguments: [String], shellPrefix: String? = nil, input: String? = nil) throws -> Finished {
    let out = Pipe()
    let err = Pipe()
    let inputFile = try input.map { text -> FileHandle in
        let path = NSTemporaryDirectory() + "annuaire-input-" + UUID().uuidString
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { unlink(path) }
        return try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    }
    let process = try launch(
        arguments, shellPrefix: shellPrefix, input: inputFile, output: out.fileHandleForWriting, error: err.fileHandleForWriting)
    try out.fileHandleForWriting.close()
    try err.fileHandleForWriting.close()
    // Read both to the end (in turn is fine: the outputs here are small).
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Finished(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

func command(_ argv: [String]) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0])
    process.arguments = Array(argv.dropFirst())
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Finished(status: process.terminationStatus, stdout: "", stderr: "")
}

/// The names in the data directory `directory` that an ingest may leave there: the snapshot, the
/// one it replaced, the writers' lock file. Anything else is a stray file.
func strayFiles(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter {
        !["current.annuaire", "previous.annuaire", "ingest.lock"].contains($0)
    }.sorted()
}

/// Reads `handle` until `count` lines starting with `prefix` have come (or the end); returns how
/// many came.
func readLines(from handle: FileHandle, until count: Int, prefix: String) throws -> Int {
    var pending = Data()
    var seen = 0
    while seen < count {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        pending.append(chunk)
        while let newline = pending.firstIndex(of: 0x0A) {
            let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
            pending.removeSubrange(pending.startIndex...newline)
            if line.hasPrefix(prefix) { seen += 1 }
            if seen >= count { break }
        }
    }
    return seen
}
