public import DistrictSchemaCore

/// The methods a server answers, with the role each requires.
public struct RPCRouter: Sendable {
  private(set) var methods: [String: RegisteredMethod] = [:]
  /// Whether every request is held to ``RequestTextLimits`` before its handler runs.
  let checksRequestText: Bool

  /// - Parameter checksRequestText: hold every request to ``RequestTextLimits`` (the default;
  ///   only a protocol test that carries bulk text in a string turns it off).
  public init(checksRequestText: Bool = true) {
    self.checksRequestText = checksRequestText
  }

  /// Registers a unary handler.
  ///
  /// - Parameter requiredRole: the least role a caller needs; `nil` for a method anyone may
  ///   call without a token (health checks).
  public mutating func register<Request, Response>(
    _ method: MethodDescriptor<Request, Response>,
    requiredRole: Role?,
    _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
  ) {
    precondition(method.kind == .unary, "\(method.fullName) is not unary")
    let checksText = checksRequestText
    add(
      RegisteredMethod(
        fullName: method.fullName, requiredRole: requiredRole,
        body: .unary { bytes, context in
          let request = try Self.decode(Request.self, bytes, checksText: checksText)
          return try await handler(request, context).serializedBytes()
        }))
  }

  /// Registers a server-streaming handler: it writes messages, then returns (status OK) or throws.
  public mutating func register<Request, Response>(
    _ method: MethodDescriptor<Request, Response>,
    requiredRole: Role?,
    _ handler: @escaping @Sendable (Request, ResponseStreamWriter<Response>, ServerContext) async throws -> Void
  ) {
    precondition(method.kind == .serverStreaming, "\(method.fullName) is not server-streaming")
    let checksText = checksRequestText
    add(
      RegisteredMethod(
        fullName: method.fullName, requiredRole: requiredRole,
        body: .serverStreaming { bytes, sink, context in
          let request = try Self.decode(Request.self, bytes, checksText: checksText)
          try await handler(request, ResponseStreamWriter(sink: sink), context)
        }))
  }

  private mutating func add(_ method: RegisteredMethod) {
    precondition(methods[method.fullName] == nil, "\(method.fullName) is registered twice")
    methods[method.fullName] = method
  }

  /// The names of the services that have at least one method here.
  var serviceNames: Set<String> {
    Set(methods.keys.map { String($0.dropFirst().prefix { $0 != "/" }) })
  }

  /// The request in `bytes`, its text and lists within ``RequestTextLimits``.
  private static func decode<Request: SchemaMessage>(
    _ type: Request.Type, _ bytes: [UInt8], checksText: Bool
  ) throws
    -> Request
  {
    let request: Request
    do {
      request = try Request(serializedBytes: bytes)
    } catch {
      throw RPCError(.invalidArgument, "the request is not a valid \(Request.protoName): \(error)")
    }
    if checksText { try RequestTextLimits.check(request) }
    return request
  }
}

/// A method as the server dispatches it: encoded bytes in, encoded bytes out.
struct RegisteredMethod: Sendable {
  enum Body: Sendable {
    case unary(@Sendable ([UInt8], ServerContext) async throws -> [UInt8])
    case serverStreaming(@Sendable ([UInt8], StreamSink, ServerContext) async throws -> Void)
  }

  let fullName: String
  let requiredRole: Role?
  let body: Body
  /// Its series in the server's metrics, made when the server is (``RPCServer``).
  var measured: CallMetrics.Method? = nil

  var isStream: Bool {
    if case .serverStreaming = body { return true }
    return false
  }
}

/// A set of methods registered together: one service implementation.
public protocol RPCService: Sendable {
  /// Adds the service's methods to `router`.
  func register(in router: inout RPCRouter)
}
