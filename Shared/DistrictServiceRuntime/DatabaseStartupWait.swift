public import DistrictStore
public import Logging

/// Opens a service's store at start-up, waiting a bounded time for a PostgreSQL server that does
/// not accept connections yet (a compose stack starts the services and the database together).
///
/// Only ``StoreError/unreachable(url:reason:)`` is waited out, and only for PostgreSQL: a bad URL,
/// a failed migration or an SQLite file that cannot be opened fails at once.
public enum DatabaseStartupWait {
  /// Opens the store at `url`, retrying an unreachable PostgreSQL server with a growing pause
  /// (0.25 s doubling up to 2 s) until `limit` has passed; then throws the last error.
  public static func open(
    url: DatabaseURL, migrations: ServiceMigrations, limit: Duration, logger: Logger,
    clock: ContinuousClock = ContinuousClock()
  ) async throws -> Store {
    let deadline = clock.now.advanced(by: limit)
    var pause = Duration.milliseconds(250)
    var attempt = 1
    while true {
      do {
        return try await Store.open(url: url, logger: logger, migrations: migrations)
      } catch StoreError.unreachable(let shownURL, let reason) where url.isPostgres {
        let now = clock.now
        guard now < deadline else {
          throw StoreError.unreachable(
            url: shownURL, reason: "\(reason) (waited \(limit.wholeSeconds) s, \(attempt) attempts)")
        }
        let sleep = min(pause, now.duration(to: deadline))
        logger.notice(
          "waiting for the database",
          metadata: [
            "db.url": "\(url)", "db.attempt": "\(attempt)", "db.error": "\(reason)",
            "db.retry_in_ms": "\(sleep.wholeMilliseconds)",
          ])
        try await Task.sleep(for: sleep, clock: clock)
        pause = min(pause * 2, .seconds(2))
        attempt += 1
      }
    }
  }
}

extension DatabaseURL {
  fileprivate var isPostgres: Bool {
    if case .postgres = self { return true }
    return false
  }
}

extension Duration {
  fileprivate var wholeSeconds: Int64 { components.seconds }
  fileprivate var wholeMilliseconds: Int64 {
    components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
  }
}
