internal import HTTPTypes
internal import Hummingbird

/// Which web pages elsewhere may call the edge: the configured origins, none by default.
struct CORSPolicy: Sendable {
  let origins: Set<String>

  /// What a page may send: Connect's headers and the three the edge forwards.
  static let allowedHeaders = [
    "content-type", "connect-protocol-version", "connect-timeout-ms", "connect-content-encoding",
    "connect-accept-encoding", "content-encoding", "accept-encoding", "authorization", "traceparent", "idempotency-key",
  ].joined(separator: ", ")
  /// What a page may read of an answer besides the simple headers.
  static let exposedHeaders = "content-encoding, connect-content-encoding, etag"

  private func allows(_ request: Request) -> String? {
    guard let origin = request.headers[.origin], origins.contains(origin) || origins.contains("*") else { return nil }
    return origin
  }

  /// The answer to a preflight `OPTIONS`: permission for an allowed origin, nothing for another
  /// (the browser then refuses the call).
  func preflight(_ request: Request) -> Response {
    var headers = HTTPFields()
    if allows(request) != nil {
      headers[.accessControlAllowMethods] = "GET, POST"
      headers[.accessControlAllowHeaders] = Self.allowedHeaders
      headers[.accessControlMaxAge] = "7200"
    }
    return Response(status: .noContent, headers: headers)
  }

  /// Marks an answer readable by the requesting page when its origin is allowed.
  func decorate(_ response: inout Response, for request: Request) {
    guard !origins.isEmpty else { return }
    response.headers[.vary] = [response.headers[.vary], "Origin"].compactMap { $0 }.joined(separator: ", ")
    guard let origin = allows(request) else { return }
    response.headers[.accessControlAllowOrigin] = origin
    response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
  }
}
