internal import DistrictRPC
internal import DistrictSchema
internal import HTTPTypes
internal import Hummingbird

/// What a Connect request asks for, read from its method, headers and query before its body.
struct ConnectRequestHead: Sendable {
  /// How the request and its answer travel.
  enum Shape: Sendable, Equatable {
    /// `POST` with a bare message in the body.
    case unary
    /// `GET` with the message in the query: only for methods without side effects.
    case get(message: [UInt8])
    /// `POST` with `application/connect+…`: one enveloped request, a stream of enveloped answers.
    case serverStream
  }

  let shape: Shape
  let codec: MessageCodec
  /// The coding of the request body (or of a GET's message).
  let requestCoding: ContentCoding
  /// Whether the answer may be gzipped (`Accept-Encoding`, or `Connect-Accept-Encoding` for streams).
  let acceptsGzip: Bool
  /// `Connect-Timeout-Ms`, when the caller sent one.
  let timeout: Duration?
  /// The call's metadata: `authorization`, `traceparent`, `idempotency-key`.
  let metadata: Metadata

  static let connectProtocolVersion = HTTPField.Name("Connect-Protocol-Version")!
  static let connectTimeout = HTTPField.Name("Connect-Timeout-Ms")!
  static let connectContentEncoding = HTTPField.Name("Connect-Content-Encoding")!
  static let connectAcceptEncoding = HTTPField.Name("Connect-Accept-Encoding")!
  /// The headers that become the call's metadata, by the metadata key they become.
  static let forwardedHeaders: [(HTTPField.Name, String)] = [
    (.authorization, MetadataKey.authorization),
    (HTTPField.Name("traceparent")!, MetadataKey.traceparent),
    (HTTPField.Name("Idempotency-Key")!, MetadataKey.idempotencyKey),
  ]

  /// Reads the request's head for `method`.
  ///
  /// - Throws: 415 for a content type the method cannot take, 405 for a GET of a method with
  ///   side effects, `INVALID_ARGUMENT` for a malformed timeout, version or query.
  init(_ request: Request, method: AnyMethodDescriptor) throws(EdgeFailure) {
    let headers = request.headers
    if let version = headers[Self.connectProtocolVersion], version != "1" {
      throw EdgeFailure(.invalidArgument, "Connect-Protocol-Version is '\(version)'; this server speaks version 1")
    }
    timeout = try Self.timeout(headers[Self.connectTimeout])
    var metadata = Metadata()
    for (header, key) in Self.forwardedHeaders {
      if let value = headers[header] { metadata.add(key, value) }
    }
    self.metadata = metadata

    switch request.method {
    case .get:
      guard method.kind == .unary, method.hasNoSideEffects else {
        var failure = EdgeFailure(
          .unimplemented, "\(method.fullName) changes data or streams: call it with POST, not GET",
          httpStatus: .methodNotAllowed)
        failure.headers[.allow] = "POST"
        throw failure
      }
      let query = try ConnectQuery(request.uri.query)
      if let version = query["connect"], version != "v1" {
        throw EdgeFailure(.invalidArgument, "the query's connect=\(version) is not v1")
      }
      guard let encoding = query["encoding"] else {
        throw EdgeFailure(.invalidArgument, "a GET needs encoding=json or encoding=proto in its query")
      }
      guard let codec = MessageCodec(rawValue: encoding) else {
        throw EdgeFailure(
          .invalidArgument, "encoding=\(encoding) is not supported; use json or proto",
          httpStatus: .unsupportedMediaType)
      }
      self.codec = codec
      requestCoding = try ContentCoding(requestHeader: query["compression"])
      let text = query["message"] ?? ""
      let message: [UInt8]
      if query["base64"] == "1" {
        guard let decoded = ConnectBase64.decode(text) else {
          throw EdgeFailure(.invalidArgument, "the query's message is not URL-safe base64, though base64=1 says it is")
        }
        message = decoded
      } else {
        message = Array(text.utf8)
      }
      shape = .get(message: message)
      acceptsGzip = ContentCoding.acceptsGzip(headers[.acceptEncoding], requestCoding: requestCoding)
    case .post:
      let contentType =
        headers[.contentType].map { HeaderText.trimmed(String($0.split(separator: ";")[0])).lowercased() } ?? ""
      switch (contentType, method.kind) {
      case ("application/json", .unary), ("application/proto", .unary):
        shape = .unary
        codec = contentType == "application/json" ? .json : .proto
        requestCoding = try ContentCoding(requestHeader: headers[.contentEncoding])
        acceptsGzip = ContentCoding.acceptsGzip(headers[.acceptEncoding], requestCoding: requestCoding)
      case ("application/connect+json", .serverStreaming), ("application/connect+proto", .serverStreaming):
        shape = .serverStream
        codec = contentType == "application/connect+json" ? .json : .proto
        requestCoding = try ContentCoding(requestHeader: headers[Self.connectContentEncoding])
        acceptsGzip = ContentCoding.acceptsGzip(headers[Self.connectAcceptEncoding], requestCoding: requestCoding)
      default:
        let expected =
          method.kind == .unary
          ? "application/json or application/proto"
          : "application/connect+json or application/connect+proto (a server stream)"
        throw EdgeFailure(
          .invalidArgument,
          "\(method.fullName) takes Content-Type \(expected), not '\(contentType.isEmpty ? "none" : contentType)'",
          httpStatus: .unsupportedMediaType)
      }
    default:
      var failure = EdgeFailure(
        .unimplemented, "\(request.method) is not a Connect method: use POST (or GET for a read)",
        httpStatus: .methodNotAllowed)
      failure.headers[.allow] = method.hasNoSideEffects && method.kind == .unary ? "GET, POST" : "POST"
      throw failure
    }
  }

  /// `Connect-Timeout-Ms`: a positive integer of at most 10 digits.
  static func timeout(_ text: String?) throws(EdgeFailure) -> Duration? {
    guard let text else { return nil }
    guard (1...10).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let milliseconds = Int64(text)
    else {
      throw EdgeFailure(
        .invalidArgument,
        "Connect-Timeout-Ms is '\(text)': it must be a whole number of milliseconds, at most 10 digits")
    }
    return .milliseconds(milliseconds)
  }
}
