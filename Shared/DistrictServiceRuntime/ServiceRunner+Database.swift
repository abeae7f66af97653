public import DistrictRPC
public import DistrictRuntime
public import DistrictStore
public import Logging
internal import Prometheus

extension ServiceRunner {
  /// Bootstraps JSON logging, opens the database (applying migrations), serves the services
  /// until SIGTERM or SIGINT, drains, and closes the database.
  ///
  /// - Throws: a startup error with a message an operator can act on (bad URL, unreachable
  ///   database, unreadable tokens file, port in use).
  public static func run(
    _ description: Description,
    migrations: ServiceMigrations,
    settings: ServiceSettings,
    services makeServices: @Sendable (_ store: Store, _ logger: Logger) async throws -> [any RPCService]
  ) async throws {
    let logger = try bootstrapLogging(description.name, settings.server)
    // The cheap checks first: a bad tokens file or address is reported before any connection.
    let listener = try Listener(description, settings.server)
    let metrics = bootstrapMetrics()
    let waitLimit = try settings.databaseWaitLimit()
    let url = try settings.database(service: description.name)
    logger.info("opening the database", metadata: ["db.url": "\(url)"])
    let store = try await DatabaseStartupWait.open(url: url, migrations: migrations, limit: waitLimit, logger: logger)
    do {
      // Every service with a database also serves its change feed (district.changes.v1.Changes)
      // and its audit log (district.audit.v1.Audit).
      let storeServices: [any RPCService] = [ChangesService(store: store), AuditService(store: store)]
      let subscribers = metrics.makeGauge(
        descriptor: MetricNameDescriptor(
          namespace: "district", subsystem: "change_feed", metricName: "subscribers", unitName: "",
          helpText: "Watchers of the store's change feed (WatchChanges, WatchScorecard, …) now."))
      try await serve(
        listener, logger: logger, metrics: metrics,
        refreshers: [{ subscribers.set(Double(store.changes.watcherCount)) }],
        services: try await makeServices(store, logger) + storeServices)
    } catch {
      await store.shutdown()
      throw error
    }
    await store.shutdown()
  }
}
