public import DistrictRPC
public import DistrictStore
public import Logging
public import ServiceLifecycle
internal import UnixSignals

/// Runs one of the service executables: logging, tokens, database, server, graceful shutdown.
public enum ServiceRunner {
  /// What a service executable is.
  public struct Description: Sendable {
    /// The service's name: its logger label and, with SQLite, its file name (`indicators.db`).
    public let name: String
    /// The port it listens on by default (DESIGN.md's conventions).
    public let defaultPort: Int
    /// Its database migrations; `nil` for a service without a database (the gateway).
    public let migrations: ServiceMigrations?

    public init(name: String, defaultPort: Int, migrations: ServiceMigrations?) {
      self.name = name
      self.defaultPort = defaultPort
      self.migrations = migrations
    }
  }

  /// Bootstraps JSON logging, opens the database (applying migrations), serves the services
  /// until SIGTERM or SIGINT, drains, and closes the database.
  ///
  /// - Throws: a startup error with a message an operator can act on (bad URL, unreachable
  ///   database, unreadable tokens file, port in use).
  public static func run(
    _ description: Description,
    settings: ServiceSettings,
    services makeServices: @Sendable (_ store: Store?, _ logger: Logger) async throws -> [any RPCService]
  ) async throws {
    let logger = try bootstrapLogging(description.name, settings.server)
    // The cheap checks first: a bad tokens file or address is reported before any connection.
    let listener = try Listener(description, settings.server)
    let waitLimit = try settings.databaseWaitLimit()
    var store: Store? = nil
    if let migrations = description.migrations {
      let url = try settings.database(service: description.name)
      logger.info("opening the database", metadata: ["db.url": "\(url)"])
      store = try await DatabaseStartupWait.open(url: url, migrations: migrations, limit: waitLimit, logger: logger)
    }
    do {
      // Every service with a database also serves its change feed (district.changes.v1.Changes).
      let changes: [any RPCService] = store.map { [ChangesService(store: $0)] } ?? []
      try await serve(listener, logger: logger, services: try await makeServices(store, logger) + changes)
    } catch {
      await store?.shutdown()
      throw error
    }
    await store?.shutdown()
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
    try await serve(listener, logger: logger, services: try await makeServices(logger), companions: companions)
  }

  private static func bootstrapLogging(_ name: String, _ settings: ServerSettings) throws -> Logger {
    let level = try settings.level()
    LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
    return Logger(label: name)
  }

  /// Where and for whom the server listens, read and checked before anything is opened.
  private struct Listener {
    let host: String
    let port: Int
    let tokens: TokenStore?

    init(_ description: Description, _ settings: ServerSettings) throws {
      (host, port) = try settings.listenAddress(defaultPort: description.defaultPort)
      try settings.checkAnonymous(host: host)
      tokens = try settings.tokensFile.map { try TokenStore(contentsOf: $0) }
    }
  }

  private static func serve(
    _ listener: Listener, logger: Logger, services: [any RPCService],
    companions: @Sendable (RPCServer, Logger) -> [any Service] = { _, _ in [] }
  ) async throws {
    for warning in listener.tokens?.warnings ?? [] { logger.warning("\(warning)") }
    var configuration = ServerConfiguration.defaults(port: listener.port)
    configuration.host = listener.host
    let server = RPCServer(configuration: configuration, services: services, tokens: listener.tokens, logger: logger)
    let group = ServiceGroup(
      configuration: .init(
        services: [server] + companions(server, logger), gracefulShutdownSignals: [.sigterm, .sigint],
        cancellationSignals: [.sigquit], logger: logger))
    try await group.run()
  }
}
