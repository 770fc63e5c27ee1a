import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSync

@Suite("the archive")
struct ArchiveTests {
    /// Archives one file per night of `days` (Paris dates in November 2026).
    private func fill(_ archive: Archive, days: [Int]) throws -> [String] {
        try days.map { day in
            let time = ExtractTime(parisYear: 2026, month: 11, day: day, hour: 8, minute: 0)!
            let record = ArchiveRecord(
                url: "http://h/r/pa", finalURL: "http://h/r/pa", fileName: "ps-libreacces-personne-activite.txt", extractTime: time,
                extractTimeOrigin: "Last-Modified", bytes: 1, sha1: "", sha1Verified: false, downloadedAt: time, headers: [])
            try makeDirectory(archive.staging)
            let staged = archive.staging + "/\(day).done"
            _ = FileManager.default.createFile(atPath: staged, contents: Data([UInt8(day)]))
            return try archive.commit(
                StagedFile(source: SyncSource(url: "http://h/r/pa"), path: staged, folder: "personne-activite", record: record))
        }
    }

    @Test func keepRemovesOldNightsButNeverTheCurrentSnapshotsFiles() throws {
        let dir = TemporaryDirectory()
        let archive = Archive(dataDirectory: dir.path)
        let paths = try fill(archive, days: [10, 11, 12, 13, 14])
        #expect(archive.items().map(\.path) == paths)
        // The snapshot still holds the night of the 11th (a family carried over).
        let protected: Set<String> = [(paths[1] as NSString).lastPathComponent]
        let removed = archive.prune(keep: 2, protected: protected)
        #expect(removed == [paths[0], paths[2]])
        #expect(archive.items().map(\.path) == [paths[1], paths[3], paths[4]])
        #expect(!FileManager.default.fileExists(atPath: paths[0] + ".json"))
        #expect(archive.latest(url: "http://h/r/pa")?.path == paths[4])
        #expect(archive.prune(keep: 7, protected: []).isEmpty)
    }

    @Test func recordsBesideArchivedFilesGiveIngestTheirExtractTimes() throws {
        let dir = TemporaryDirectory()
        let archive = Archive(dataDirectory: dir.path)
        let paths = try fill(archive, days: [20])
        let times = ArchiveRecord.extractTimes(for: paths + [dir.path + "/elsewhere.txt"])
        #expect(
            times == [
                paths[0]: AssignedExtractTime(
                    time: ExtractTime(parisYear: 2026, month: 11, day: 20, hour: 8, minute: 0)!, origin: "Last-Modified")
            ])
        #expect(paths[0].hasSuffix("/archive/personne-activite/20261120T070000Z-ps-libreacces-personne-activite.txt"))
    }

    @Test func retryDelaysGrowWithJitterWithinTheCap() {
        let policy = RetryPolicy(windowSeconds: 60, baseDelaySeconds: 2, maximumDelaySeconds: 10)
        for _ in 0..<50 {
            #expect((1...2).contains(policy.delay(afterAttempt: 1)))
            #expect((4...8).contains(policy.delay(afterAttempt: 3)))
            #expect((5...10).contains(policy.delay(afterAttempt: 20)))
        }
    }

    @Test func transientAndPermanentFailures() {
        #expect(SyncError.status(url: "u", code: 503, reason: "").isTransient)
        #expect(SyncError.status(url: "u", code: 429, reason: "").isTransient)
        #expect(SyncError.status(url: "u", code: 408, reason: "").isTransient)
        #expect(!SyncError.status(url: "u", code: 404, reason: "").isTransient)
        #expect(!SyncError.status(url: "u", code: 403, reason: "").isTransient)
        #expect(SyncError.shortBody(url: "u", received: 1, expected: 2).isTransient)
        #expect(!SyncError.untrustedCertificate(url: "u", detail: "").isTransient)
        #expect(SyncError.untrustedCertificate(url: "u", detail: "x").description.contains("--ca-file"))
    }
}

@Test func aSecondSyncOnTheSameDataDirectoryIsRefusedWhileTheFirstRuns() throws {
    let dir = TemporaryDirectory()
    let staging = Archive(dataDirectory: dir.path).staging
    let first = try StagingLock(staging)
    #expect(throws: SyncError.self) { _ = try StagingLock(staging) }
    first.release()
    let again = try StagingLock(staging)
    again.release()
}
