internal import HTTPTypes
internal import Hummingbird
internal import NIOCore

/// One file of the dashboard (Services/Gateway/Dashboard), built into the executable by
/// scripts/generate: the page at `/`, the report page at `/report`, their scripts and style
/// sheet under `/assets/`. docs/DASHBOARD.md describes the page.
struct DashboardAsset: Sendable {
  /// Where the edge serves it.
  let path: String
  let contentType: String
  /// A quoted entity tag from the file's SHA-256: a browser asks again with it and gets 304.
  let etag: String
  let text: String

  /// The file served at `path`, if any.
  static func at(_ path: String) -> DashboardAsset? { byPath[path] }

  private static let byPath = Dictionary(all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

  /// The pages may load only the gateway's own scripts, styles and endpoints: nothing from
  /// anywhere else, no inline script, and no framing by another site.
  static let contentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

  /// The answer to a GET or HEAD: the file, or 304 when `ifNoneMatch` names its tag.
  func response(ifNoneMatch: String?, head: Bool) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = contentType
    // Asked again each time, answered cheaply: a new executable brings new files at once.
    headers[.cacheControl] = "no-cache"
    headers[.eTag] = etag
    headers[.xContentTypeOptions] = "nosniff"
    headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    if contentType.hasPrefix("text/html") { headers[.contentSecurityPolicy] = Self.contentSecurityPolicy }
    if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.filter { $0 != " " } == etag }) {
      return Response(status: .notModified, headers: headers)
    }
    let body = ByteBuffer(string: text)
    headers[.contentLength] = String(body.readableBytes)
    return Response(status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: body))
  }
}
