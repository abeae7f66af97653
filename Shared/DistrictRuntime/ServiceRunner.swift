internal import CoreMetrics
public import DistrictRPC
public import Logging
package import Prometheus
public import ServiceLifecycle
internal import UnixSignals

/// Runs one of the executables that serve: logging, tokens, server, graceful shutdown (the
/// services with a database add it through DistrictServiceRuntime).
public enum ServiceRunner {
  /// What a service executable is.
  public struct Description: Sendable {
    /// The service's name: its logger label and, with SQLite, its file name (`indicators.db`).
    public let name: String
    /// The port it listens on by default (DESIGN.md's conventions).
    public let defaultPort: Int

    public init(name: String, defaultPort: Int) {
      self.name = name
      self.defaultPort = defaultPort
    }
  }

  /// Runs a service without a database (the gateway): logging, tokens, server, and `companions`
  /// — background services given the server (e.g. to set its health) — until SIGTERM or SIGINT.
  /// Companions are shut down before the server.
  public static func run(
    _ description: Description,
    settings: ServerSettings,
    services makeServices: @Sendable (_ logger: Logger) async throws -> [any RPCService],
    companions: @Sendable (_ server: RPCServer, _ logger: Logger) -> [any Service]
  ) async throws {
    let logger = try bootstrapLogging(description.name, settings)
    let listener = try Listener(description, settings)
    let metrics = bootstrapMetrics()
    try await serve(
      listener, logger: logger, metrics: metrics, services: try await makeServices(logger), companions: companions)
  }

  /// JSON log lines at the configured level; the service's logger.
  package static func bootstrapLogging(_ name: String, _ settings: ServerSettings) throws -> Logger {
    let level = try settings.level()
    LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
    return Logger(label: name)
  }

  /// The process's metrics: swift-metrics reports to a Prometheus registry, the one
  /// ``MetricsEndpoint`` serves, with latency buckets from 250 µs to 10 s (calls and
  /// transactions here take from a fraction of a millisecond to seconds).
  package static func bootstrapMetrics() -> PrometheusCollectorRegistry {
    let registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    let buckets: [Duration] = [
      .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
      .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    factory.defaultDurationHistogramBuckets = buckets
    MetricsSystem.bootstrap(factory)
    return registry
  }

  /// Where and for whom the server listens, read and checked before anything is opened.
  package struct Listener {
    let host: String
    let port: Int
    let tokens: TokenStore?
    /// The file the tokens came from, watched for changes while the server runs.
    let tokensFile: String?
    /// Where `/metrics` is served; `nil`: nowhere.
    let metricsAddress: (host: String, port: Int)?

    package init(_ description: Description, _ settings: ServerSettings) throws {
      (host, port) = try settings.listenAddress(defaultPort: description.defaultPort)
      metricsAddress = try settings.metricsAddress(listen: (host, port))
      try settings.checkAnonymous(host: host)
      tokensFile = settings.tokensFile
      tokens = try tokensFile.map { try TokenStore(contentsOf: $0) }
    }
  }

  /// Serves `services` (and `companions`) until SIGTERM or SIGINT, then drains. A tokens file is
  /// reloaded on SIGHUP and when it changes (``TokensFileReloader``); `metrics` are served at
  /// the listener's metrics address, refreshed by `refreshers` and the process's own figures.
  package static func serve(
    _ listener: Listener, logger: Logger, metrics: PrometheusCollectorRegistry,
    refreshers: [@Sendable () -> Void] = [], services: [any RPCService],
    companions: @Sendable (RPCServer, Logger) -> [any Service] = { _, _ in [] }
  ) async throws {
    for warning in listener.tokens?.warnings ?? [] { logger.warning("\(warning)") }
    var configuration = ServerConfiguration.defaults(port: listener.port)
    configuration.host = listener.host
    let server = RPCServer(configuration: configuration, services: services, tokens: listener.tokens, logger: logger)
    var reloader: [any Service] = []
    if let path = listener.tokensFile, let tokens = server.tokens {
      reloader.append(TokensFileReloader(path: path, tokens: tokens, logger: logger))
    }
    var endpoint: [any Service] = []
    if let address = listener.metricsAddress {
      let process = ProcessMetrics(registry: metrics)
      endpoint.append(
        MetricsEndpoint(
          host: address.host, port: address.port, registry: metrics, refreshers: refreshers + [process.refresh],
          logger: logger))
    }
    let group = ServiceGroup(
      configuration: .init(
        services: [server] + reloader + endpoint + companions(server, logger),
        gracefulShutdownSignals: [.sigterm, .sigint],
        cancellationSignals: [.sigquit], logger: logger))
    try await group.run()
  }
}
