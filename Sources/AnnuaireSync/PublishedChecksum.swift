import AsyncHTTPClient
import Foundation
import NIOCore

/// The SHA-1 data.gouv.fr publishes for a resource: its API's dataset page
/// (`<origin>/api/1/datasets/<dataset>/`) lists each resource with `checksum.type` = `sha1`.
enum PublishedChecksum {
    /// The resource id of a stable URL (`…/api/1/datasets/r/<id>`) and the dataset of its static
    /// URL (`…/resources/<dataset>/<YYYYMMDD-hhmmss>/<file>`), or nil for other URLs.
    static func apiURL(stableURL: String, finalURL: String) -> (api: String, resource: String)? {
        guard let r = stableURL.range(of: "/api/1/datasets/r/") else { return nil }
        let resource = String(stableURL[r.upperBound...].prefix { $0 != "/" && $0 != "?" })
        let parts = ExtractTimeRule.urlPath(finalURL).split(separator: "/")
        guard !resource.isEmpty, let i = parts.firstIndex(of: "resources"), i + 3 < parts.count else { return nil }
        let origin = String(stableURL[..<r.lowerBound])
        return ("\(origin)/api/1/datasets/\(parts[i + 1])/", resource)
    }

    /// The published SHA-1 (lowercase hex) of `resource`, or nil when the page has none for it.
    static func fetch(api: String, resource: String, client: HTTPClient, timeout: Double) async throws -> String? {
        var request = HTTPClientRequest(url: api)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        guard response.status.code == 200 else {
            throw SyncError.status(url: api, code: Int(response.status.code), reason: response.status.reasonPhrase)
        }
        let body = try await response.body.collect(upTo: 16 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let resources = (json as? [String: Any])?["resources"] as? [[String: Any]] else { return nil }
        for item in resources where item["id"] as? String == resource {
            guard let checksum = item["checksum"] as? [String: Any], (checksum["type"] as? String)?.lowercased() == "sha1",
                let value = checksum["value"] as? String
            else { return nil }
            return value.lowercased()
        }
        return nil
    }
}
