import AnnuaireParsing
import AnnuaireSynth
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSnapshot

private let python3 = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Every `.csv` file of `directory` as Python's `csv` module reads it: file name → records.
private func readWithPython(_ directory: String) throws -> [String: [[String]]] {
    let script = """
        import csv, json, os, sys
        d = sys.argv[1]
        out = {}
        for name in sorted(os.listdir(d)):
            if name.endswith('.csv'):
                with open(os.path.join(d, name), newline='', encoding='utf-8') as f:
                    out[name] = list(csv.reader(f))
        json.dump(out, sys.stdout)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python3!)
    process.arguments = ["-c", script, directory]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [[String]]])
}

@Suite(.enabled(if: python3 != nil, "needs python3 for its csv module")) struct CSVExportTests {
    let dir = TemporaryDirectory()
    let snapshot: Snapshot
    let now = ExtractTime(iso8601: "2026-11-23T20:00:00+01:00")!

    init() throws { snapshot = try synthesisedSnapshot.get().1 }

    @Test func pythonReadsBackEveryFieldOfEveryRow() throws {
        let out = dir.path + "/csv"
        let counts = try CSVExport.write(snapshot, into: out, policy: .standard, now: now)
        let read = try readWithPython(out)
        #expect(Set(read.keys) == Set(Family.allCases.map(CSVExport.fileName) + ["practitioners.csv"]))
        var expected: [String: [[String]]] = [:]
        for family in Family.allCases { expected[CSVExport.fileName(family)] = [family.columns] }
        expected["practitioners.csv"] = [CSVExport.practitionerColumns]
        func row(_ r: StoredRow) -> [String] {
            var fields = Array(repeating: "", count: r.family.columns.count)
            for v in r.values { fields[v.column] = v.text }
            return fields
        }
        try snapshot.forEachPractitioner { record in
            for r in record.rows { expected[CSVExport.fileName(r.family)]!.append(row(r)) }
            let p = try #require(try snapshot.practitioner(record.key))
            #expect(p.key.nationalID == record.key.nationalID)
            expected["practitioners.csv"]!.append(CSVExport.summary(p, policy: .standard, now: now))
        }
        try snapshot.forEachOrganisationMailbox { expected["mssante.csv"]!.append(row($0)) }
        for (name, rows) in expected {
            let got = read[name] ?? []
            #expect(got.count == rows.count, "\(name)")
            #expect(counts[name] == rows.count - 1, "\(name)")
            for (i, (a, b)) in zip(got, rows).enumerated() where a != b {
                Issue.record("\(name) record \(i): \(a) != \(b)")
                break
            }
        }
        #expect(expected["personne-activite.csv"]!.count > 100)
        let people = read["practitioners.csv"]!.dropFirst()
        #expect(people.allSatisfy { ["fresh", "stale", "unknown"].contains($0.last!) && !$0[9].isEmpty })
    }

    @Test func quotesSurviveAnyReader() throws {
        let tricky = [
            ["plain", "a \"quoted\" word", "comma, inside", "line\nbreak", "cr\rlf\r\n", "pipe | kept", "", "é ü 中", "\"", ","],
            ["", "", ""],
        ]
        let path = dir.path + "/tricky/t.csv"
        try ExportFile.makeDirectory(dir.path + "/tricky")
        let file = try ExportFile(destination: path)
        for r in tricky { try file.append { CSVExport.record(r, into: &$0) } }
        try file.commit()
        #expect(try readWithPython(dir.path + "/tricky")["t.csv"] == tricky)
        var out: [UInt8] = []
        CSVExport.record(["a\"b", "c"], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"a\"\"b\",c\r\n")
    }

    @Test func familyWritesThatFileOnly() throws {
        let out = dir.path + "/cards"
        let counts = try CSVExport.write(snapshot, into: out, policy: .standard, now: now, family: .cartes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["cartes.csv", "practitioners.csv"])
        var cards = 0
        var people = 0
        try snapshot.forEachPractitioner { r in
            let n = r.rows(of: .cartes).count
            cards += n
            if n > 0 { people += 1 }
        }
        #expect(counts == ["cartes.csv": cards, "practitioners.csv": people])
    }
}
