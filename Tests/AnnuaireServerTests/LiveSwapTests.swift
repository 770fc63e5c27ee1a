import AnnuaireParsing
import AnnuaireSnapshot
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import AnnuaireServer

/// The snapshot replaced under a request loop, and the graceful shutdown of a request in flight.
@Suite struct LiveSwapTests {
    @Test func anIngestReplacesTheSnapshotUnderARequestLoopWithNoFailure() async throws {
        let dir = try fixtureSnapshot()
        let old = try Snapshot(path: dir.snapshot)
        func body(_ s: Snapshot) throws -> String {
            try LookupAnswer.answer("810000000017", in: s, freshness: FreshnessJSON(.standard, now: freshTime)).json.serialized() + "\n"
        }
        let oldBody = try body(old)
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let answers = Answers()
            let path = dir.snapshot
            // The loop runs until answers come from the new file (the server checks the file's
            // identity at most every second), at most two minutes.
            let cap = ContinuousClock.now + .seconds(120)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for _ in 0..<4 {
                    tasks.addTask {
                        while ContinuousClock.now < cap, !answers.over {
                            let a = try await call("\(base)/v1/practitioners/810000000017")
                            answers.list.withLock { $0.append((a.status, a.header("Annuaire-Snapshot"), a.text)) }
                        }
                    }
                }
                tasks.addTask {
                    // A second later (a new creation time), an ingest without the MSSanté family
                    // renames a new snapshot over the file.
                    try await Task.sleep(for: .seconds(1.1))
                    // …once the loop has answers from the old one (the suite's other tests may
                    // slow the first requests down).
                    while answers.list.withLock({ $0.count }) < 8, ContinuousClock.now < cap {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    let files = fixtureFiles.filter { !$0.contains("MSSante") }
                    _ = try SnapshotBuilder().ingest(files, into: path)
                    answers.ingested.withLock { $0 = ContinuousClock.now }
                }
                try await tasks.waitForAll()
            }
            let new = try Snapshot(path: dir.snapshot)
            #expect(new.createdAt != old.createdAt)
            let newBody = try body(new)
            #expect(newBody != oldBody)
            let all = answers.list.withLock { $0 }
            #expect(all.count >= 12)
            #expect(all.allSatisfy { $0.status == 200 })
            for a in all {
                if a.snapshot == old.createdAt.description {
                    #expect(a.body == oldBody)
                } else {
                    #expect(a.snapshot == new.createdAt.description)
                    #expect(a.body == newBody)
                }
            }
            #expect(all.first?.snapshot == old.createdAt.description)
            #expect(all.last?.snapshot == new.createdAt.description)
        }
    }

    @Test func gracefulShutdownLetsARequestInFlightFinish() async throws {
        let dir = try fixtureSnapshot()
        nonisolated(unsafe) var served: String?
        try await withServer(snapshot: dir.snapshot) { base, group in
            let (chunks, feed) = AsyncStream.makeStream(of: ByteBuffer.self)
            let text = Array(#"["810000000017", "19999999998"]"#.utf8)
            var request = HTTPClientRequest(url: "\(base)/v1/practitioners/lookup")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .stream(chunks, length: .known(Int64(text.count)))
            let inFlight = Task { () throws -> Answer in
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let bytes = try await response.body.collect(upTo: 1 << 20)
                return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
            }
            feed.yield(ByteBuffer(bytes: text[0..<10]))
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            try await Task.sleep(for: .milliseconds(300))
            feed.yield(ByteBuffer(bytes: text[10...]))
            feed.finish()
            let answer = try await inFlight.value
            #expect(answer.status == 200)
            #expect((try answer.json() as? [[String: Any]])?.count == 2)
            served = base
        }
        // The service group has ended: nothing listens any more (the client retries a refused
        // connection until its deadline, then fails).
        let base = try #require(served)
        await #expect(throws: (any Error).self) { _ = try await call("\(base)/healthz", timeout: .seconds(2)) }
    }
}

/// What the request loop saw, from several tasks.
private final class Answers: Sendable {
    let list = Mutex<[(status: Int, snapshot: String?, body: String)]>([])
    let ingested = Mutex<ContinuousClock.Instant?>(nil)
    /// Once the ingest is done and four answers came from another snapshot than the first
    /// answer's: decided by what the server answered, not by a clock, so that a loaded machine
    /// (the suite's ingests beside it) slows the test down without failing it.
    var over: Bool {
        guard ingested.withLock({ $0 != nil }) else { return false }
        return list.withLock { all in all.filter { $0.snapshot != all.first?.snapshot }.count >= 4 }
    }
}
