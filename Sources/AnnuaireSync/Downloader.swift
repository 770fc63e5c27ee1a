import AnnuaireParsing
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// One source's transfer, one attempt at a time: a conditional GET, resumed with `Range` from
/// the partial file of an interrupted attempt (restarted when the server ignores it), streamed to
/// disk chunk by chunk (the body is pulled only once the previous chunk is written, so memory
/// stays bounded whatever the size), its length checked, its SHA-1 computed and, where the
/// publisher gives one, compared.
struct Downloader: Sendable {
    var client: HTTPClient
    var archive: Archive
    /// Seconds an attempt may run in all (a whole file), and without a byte arriving.
    var requestTimeout: Double
    var readTimeout: Double
    var report: @Sendable (SyncEvent) -> Void

    enum Outcome: Sendable, Equatable {
        case notModified
        case downloaded(StagedFile)
    }

    /// The validators of the last version fetched: `If-None-Match` is sent with the `ETag`, else
    /// `If-Modified-Since` with `Last-Modified`.
    struct Validators: Sendable, Equatable {
        var etag: String?
        var lastModified: String?
        var sha1: String?
        /// The file's name as published, compared with a `HEAD`'s `Content-Disposition` when
        /// there is neither `ETag` nor `Last-Modified`.
        var fileName: String?
    }

    /// The `Content-Disposition` file name of a `HEAD` answer, or nil (no such header, or an error:
    /// the GET that follows then decides).
    private func headFileName(_ url: String) async throws -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .HEAD
        request.headers.add(name: "User-Agent", value: "annuaire-sync")
        guard let response = try? await client.execute(request, timeout: .milliseconds(Int64(readTimeout * 1000))),
            response.status.code == 200
        else { return nil }
        return response.headers.first(name: "Content-Disposition").flatMap(ExtractTimeRule.fileName(contentDisposition:))
    }

    /// What the staging folder keeps beside a partial transfer, to resume it with `If-Range`.
    struct PartialMeta: Codable {
        var url: String
        var etag: String?
        var lastModified: String?
    }

    func partialPath(_ url: String) -> String {
        var digest = SHA1()
        Array(url.utf8).withUnsafeBytes { digest.update($0) }
        return archive.staging + "/" + digest.hexDigest().prefix(16) + ".part"
    }

    /// One attempt.
    func attempt(_ source: SyncSource, previous: Validators?) async throws -> Outcome {
        let url = source.url
        if let previous, previous.etag == nil, previous.lastModified == nil, let name = previous.fileName,
            try await headFileName(url) == name
        {
            // No validators to ask with (the ANS service): a HEAD names the file without sending it.
            report(.notModified(url: url))
            return .notModified
        }
        let part = partialPath(url)
        let done = String(part.dropLast(5)) + ".done"
        try makeDirectory(archive.staging)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "annuaire-sync")
        request.headers.add(name: "Accept-Encoding", value: "identity")
        if let etag = previous?.etag {
            request.headers.add(name: "If-None-Match", value: etag)
        } else if let lastModified = previous?.lastModified {
            request.headers.add(name: "If-Modified-Since", value: lastModified)
        }
        let partialBytes = fileSize(part)
        let meta = partialBytes > 0 ? readMeta(part) : nil
        var resumeFrom: Int64 = 0
        if partialBytes > 0, let meta, meta.url == url, let validator = meta.etag ?? meta.lastModified {
            request.headers.add(name: "Range", value: "bytes=\(partialBytes)-")
            request.headers.add(name: "If-Range", value: validator)
            resumeFrom = partialBytes
            report(.resuming(url: url, from: partialBytes))
        } else if partialBytes > 0 {
            unlink(part)
        }

        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(requestTimeout * 1000)))
        } catch {
            throw classify(error, url: url)
        }
        let code = Int(response.status.code)
        if code == 304 {
            report(.notModified(url: url))
            return .notModified
        }
        if code == 416 {
            unlink(part)
            throw SyncError.badRange(
                url: url, contentRange: response.headers.first(name: "Content-Range") ?? "none", partialBytes: resumeFrom)
        }
        guard code == 200 || code == 206 else {
            throw SyncError.status(url: url, code: code, reason: response.status.reasonPhrase)
        }
        var offset: Int64 = 0
        var expected: Int64? = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
        if code == 206 {
            let range = response.headers.first(name: "Content-Range") ?? ""
            guard let (start, total) = parseContentRange(range), start == resumeFrom, resumeFrom > 0 else {
                unlink(part)
                throw SyncError.badRange(url: url, contentRange: range, partialBytes: resumeFrom)
            }
            offset = start
            expected = total
        } else if resumeFrom > 0 {
            report(.restarting(url: url, reason: "the server ignored Range (answered 200 with the whole file)"))
        }
        let etag = response.headers.first(name: "ETag")
        let lastModified = response.headers.first(name: "Last-Modified")
        try writeMeta(PartialMeta(url: url, etag: etag, lastModified: lastModified), beside: part)

        // The body, chunk by chunk, to the partial file.
        let file = try openPartial(part, appending: code == 206)
        var total = offset
        let start = monotonic()
        var lastReport = 0.0
        do {
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { bytes in
                    do { try file.write(bytes) } catch { throw SyncError.file(path: part, detail: "write failed: \(error)") }
                }
                total += Int64(chunk.readableBytes)
                let now = monotonic()
                if now - lastReport >= 0.1 {
                    lastReport = now
                    report(.progress(url: url, bytes: total, total: expected, resumedFrom: offset, elapsedSeconds: now - start))
                }
            }
        } catch let error as SyncError {
            throw error
        } catch {
            if let expected, total < expected { throw SyncError.shortBody(url: url, received: total, expected: expected) }
            throw classify(error, url: url)
        }
        report(.progress(url: url, bytes: total, total: expected, resumedFrom: offset, elapsedSeconds: monotonic() - start))
        if let expected, total != expected {
            if total < expected { throw SyncError.shortBody(url: url, received: total, expected: expected) }
            unlink(part)
            throw SyncError.file(path: part, detail: "\(url) sent \(total) bytes, more than the \(expected) announced; discarded")
        }

        // The complete file: its name, extract time and checksum.
        let finalURL = response.url?.absoluteString ?? url
        let disposition = response.headers.first(name: "Content-Disposition")
        let name =
            disposition.flatMap(ExtractTimeRule.fileName(contentDisposition:))
            ?? ExtractTimeRule.percentDecoded(String(ExtractTimeRule.urlPath(finalURL).split(separator: "/").last ?? "download"))
        guard let time = ExtractTimeRule.extractTime(contentDisposition: disposition, finalURL: finalURL, lastModified: lastModified)
        else {
            unlink(part)
            throw SyncError.noExtractTime(url: url, fileName: name)
        }
        let sha1 = try fileSHA1(part)
        var verified = false
        if let published = await publishedSHA1(stableURL: url, finalURL: finalURL) {
            guard published == sha1 else {
                unlink(part)
                throw SyncError.checksumMismatch(url: url, file: name, actual: sha1, expected: published)
            }
            verified = true
        }
        if let previous, previous.sha1 == sha1 {
            // A server without validators sent the file already archived.
            unlink(part)
            unlink(part + ".json")
            report(.notModified(url: url))
            return .notModified
        }
        let record = ArchiveRecord(
            url: url, finalURL: finalURL, fileName: name, extractTime: time.time, extractTimeOrigin: time.origin, bytes: total,
            sha1: sha1, sha1Verified: verified,
            downloadedAt: ExtractTime(secondsSince1970: Int64(Date().timeIntervalSince1970)),
            headers: response.headers.map { [$0.name, $0.value] })
        guard rename(part, done) == 0 else { throw SyncError.file(path: done, detail: String(cString: strerror(errno))) }
        unlink(part + ".json")
        report(
            .downloaded(
                url: url, fileName: name, bytes: total, extractTime: time.time.parisDescription, origin: time.origin, sha1Verified: verified
            ))
        return .downloaded(StagedFile(source: source, path: done, folder: source.archiveFolder(fileName: name), record: record))
    }

    private func publishedSHA1(stableURL: String, finalURL: String) async -> String? {
        guard let (api, resource) = PublishedChecksum.apiURL(stableURL: stableURL, finalURL: finalURL) else { return nil }
        do {
            let value = try await PublishedChecksum.fetch(api: api, resource: resource, client: client, timeout: requestTimeout)
            if value == nil { report(.warning("\(api) gives no SHA-1 for resource \(resource); only the length was checked")) }
            return value
        } catch {
            report(.warning("cannot read the published SHA-1 at \(api) (\(error)); only the length was checked"))
            return nil
        }
    }

    /// A client error as a `SyncError`.
    func classify(_ error: any Error, url: String) -> SyncError {
        if let error = error as? SyncError { return error }
        if let error = error as? HTTPClientError {
            if error == .readTimeout || error == .deadlineExceeded {
                return .timeout(url: url, seconds: error == .readTimeout ? readTimeout : requestTimeout)
            }
            if error == .connectTimeout { return .transport(url: url, detail: "connect timeout") }
        }
        let text = String(describing: error)
        if url.hasPrefix("https:"), text.contains("certificate") || text.contains("CERTIFICATE") || text.contains("handshakeFailed") {
            return .untrustedCertificate(url: url, detail: text)
        }
        return .transport(url: url, detail: text)
    }
}

/// `bytes <start>-<end>/<total>` → (start, total); total nil for `*`.
func parseContentRange(_ value: String) -> (Int64, Int64?)? {
    guard value.hasPrefix("bytes ") else { return nil }
    let spec = value.dropFirst(6)
    let halves = spec.split(separator: "/")
    guard halves.count == 2, let dash = halves[0].firstIndex(of: "-"), let start = Int64(halves[0][..<dash]) else { return nil }
    return (start, Int64(halves[1]))
}

func fileSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : 0
}

func makeDirectory(_ path: String) throws {
    do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
        throw SyncError.file(path: path, detail: "cannot create the directory: \(error)")
    }
}

/// The partial file, to append to (a resumed download) or written from its start.
private func openPartial(_ part: String, appending: Bool) throws -> SystemFile {
    do { return try SystemFile.open(part, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC), mode: 0o644) } catch {
        throw SyncError.file(path: part, detail: "cannot open: \(error)")
    }
}

private func readMeta(_ part: String) -> Downloader.PartialMeta? {
    FileManager.default.contents(atPath: part + ".json").flatMap { try? JSONDecoder().decode(Downloader.PartialMeta.self, from: $0) }
}

private func writeMeta(_ meta: Downloader.PartialMeta, beside part: String) throws {
    do { try JSONEncoder().encode(meta).write(to: URL(fileURLWithPath: part + ".json"), options: .atomic) } catch {
        throw SyncError.file(path: part + ".json", detail: "\(error)")
    }
}

/// SHA-1 of a file, read 1 MiB at a time.
func fileSHA1(_ path: String) throws -> String {
    let file: SystemFile
    do { file = try SystemFile.open(path, O_RDONLY) } catch { throw SyncError.file(path: path, detail: "cannot open: \(error)") }
    var digest = SHA1()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        let n: Int
        do { n = try file.read(into: buffer) } catch { throw SyncError.file(path: path, detail: "read failed: \(error)") }
        if n == 0 { break }
        digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
    }
    return digest.hexDigest()
}

func monotonic() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
