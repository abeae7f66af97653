internal import Crypto
internal import DistrictRPC
internal import DistrictSchema
internal import HTTPTypes
public import Hummingbird
public import Logging
internal import NIOCore
internal import ServiceLifecycle

/// The Connect protocol for every method in proto/: a request is transcoded once, forwarded over
/// DistrictRPC to the backend that owns the method, and its answer transcoded back.
///
/// Nothing here is written per method: the generated method descriptors give each method's
/// kind, message types and whether it may be read with GET, so a method added to a .proto is
/// reachable with no code. Errors are Connect's JSON `Error` with the HTTP status its table
/// gives; backends decide authentication and roles, as they do for binary callers.
public struct ConnectEdge: Sendable {
  /// The edge's limits and options.
  public struct Configuration: Sendable {
    /// The largest request body, before and after decompression (the binary protocol's frame limit).
    public var maxBodyBytes = 4 << 20
    /// The longest a request body may take to arrive, whatever its timeout: a body that dribbles
    /// in is cut off by this deadline, not by an idle timer that each byte resets.
    public var bodyReadLimit: Duration = .seconds(10)
    /// The deadline of a unary call whose caller sent no `Connect-Timeout-Ms`.
    public var defaultUnaryTimeout: Duration = .seconds(30)
    /// Answers shorter than this are not worth compressing.
    public var compressionThreshold = 1024
    /// The origins whose web pages may call the edge (CORS); none by default.
    public var corsOrigins: Set<String> = []

    public init() {}
  }

  let routes: EdgeRoutes
  let configuration: Configuration
  let logger: Logger
  private let cors: CORSPolicy
  private let index: EdgeIndexPage

  public init(routes: EdgeRoutes, configuration: Configuration = Configuration(), logger: Logger) {
    self.routes = routes
    self.configuration = configuration
    self.logger = logger
    self.cors = CORSPolicy(origins: configuration.corsOrigins)
    self.index = EdgeIndexPage(routes: routes)
  }

  /// The answer to one HTTP request. Never throws: every failure is a Connect error.
  public func respond(to request: Request) async -> Response {
    var response: Response
    if request.method == .options {
      response = cors.preflight(request)
    } else if request.method == .get || request.method == .head, let page = Self.page(request, index: index) {
      response = page
    } else {
      do throws(EdgeFailure) {
        response = try await call(request)
      } catch {
        response = Self.errorResponse(error)
      }
    }
    cors.decorate(&response, for: request)
    return response
  }

  private func call(_ request: Request) async throws(EdgeFailure) -> Response {
    let arrival = ContinuousClock.now
    let route = try routes.route(path: request.uri.path)
    let head = try ConnectRequestHead(request, method: route.method)
    var options = CallOptions(timeout: head.timeout, metadata: head.metadata)
    switch head.shape {
    case .get(let message):
      if options.timeout == nil { options.timeout = configuration.defaultUnaryTimeout }
      let decoded = try head.requestCoding.decode(message, limit: configuration.maxBodyBytes)
      return try await unary(
        route, head, request: decoded, options: options, cacheValidator: request.headers[.ifNoneMatch])
    case .unary:
      let body = try await readBody(request, timeout: head.timeout)
      options.timeout = try Self.remaining(of: head.timeout ?? configuration.defaultUnaryTimeout, since: arrival)
      let decoded = try head.requestCoding.decode(body, limit: configuration.maxBodyBytes)
      return try await unary(route, head, request: decoded, options: options, cacheValidator: nil)
    case .serverStream:
      let body = try await readBody(request, timeout: head.timeout)
      if let timeout = head.timeout { options.timeout = try Self.remaining(of: timeout, since: arrival) }
      let envelope = try ConnectEnvelope.single(body)
      let compressed = envelope.flags & ConnectEnvelope.compressedFlag != 0
      if compressed, head.requestCoding == .identity {
        throw EdgeFailure(
          .invalidArgument, "the request envelope is marked compressed, but no Connect-Content-Encoding names how")
      }
      let message =
        compressed
        ? try head.requestCoding.decode(envelope.message, limit: configuration.maxBodyBytes) : envelope.message
      let payload = try MessageTranscoder.request(route.method.requestType, body: message, codec: head.codec)
      return stream(route, head, payload: payload, options: options)
    }
  }

  private func unary(
    _ route: EdgeRoutes.Route, _ head: ConnectRequestHead, request: [UInt8], options: CallOptions,
    cacheValidator: String?
  ) async throws(EdgeFailure) -> Response {
    let payload = try MessageTranscoder.request(route.method.requestType, body: request, codec: head.codec)
    let answer: (payload: [UInt8], metadata: Metadata)
    do {
      answer = try await route.backend.client.unaryWithMetadata(
        method: route.method.fullName, payload: payload, options: options)
    } catch {
      var failure = EdgeFailure(Self.named(error, backend: route.backend))
      Self.addMetadata(failure.error.metadata, to: &failure.headers)
      throw failure
    }
    var body = try MessageTranscoder.response(route.method.responseType, binary: answer.payload, codec: head.codec)
    var headers = HTTPFields()
    headers[.contentType] = head.codec == .json ? "application/json" : "application/proto"
    Self.addMetadata(answer.metadata, to: &headers)
    if case .get = head.shape {
      // Figures change with every write and may depend on the caller's token: a cache may keep
      // the answer only privately, and must ask again each time; the ETag makes asking cheap.
      let tag =
        "\""
        + SHA256.hash(data: body).prefix(16).map { byte in
          let hex = String(byte, radix: 16)
          return hex.count == 1 ? "0" + hex : hex
        }.joined() + "\""
      headers[.eTag] = tag
      headers[.cacheControl] = "private, no-cache"
      headers[.vary] = "Authorization, Accept-Encoding"
      if let cacheValidator,
        cacheValidator.split(separator: ",").contains(where: { HeaderText.trimmed(String($0)) == tag })
      {
        return Response(status: .notModified, headers: headers)
      }
    }
    if head.acceptsGzip, body.count >= configuration.compressionThreshold {
      body = Deflate.compress(body, format: .gzip)
      headers[.contentEncoding] = "gzip"
    }
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
  }

  private func stream(
    _ route: EdgeRoutes.Route, _ head: ConnectRequestHead, payload: [UInt8], options: CallOptions
  ) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = head.codec == .json ? "application/connect+json" : "application/connect+proto"
    if head.acceptsGzip { headers[ConnectRequestHead.connectContentEncoding] = "gzip" }
    let threshold = configuration.compressionThreshold
    let body = ResponseBody { writer in
      var failure: RPCError? = nil
      do {
        let messages = try await route.backend.client.serverStream(
          method: route.method.fullName, payload: payload, options: options)
        // A stream may last for hours: on the gateway's graceful shutdown it ends with
        // UNAVAILABLE, which tells the caller to reconnect, rather than holding the shutdown up.
        try await withGracefulShutdownHandler {
          for try await message in messages {
            var bytes = try MessageTranscoder.response(route.method.responseType, binary: message, codec: head.codec)
            var flags: UInt8 = 0
            if head.acceptsGzip, bytes.count >= threshold {
              bytes = Deflate.compress(bytes, format: .gzip)
              flags = ConnectEnvelope.compressedFlag
            }
            try await writer.write(ConnectEnvelope.frame(bytes, flags: flags))
          }
        } onGracefulShutdown: {
          messages.cancel(because: Self.shuttingDown)
        }
      } catch let error as EdgeFailure {
        failure = error.error
      } catch let error as RPCError {
        failure = Task.isShuttingDownGracefully ? Self.shuttingDown : Self.named(error, backend: route.backend)
      }
      // Anything else is the caller's connection failing: nobody is left to tell.
      let end = ConnectEndStream.json(error: failure, metadata: failure?.metadata ?? Metadata())
      try await writer.write(ConnectEnvelope.frame(end, flags: ConnectEnvelope.endStreamFlag))
      try await writer.finish(nil)
    }
    return Response(status: .ok, headers: headers, body: body)
  }

  /// The request body, at most ``Configuration/maxBodyBytes``, within the body deadline.
  private func readBody(_ request: Request, timeout: Duration?) async throws(EdgeFailure) -> [UInt8] {
    let limit = configuration.maxBodyBytes
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
      var failure = EdgeFailure(.resourceExhausted, "the request body is \(length) bytes; the limit is \(limit)")
      failure.closesConnection = true
      throw failure
    }
    let within = min(timeout ?? configuration.bodyReadLimit, configuration.bodyReadLimit)
    return try await BodyReader.collect(request.body, limit: limit, within: within)
  }

  /// What is left of a call's `timeout` once its body has arrived: the backend gets only that.
  ///
  /// - Throws: `DEADLINE_EXCEEDED` when the body took all of it.
  static func remaining(of timeout: Duration, since arrival: ContinuousClock.Instant) throws(EdgeFailure) -> Duration {
    let left = timeout - (ContinuousClock.now - arrival)
    guard left > .zero else {
      throw EdgeFailure(
        .deadlineExceeded, "the call's timeout (\(timeout)) ran out before its request body had all arrived")
    }
    return left
  }

  /// How a stream ends when the gateway shuts down.
  static let shuttingDown = RPCError(.unavailable, "the gateway is shutting down: call again to reconnect")

  /// A backend's failure, with `UNAVAILABLE` naming the backend.
  private static func named(_ error: any Error, backend: EdgeRoutes.Backend) -> RPCError {
    guard var rpcError = error as? RPCError else {
      return RPCError(.internal, "the call to \(backend.name) failed unexpectedly")
    }
    if rpcError.code == .unavailable, !rpcError.message.contains(backend.name) {
      rpcError.message = "\(backend.name) (\(backend.client.peer)) is unavailable: \(rpcError.message)"
    }
    return rpcError
  }

  /// The server's metadata as response headers (leading metadata); Connect reserves `connect-…`.
  private static func addMetadata(_ metadata: Metadata, to headers: inout HTTPFields) {
    for (key, value) in metadata where !key.hasPrefix("connect-") {
      if let name = HTTPField.Name(key), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
        headers.append(HTTPField(name: name, value: value))
      }
    }
  }

  /// The pages a GET or HEAD may ask for: the dashboard's files, the list of methods at `/api`
  /// and the OpenAPI document; nil for any other path (a method's GET form).
  private static func page(_ request: Request, index: EdgeIndexPage) -> Response? {
    let path = request.uri.path
    if let asset = DashboardAsset.at(path) {
      return asset.response(ifNoneMatch: request.headers[.ifNoneMatch], head: request.method == .head)
    }
    switch path {
    case "/api": return index.response()
    case "/openapi.json": return openAPIResponse
    default: return nil
    }
  }

  /// `GET /openapi.json`: every method as OpenAPI 3.1 (scripts/generator/openapi.py).
  private static let openAPIResponse: Response = {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    headers[.cacheControl] = "no-cache"
    return Response(
      status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
  }()

  /// A unary Connect error: its JSON `Error` with the HTTP status for its code.
  static func errorResponse(_ failure: EdgeFailure) -> Response {
    var headers = failure.headers
    headers[.contentType] = "application/json"
    if failure.closesConnection { headers[.connection] = "close" }
    return Response(
      status: failure.httpStatus, headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: ConnectErrorBody.json(failure.error))))
  }
}
