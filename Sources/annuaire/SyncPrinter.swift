import AnnuaireParsing
import AnnuaireSync
import Foundation

/// What `annuaire sync` prints as it goes, on standard error: every failed attempt with its reason
/// and what happens next; on a terminal, a progress line per transfer (bytes, rate, ETA).
final class SyncPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let quiet: Bool
    private let bar: Bool
    private var lastDraw = 0.0
    private var drawn = false

    init(quiet: Bool, bar: Bool) {
        self.quiet = quiet
        self.bar = bar
    }

    func handle(_ event: SyncEvent) {
        lock.withLock {
            switch event {
            case let .failed(url, number, reason, delay):
                // Failures are printed even with --quiet: cron mails them.
                line(
                    "attempt \(number) at \(url) failed: \(reason)" + (delay.map { "; retrying in \($0.fixed(1)) s" } ?? "; giving up"),
                    always: true)
            case let .restarting(url, reason):
                line("\(url): \(reason); restarting from byte 0")
            case let .resuming(url, from):
                line("\(url): resuming from byte \(from) (Range)")
            case let .warning(text):
                line("warning: \(text)", always: true)
            case let .progress(url, bytes, total, resumedFrom, elapsed):
                guard bar else { return }
                let now = monotonicSeconds()
                guard now - lastDraw >= 0.2 || bytes == total else { return }
                lastDraw = now
                let speed = elapsed > 0 ? Double(bytes - resumedFrom) / elapsed : 0
                var text = "\r\(url.split(separator: "/").last ?? ""): \(megabytes(bytes))"
                if let total {
                    text += "/\(megabytes(total)) \(total > 0 ? Int(Double(bytes) * 100 / Double(total)) : 100)%"
                    if speed > 0 { text += ", ETA \(Int((Double(total - bytes) / speed).rounded())) s" }
                }
                text += ", \((speed / 1e6).fixed(1)) MB/s   "
                FileHandle.standardError.write(Data(text.utf8))
                drawn = true
            case let .notModified(url):
                line("\(url): not modified")
            case let .downloaded(url, fileName, bytes, extractTime, origin, verified):
                line(
                    "\(url): \(fileName), \(megabytes(bytes)), extract time \(extractTime) (from the \(origin)), "
                        + (verified ? "SHA-1 as published" : "no published SHA-1 (length checked)"))
            case .attempt:
                break
            }
        }
    }

    func clear() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    private func line(_ text: String, always: Bool = false) {
        guard always || !quiet else { return }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
        FileHandle.standardError.write(Data("annuaire sync: \(text)\n".utf8))
    }
}

/// Runs `body` on the concurrency pool and waits for it on this thread (the commands are
/// synchronous; the HTTP client is async).
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// The result of `runBlocking`'s task, written once before the semaphore is signalled and read
/// after it is waited for (the semaphore orders the two).
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
