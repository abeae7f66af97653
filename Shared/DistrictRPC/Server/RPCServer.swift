internal import DistrictSchemaCore
public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle

/// Serves registered ``RPCService``s over the district wire protocol.
///
/// Run it as a `Service` in a `ServiceGroup`: on graceful shutdown (SIGTERM) it stops
/// accepting connections, marks itself NOT_SERVING, sends GOAWAY on every connection, lets
/// calls in flight finish within ``ServerConfiguration/shutdownGracePeriod``, then closes.
public final class RPCServer: Service, Sendable {
  public let configuration: ServerConfiguration
  /// The health statuses the server answers `district.health.v1.Health` with.
  public let health: HealthStatusStore
  /// The tokens in force, which may be replaced while the server runs (``TokenSource``); `nil`
  /// for a server that serves every caller anonymously, which never starts asking for tokens
  /// (restart it with a tokens file).
  public let tokens: TokenSource?

  private let methods: [String: RegisteredMethod]
  private let serviceNames: Set<String>
  private let interceptors: [any ServerInterceptor]
  private let defaultPrincipal: Principal
  private let group: any EventLoopGroup
  private let logger: Logger
  private let metrics: ServerMetrics
  private let registry: ConnectionRegistry
  private let listening: EventLoopPromise<SocketAddress>

  /// - Parameters:
  ///   - tokens: the bearer tokens callers must present; `nil` serves every caller as an
  ///     anonymous admin (for local development only; the server logs a warning).
  ///   - interceptors: run after authentication, in order, before each handler.
  public init(
    configuration: ServerConfiguration,
    services: [any RPCService],
    tokens: TokenStore?,
    interceptors: [any ServerInterceptor] = [],
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    logger: Logger
  ) {
    let health = HealthStatusStore()
    var router = RPCRouter(checksRequestText: configuration.checksRequestText)
    for service in services { service.register(in: &router) }
    let serviceNames = router.serviceNames
    HealthService(store: health).register(in: &router)

    self.configuration = configuration
    let metrics = ServerMetrics(factory: configuration.metricsFactory)
    self.metrics = metrics
    self.registry = ConnectionRegistry(openConnections: metrics.connectionsOpen)
    self.health = health
    // Every method's series exist from the start (at 0: a dashboard's rate() sees an idle
    // method), and a call finds its own without a lookup.
    let calls = metrics.calls
    self.methods = router.methods.mapValues { method in
      var method = method
      method.measured = calls.method(method.fullName, isStream: method.isStream)
      return method
    }
    self.serviceNames = serviceNames
    self.tokens = tokens.map(TokenSource.init)
    if let source = self.tokens {
      self.interceptors = [AuthenticationInterceptor(tokens: source)] + interceptors
      self.defaultPrincipal = Principal(subject: "", role: .reader)
    } else {
      self.interceptors = interceptors
      self.defaultPrincipal = .unauthenticated
    }
    self.group = group
    self.logger = logger
    self.listening = group.any().makePromise(of: SocketAddress.self)
  }

  deinit {
    // A server dropped without ever listening (one that served in-process clients only) still
    // completes its promise, as NIO requires of every promise; once it listened this does nothing.
    listening.fail(RPCServerError.neverListened)
  }

  /// The address the server listens on, once it does (useful with port 0).
  public var localAddress: SocketAddress {
    get async throws { try await listening.futureResult.get() }
  }

  public func run() async throws {
    let channel: any Channel
    do {
      channel = try await bootstrap().bind(host: configuration.host, port: configuration.port).get()
    } catch {
      let failure = RPCServerError.cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)")
      listening.fail(failure)
      throw failure
    }
    let address = channel.localAddress!
    listening.succeed(address)
    health.set("", .serving)
    for name in serviceNames { health.set(name, .serving) }
    logger.info(
      "listening",
      metadata: ["rpc.address": "\(address)", "rpc.services": "\(serviceNames.sorted().joined(separator: ","))"])
    if defaultPrincipal == .unauthenticated {
      logger.warning("no tokens file: every caller is served as an anonymous admin")
    }

    await withTaskCancellationHandler {
      await withGracefulShutdownHandler {
        try? await channel.closeFuture.get()
      } onGracefulShutdown: {
        channel.close(promise: nil)
      }
      health.setAll(.notServing)
      logger.info("shutting down: draining \(registry.count) connection(s)")
      await registry.drain(grace: configuration.shutdownGracePeriod)
      logger.info("stopped")
    } onCancel: {
      channel.close(promise: nil)
      registry.closeAll()
    }
  }

  private func bootstrap() -> ServerBootstrap {
    ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { [self] channel in
        channel.eventLoop.makeCompletedFuture { try initializeConnection(channel) }
      }
  }

  /// Serves the connection whose other end is the peer of `descriptor` (one end of a
  /// `socketpair(2)`) exactly as one accepted from the listener: the in-process transport of
  /// ``RPCClient/init(connectedTo:configuration:group:logger:)``. The server takes ownership of
  /// the descriptor. While the server shuts down it fails at once with the refusal (and closes
  /// the descriptor): there is no one to read a GOAWAY before the connection exists.
  func adopt(descriptor: CInt) -> EventLoopFuture<Void> {
    guard !registry.isDraining else {
      metrics.refused(.draining)
      close(descriptor)
      return group.any().makeFailedFuture(ConnectionRegistry.Refusal.draining.rpcError)
    }
    return NIOPipeBootstrap(group: group)
      .channelInitializer { [self] channel in
        channel.eventLoop.makeCompletedFuture { try initializeConnection(channel) }
      }
      .takingOwnershipOfDescriptor(inputOutput: descriptor)
      .map { _ in }
  }

  /// Sets up a new connection's pipeline: the frame decoder and its handler, or a GOAWAY saying
  /// why the connection is refused (too many open, the server draining).
  private func initializeConnection(_ channel: any Channel) throws {
    let handler = ServerConnectionHandler(
      methods: methods, interceptors: interceptors, configuration: configuration, metrics: metrics,
      defaultPrincipal: defaultPrincipal, logger: logger, eventLoop: channel.eventLoop)
    let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    if let refusal = registry.admit(channel, handler: bound, limit: configuration.maxConnections) {
      metrics.refused(refusal)
      try channel.pipeline.syncOperations.addHandler(RefusingHandler(reason: refusal.rpcError))
      return
    }
    try channel.pipeline.syncOperations.addHandlers(
      FrameDecoder(
        maxFrameBytes: configuration.maxFrameBytes,
        frameTimeout: .nanoseconds(configuration.frameTimeout.nanoseconds)),
      handler)
  }
}

/// Why a server could not start.
public enum RPCServerError: Error, CustomStringConvertible {
  case cannotListen(host: String, port: Int, reason: String)
  /// The server was released without ever running.
  case neverListened

  public var description: String {
    switch self {
    case .cannotListen(let host, let port, let reason):
      return "cannot listen on \(host):\(port): \(reason)"
    case .neverListened:
      return "the server was released before it listened"
    }
  }
}
