internal import Hummingbird
public import Logging
public import NIOCore
internal import NIOPosix
public import Prometheus
public import ServiceLifecycle

/// Serves a Prometheus registry in the text format at `GET /metrics`, over HTTP/1.1 with
/// Hummingbird, as one service of an executable's service group.
///
/// Before each scrape it runs its `refreshers`, which set the gauges read from the process and
/// its state rather than counted as things happen (``ProcessMetrics``, change-feed subscribers).
/// Any other path is `404`; the endpoint has no authentication and serves only counts.
public final class MetricsEndpoint: Service, Sendable {
  private let host: String
  private let port: Int
  private let registry: PrometheusCollectorRegistry
  private let refreshers: [@Sendable () -> Void]
  private let logger: Logger
  private let listening: EventLoopPromise<SocketAddress>

  public init(
    host: String, port: Int, registry: PrometheusCollectorRegistry, refreshers: [@Sendable () -> Void],
    logger: Logger
  ) {
    self.host = host
    self.port = port
    self.registry = registry
    self.refreshers = refreshers
    self.logger = logger
    self.listening = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: SocketAddress.self)
  }

  /// The address the endpoint listens on, once it does (useful with port 0).
  public var localAddress: SocketAddress {
    get async throws { try await listening.futureResult.get() }
  }

  public func run() async throws {
    let router = Router()
    let registry = registry
    let refreshers = refreshers
    router.get("metrics") { _, _ -> Response in
      for refresh in refreshers { refresh() }
      var headers = HTTPFields()
      headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
      return Response(
        status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    let listening = self.listening
    let logger = self.logger
    let application = Application(
      router: router,
      configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        if let address = channel.localAddress {
          listening.succeed(address)
          logger.info("metrics listening", metadata: ["metrics.address": "\(address)"])
        }
      },
      logger: logger)
    do {
      try await application.run()
    } catch {
      listening.fail(error)
      throw error
    }
    listening.fail(CancellationError())
  }
}
