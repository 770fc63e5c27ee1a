import AnnuaireSnapshot
import Hummingbird

/// Responses with JSON bodies written by the project's `JSONValue` (ordered keys, UTF-8 as is).
enum JSONResponse {
    static let json = "application/json; charset=utf-8"
    static let fhirJSON = "application/fhir+json; charset=utf-8"

    /// A response whose body is `value`'s JSON text and a newline.
    static func make(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = json, pretty: Bool = false,
        headers: HTTPFields = [:]
    ) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        value.write(into: &bytes, pretty: pretty)
        bytes.append(0x0A)
        return make(bytes: bytes, status: status, contentType: contentType, headers: headers)
    }

    /// A response with these bytes as its body.
    static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
