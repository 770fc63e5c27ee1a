import AnnuaireParsing
import Foundation
import TestSupport
import Testing

@testable import AnnuaireSync

@Suite("extract times of files without a timestamp in their names")
struct ExtractTimeRuleTests {
    @Test func contentDispositionFileNames() {
        #expect(
            ExtractTimeRule.fileName(contentDisposition: "attachment; filename=PS_LibreAcces_202611220315.zip")
                == "PS_LibreAcces_202611220315.zip")
        #expect(ExtractTimeRule.fileName(contentDisposition: #"attachment; filename="a b.txt""#) == "a b.txt")
        #expect(
            ExtractTimeRule.fileName(contentDisposition: "attachment; filename*=UTF-8''x%20y_202611220315.txt") == "x y_202611220315.txt")
        #expect(ExtractTimeRule.fileName(contentDisposition: #"attachment; filename="../../etc/passwd""#) == "passwd")
        #expect(ExtractTimeRule.fileName(contentDisposition: "inline") == nil)
    }

    @Test func theRuleTakesTheBestOrigin() {
        let lm = "Sun, 22 Nov 2026 02:15:00 GMT"
        let cd = ExtractTimeRule.extractTime(
            contentDisposition: "attachment; filename=PS_LibreAcces_202611220315.zip",
            finalURL: "https://static.example/resources/d/20261121-000000/x.txt", lastModified: lm)
        #expect(
            cd
                == AssignedExtractTime(
                    time: ExtractTime(parisYear: 2026, month: 11, day: 22, hour: 3, minute: 15)!, origin: "Content-Disposition"))
        let folder = ExtractTimeRule.extractTime(
            contentDisposition: nil, finalURL: "https://static.example/resources/d/20261121-074512/x.txt?a=b", lastModified: lm)
        #expect(folder == AssignedExtractTime(time: ExtractTime(iso8601: "2026-11-21T07:45:12Z")!, origin: "upload folder"))
        let modified = ExtractTimeRule.extractTime(
            contentDisposition: "attachment; filename=x.txt", finalURL: "http://h/x.txt", lastModified: lm)
        #expect(modified == AssignedExtractTime(time: ExtractTime(iso8601: "2026-11-22T02:15:00Z")!, origin: "Last-Modified"))
        #expect(ExtractTimeRule.extractTime(contentDisposition: nil, finalURL: "http://h/x.txt", lastModified: "yesterday") == nil)
        #expect(ExtractTimeRule.httpDate("Tue, 29 Feb 2028 23:59:59 GMT") == ExtractTime(iso8601: "2028-02-29T23:59:59Z"))
    }

    @Test func eachOriginThroughARealTransfer() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        let body = Array(FileManager.default.contents(atPath: fixtures + "/Extraction_Correspondance_MSSante_202611220315.txt")!)
        server.set(
            "/ws/mssante",
            .file(.init(body: body, contentDisposition: "attachment; filename=Extraction_Correspondance_MSSante_202611220415.txt")))
        server.set("/plain/extraction-correspondance-mssante.txt", .file(.init(body: body, lastModified: "Sun, 22 Nov 2026 05:00:00 GMT")))
        server.set("/r/ms", .redirect(server.base + "/resources/d/20261122-060000/extraction-correspondance-mssante.txt"))
        server.set("/resources/d/20261122-060000/extraction-correspondance-mssante.txt", .file(.init(body: body)))
        let dir = TemporaryDirectory()
        let urls = ["/ws/mssante", "/plain/extraction-correspondance-mssante.txt", "/r/ms"].map { server.base + $0 }
        for (i, url) in urls.enumerated() {
            let outcome = try await synchronizer([SyncSource(url: url)], TemporaryDirectory()).run()
            let record = try #require(outcome.archived.first?.record)
            switch i {
            case 0:
                #expect(record.extractTimeOrigin == "Content-Disposition")
                #expect(record.fileName == "Extraction_Correspondance_MSSante_202611220415.txt")
                #expect(record.extractTime == ExtractTime(parisYear: 2026, month: 11, day: 22, hour: 4, minute: 15))
            case 1:
                #expect(record.extractTimeOrigin == "Last-Modified")
                #expect(record.extractTime == ExtractTime(iso8601: "2026-11-22T05:00:00Z"))
            default:
                #expect(record.extractTimeOrigin == "upload folder")
                #expect(record.extractTime == ExtractTime(iso8601: "2026-11-22T06:00:00Z"))
                #expect(record.finalURL.hasSuffix("/resources/d/20261122-060000/extraction-correspondance-mssante.txt"))
            }
            #expect(outcome.archived[0].path.contains("/archive/mssante/"))
        }
        _ = dir
    }

    @Test func noRuleAppliesIsAnErrorNamingTheURL() async throws {
        let server = try await FaultServer()
        defer { Task { await server.stop() } }
        server.set("/x.txt", .file(.init(body: Array("a|b\n".utf8))))
        let dir = TemporaryDirectory()
        let error = await #expect(throws: SyncError.self) {
            try await synchronizer([SyncSource(url: server.base + "/x.txt")], dir, retryFor: 5).run()
        }
        #expect(error == .noExtractTime(url: server.base + "/x.txt", fileName: "x.txt"))
        #expect(archiveListing(dir).isEmpty)
    }
}
