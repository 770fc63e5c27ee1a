import Foundation
import TestSupport
import Testing

@testable import AnnuaireParsing
@testable import AnnuaireSnapshot

/// Issue 6, corrupt snapshots: every byte of the header, of both indexes and of the blocks (rows,
/// structures, ORG mailbox groups) is flipped in turn; each damaged file must be refused on open,
/// or answer every lookup exactly as the intact one does or with a `SnapshotError`, and fail
/// `verify`. Never a crash, never a wrong answer.
@Suite struct DamageTests {
    let dir = TemporaryDirectory()

    /// What a lookup answered, in a comparable form: the rows, or "absent", or "damaged".
    private func answer(_ snapshot: Snapshot, _ key: PractitionerKey) -> String {
        do {
            guard let record = try snapshot.lookup(key) else { return "absent" }
            return record.rows.map { row in
                "\(row.family) \(row.structureID ?? -1) " + row.values.map { "\($0.column)=\($0.text)" }.joined(separator: "|")
            }.joined(separator: "\n")
        } catch is SnapshotError {
            return "damaged"
        } catch {
            return "unexpected \(error)"
        }
    }

    private func mailboxes(_ snapshot: Snapshot, _ structure: String) -> String {
        do {
            return try snapshot.organisationMailboxes(structure: structure).map { $0[MSSanteColumn.adresseBAL] }.joined(separator: ",")
        } catch is SnapshotError {
            return "damaged"
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func everyFlippedByteOfTheHeaderIndexesAndBlocksIsCaughtOrHarmless() throws {
        try ingest(fixtureFiles, into: dir.snapshot)
        let good = try Snapshot(path: dir.snapshot)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.snapshot)))
        let present = try (0..<good.count).map { try good.key(at: $0) }
        let absent = try [rpps(99), rpps(98), rpps(0)].map(PractitionerKey.init(lookup:))
        let keys = present + absent
        let expected = keys.map { answer(good, $0) }
        let structures = ["750000010", "750000011", "010000001", "R10000000001", "nothing"]
        let expectedMailboxes = structures.map { mailboxes(good, $0) }
        #expect(expectedMailboxes.contains { !$0.isEmpty }, "the fixtures have an ORG mailbox found by structure")

        // The header: every byte that holds something (fields and section table), the stored CRC,
        // and every 32nd byte of the zero padding between (one CRC covers them all alike).
        let table = 40 + SnapshotFormat.Section.allCases.count * SnapshotHeader.sectionEntrySize
        let header =
            Array(0..<table) + Array(stride(from: table, to: SnapshotHeader.size - 8, by: 32))
            + Array((SnapshotHeader.size - 8)..<SnapshotHeader.size)
        func section(_ kind: SnapshotFormat.Section) -> Range<Int> { good.header.section(kind.rawValue)!.range }
        let positions =
            header + Array(section(.keys)) + Array(section(.orgKeys)) + Array(section(.records)) + Array(section(.orgRecords))
        let path = dir.path + "/damaged.annuaire"
        var refusedOnOpen = 0
        var caughtOnLookup = 0
        for position in positions {
            for flip: UInt8 in [0x01, 0x80] {
                var damaged = bytes
                damaged[position] ^= flip
                FileManager.default.createFile(atPath: path, contents: Data(damaged))
                guard let snapshot = try? Snapshot(path: path) else {
                    refusedOnOpen += 1
                    continue
                }
                #expect(position >= SnapshotHeader.size, "a damaged header byte \(position) was not refused on open")
                #expect(snapshotError { try snapshot.verify() } != nil, "verify missed a flipped byte at \(position)")
                for (key, want) in zip(keys, expected) {
                    let got = answer(snapshot, key)
                    if got == "damaged" {
                        caughtOnLookup += 1
                    } else {
                        #expect(got == want, "byte \(position) ^ \(flip): wrong answer for \(key.nationalID)")
                    }
                }
                for (structure, want) in zip(structures, expectedMailboxes) {
                    let got = mailboxes(snapshot, structure)
                    if got == "damaged" {
                        caughtOnLookup += 1
                    } else {
                        #expect(got == want, "byte \(position) ^ \(flip): wrong mailboxes for \(structure)")
                    }
                }
            }
        }
        #expect(refusedOnOpen >= 2 * header.count)
        #expect(caughtOnLookup > 0)
    }
}
