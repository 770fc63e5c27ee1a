import AnnuaireParsing

/// The extract time of a downloaded file, by the rule of `spec/sources.md`: the timestamp of a
/// `Content-Disposition` file name, else the static URL's upload folder
/// (`…/<YYYYMMDD-hhmmss>/<file>`, UTC, after redirects), else a timestamp in the URL's own file name,
/// else `Last-Modified`.
package enum ExtractTimeRule {
    /// Origins as recorded in the snapshot's provenance (`extractTimeSource`) and shown by `status`.
    package static let contentDisposition = "Content-Disposition"
    package static let uploadFolder = "upload folder"
    package static let urlFileName = "file name"
    package static let lastModified = "Last-Modified"

    /// The time and its origin, or nil when no rule applies.
    package static func extractTime(contentDisposition: String?, finalURL: String, lastModified: String?) -> AssignedExtractTime? {
        if let name = contentDisposition.flatMap(fileName(contentDisposition:)), let time = ExtractTime(fileName: name) {
            return AssignedExtractTime(time: time, origin: Self.contentDisposition)
        }
        let path = urlPath(finalURL)
        if let time = uploadFolderTime(path: path) { return AssignedExtractTime(time: time, origin: uploadFolder) }
        if let name = path.split(separator: "/").last, let time = ExtractTime(fileName: String(name)) {
            return AssignedExtractTime(time: time, origin: urlFileName)
        }
        if let time = lastModified.flatMap(httpDate) { return AssignedExtractTime(time: time, origin: Self.lastModified) }
        return nil
    }

    /// The `filename` of a `Content-Disposition` value (`attachment; filename="x.zip"`, unquoted,
    /// or RFC 5987 `filename*=UTF-8''x.zip`), without any directory part.
    package static func fileName(contentDisposition value: String) -> String? {
        var plain: String?
        var extended: String?
        for part in value.split(separator: ";") {
            let item = part.trimmingSpaces
            guard let eq = item.firstIndex(of: "=") else { continue }
            let key = item[..<eq].trimmingSpaces.lowercased()
            var v = item[item.index(after: eq)...].trimmingSpaces
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            if key == "filename" { plain = v }
            if key == "filename*", let quote = v.range(of: "''") { extended = percentDecoded(String(v[quote.upperBound...])) }
        }
        guard let name = extended ?? plain, !name.isEmpty else { return nil }
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        return base.isEmpty || base == "." || base == ".." ? nil : base
    }

    /// The UTC time of the last `YYYYMMDD-hhmmss` folder of a URL path, if any.
    package static func uploadFolderTime(path: String) -> ExtractTime? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        for folder in parts.dropLast().reversed() {
            let b = Array(folder.utf8)
            guard b.count == 15, b[8] == UInt8(ascii: "-"),
                b.enumerated().allSatisfy({ $0.offset == 8 || $0.element &- 48 < 10 })
            else { continue }
            let s = String(folder)
            let iso =
                "\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.dropFirst(6).prefix(2))T\(s.dropFirst(9).prefix(2)):\(s.dropFirst(11).prefix(2)):\(s.dropFirst(13).prefix(2))Z"
            if let time = ExtractTime(iso8601: iso) { return time }
        }
        return nil
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110), the form servers send.
    package static func httpDate(_ text: String) -> ExtractTime? {
        let f = text.split(separator: " ")
        guard f.count == 6, f[5] == "GMT", let day = Int(f[1]), let year = Int(f[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let m = months.firstIndex(of: String(f[2])) else { return nil }
        let hms = f[4].split(separator: ":")
        guard hms.count == 3, hms.allSatisfy({ $0.count == 2 }) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return ExtractTime(iso8601: "\(year)-\(two(m + 1))-\(two(day))T\(hms[0]):\(hms[1]):\(hms[2])Z")
    }

    /// The path of a URL (without scheme, host, query or fragment).
    static func urlPath(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        rest = rest[slash...]
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        return String(rest)
    }

    static func percentDecoded(_ s: String) -> String {
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
