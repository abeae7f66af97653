public import DistrictSchemaCore
public import Logging
public import NIOCore
public import NIOPosix

/// Calls the methods of one peer over the district wire protocol.
///
/// Calls are multiplexed over a small pool of connections and may be made from any task,
/// concurrently. Errors are always ``RPCError``s with a canonical status code.
///
/// ```swift
/// let finance = try RPCClient(address: "127.0.0.1:7103")
/// let summary = try await finance.unary(
///   FinanceV1.FinanceService.getRevenueSummary,
///   FinanceV1.GetRevenueSummaryRequest().with { $0.year = 2023 },
///   options: CallOptions(timeout: .seconds(2)))
/// ```
public final class RPCClient: Sendable {
  private let pool: ConnectionPool
  private let configuration: ClientConfiguration
  private let metrics: CallMetrics

  public init(
    host: String, port: Int, configuration: ClientConfiguration = .defaults,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    logger: Logger = Logger(label: "district.rpc.client")
  ) {
    self.configuration = configuration
    self.metrics = CallMetrics(side: .client, factory: configuration.metricsFactory)
    self.pool = ConnectionPool(
      target: .tcp(host: host, port: port), configuration: configuration, group: group, logger: logger)
  }

  /// A client of `server`, a server of this process, connected without the network: through a
  /// `socketpair(2)`, with the whole protocol (frames, deadlines, GOAWAY, the server's limits)
  /// and no port or listener. For tests and tools that call a service in-process but not about
  /// the network. The server need not be listening; its graceful shutdown drains these
  /// connections as any other.
  public init(
    connectedTo server: RPCServer, configuration: ClientConfiguration = .defaults,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    logger: Logger = Logger(label: "district.rpc.client")
  ) {
    self.configuration = configuration
    self.metrics = CallMetrics(side: .client, factory: configuration.metricsFactory)
    self.pool = ConnectionPool(target: .inProcess(server), configuration: configuration, group: group, logger: logger)
  }

  /// A client of `HOST:PORT`.
  public convenience init(
    address: String, configuration: ClientConfiguration = .defaults,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    logger: Logger = Logger(label: "district.rpc.client")
  ) throws {
    let (host, port) = try PeerAddress.parse(address)
    self.init(host: host, port: port, configuration: configuration, group: group, logger: logger)
  }

  /// The peer, `host:port`.
  public var peer: String { pool.peer }

  /// Calls a unary method and returns its response.
  public func unary<Request, Response>(
    _ method: MethodDescriptor<Request, Response>, _ request: Request, options: CallOptions = CallOptions()
  ) async throws -> Response {
    try await unaryWithMetadata(method, request, options: options).message
  }

  /// Calls a unary method and returns its response with the metadata the server sent back.
  public func unaryWithMetadata<Request, Response>(
    _ method: MethodDescriptor<Request, Response>, _ request: Request, options: CallOptions = CallOptions()
  ) async throws -> (message: Response, metadata: Metadata) {
    let answer = try await call(method: method.fullName, payload: try encode(request), options: options)
    do {
      return (try Response(serializedBytes: answer.payload), answer.metadata)
    } catch {
      throw RPCError(.internal, "the response of \(method.fullName) is not a valid \(Response.protoName): \(error)")
    }
  }

  /// Calls a unary method with an encoded request (for tools that work on any method).
  public func unary(method: String, payload: [UInt8], options: CallOptions = CallOptions()) async throws -> [UInt8] {
    try await call(method: method, payload: payload, options: options).payload
  }

  /// Calls a unary method with an encoded request; returns the encoded response with the
  /// metadata the server sent back (for the HTTP edge, which forwards any method).
  public func unaryWithMetadata(
    method: String, payload: [UInt8], options: CallOptions = CallOptions()
  ) async throws
    -> (payload: [UInt8], metadata: Metadata)
  {
    let answer = try await call(method: method, payload: payload, options: options)
    return (answer.payload, answer.metadata)
  }

  private func call(method: String, payload: [UInt8], options: CallOptions) async throws -> UnaryAnswer {
    let measurement = metrics.started(method: method, isStream: false)
    do {
      let answer = try await send(method: method, payload: payload, options: options)
      metrics.handled(measurement, code: .ok)
      return answer
    } catch {
      metrics.handled(measurement, code: CallMetrics.code(of: error))
      throw error
    }
  }

  private func send(method: String, payload: [UInt8], options: CallOptions) async throws -> UnaryAnswer {
    let call = try OutgoingCall(method: method, payload: payload, options: options)
    var refused: ClientConnection? = nil
    // A call the server refused without processing it (it was going away) is sent once more
    // on another connection; any other failure is the caller's to handle.
    for attempt in 0..<2 {
      let connection = try await pool.connection(avoiding: refused)
      do {
        return try await connection.unary(call)
      } catch let error as RPCError where attempt == 0 && error.details[ClientConnectionHandler.notProcessed] != nil {
        refused = connection
      }
    }
    return try await pool.connection(avoiding: refused).unary(call)
  }

  /// Calls a server-streaming method; the stream yields its messages, then ends or throws.
  public func serverStream<Request, Response>(
    _ method: MethodDescriptor<Request, Response>, _ request: Request, options: CallOptions = CallOptions()
  ) async throws -> ResponseStream<Response> {
    let (bytes, demand, measurement) = try await stream(
      method: method.fullName, payload: try encode(request), options: options)
    return ResponseStream(bytes: bytes, demand: demand, measurement: measurement)
  }

  /// Calls a server-streaming method with an encoded request; the stream yields each message
  /// encoded, then ends or throws (for tools and the HTTP edge, which work on any method).
  public func serverStream(
    method: String, payload: [UInt8], options: CallOptions = CallOptions()
  ) async throws
    -> EncodedResponseStream
  {
    let (bytes, demand, measurement) = try await stream(method: method, payload: payload, options: options)
    return EncodedResponseStream(bytes: bytes, demand: demand, measurement: measurement)
  }

  /// Starts a server stream; its end is counted by whoever iterates it (``StreamMeasurement``).
  private func stream(
    method: String, payload: [UInt8], options: CallOptions
  ) async throws -> (ResponseBytes, StreamDemand, StreamMeasurement) {
    let measurement = StreamMeasurement(metrics: metrics, call: metrics.started(method: method, isStream: true))
    do {
      let call = try OutgoingCall(method: method, payload: payload, options: options)
      let connection = try await pool.connection()
      let (bytes, demand) = connection.stream(call, bufferMessages: configuration.streamBufferMessages)
      return (bytes, demand, measurement)
    } catch {
      measurement.ended(error)
      throw error
    }
  }

  /// Closes the client's connections; calls in flight fail with `UNAVAILABLE`.
  public func close() {
    pool.close()
  }

  private func encode(_ request: some SchemaMessage) throws -> [UInt8] {
    do {
      return try request.serializedBytes()
    } catch {
      throw RPCError(.invalidArgument, "the request cannot be encoded: \(error)")
    }
  }
}

/// `HOST:PORT` addresses, as the `DISTRICT_*_ADDR` variables hold them.
public enum PeerAddress {
  public static func parse(_ address: String) throws -> (host: String, port: Int) {
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
      (0...65535).contains(port), colon != address.startIndex
    else {
      throw RPCError(.invalidArgument, "'\(address)' is not HOST:PORT")
    }
    var host = String(address[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return (host, port)
  }

  /// Whether `host` names only this machine: `localhost`, `127.0.0.0/8` or `::1`.
  public static func isLoopback(_ host: String) -> Bool {
    if host == "localhost" || host == "::1" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }
}
