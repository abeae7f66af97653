internal import CoreMetrics
public import Logging
public import SQLKit

/// A service's database: SQLite in a file by default, PostgreSQL by URL, the same SQL on both.
///
/// ```swift
/// let store = try await Store.open(url: url, logger: logger, migrations: Finance.migrations)
/// let stamp = AuditStamp(subject: "finance-clerk", rpc: "/district.finance.v1.Finance/RecordCollection")
/// let receipt = try await store.idempotency.idempotent(
///   key: idempotencyKey, method: stamp.rpc, request: requestBytes, subject: stamp.subject
/// ) { db in
///   try await db.raw("INSERT INTO payment … VALUES (\(bind: id), \(bind: amount))").run()
///   try await store.audit.record(in: db, stamp: stamp, entity: "payment", entityID: id,
///                                action: .create, before: nil, after: json)
///   return responseBytes
/// }
/// ```
///
/// A write that audits its response as the entity after the change does all of this with
/// ``auditedWrite(stamp:idempotencyKey:request:entity:entityID:_:)``. The store knows no wire:
/// DistrictServiceSupport takes the stamp and key from a call, and gives the store's
/// ``StoreFailure``s their status codes.
///
/// - Durability: ``transaction(_:)`` returns only after `COMMIT` succeeded, and SQLite commits
///   with `synchronous = FULL` in WAL mode (PostgreSQL's default `synchronous_commit = on`), so
///   whatever a service acknowledges after it survives a crash.
/// - Failures: a lost database reaches callers as ``StoreFailure/unavailable(reason:)``; the pool drops
///   dead connections and opens new ones on the next call, so the service recovers when the
///   database comes back, without a restart. A `COMMIT` whose answer was lost is reported the
///   same way: the write may or may not have happened, which is what idempotency keys are for.
///
/// - Important: Call ``shutdown()`` before the last reference to a store goes away (at the end of
///   the service's run): the connection pool must be closed first, and debug builds assert it.
public final class Store: Sendable {
  /// The name of the migrations that create the store's own tables (audit, idempotency,
  /// administrative units). A service may not use it.
  public static let schemaService = "district-store"

  /// Where the data is (``DatabaseURL/description`` hides the password).
  public let url: DatabaseURL
  /// The service whose store this is: the scope of its idempotency keys and audit rows.
  public let service: String
  let backend: any DatabaseBackend
  let logger: Logger
  private let writeGate: WriteGate?
  private let metrics: StoreMetrics
  /// Counts the write transactions this store committed, for watchers of its data.
  public let changes = ChangeFeed()

  /// SQLite or PostgreSQL.
  public var dialect: Dialect { backend.dialect }

  private init(
    url: DatabaseURL, service: String, backend: any DatabaseBackend, metrics: StoreMetrics, logger: Logger
  ) {
    self.url = url
    self.metrics = metrics
    self.service = service
    self.backend = backend
    self.logger = logger
    self.writeGate = backend.dialect == .sqlite ? WriteGate() : nil
  }

  /// Connects to `url`, checks that the database answers, applies the store's own migrations and
  /// then the service's, removes the service's idempotency keys older than 24 hours, and returns
  /// the open store.
  ///
  /// - Throws: ``StoreError/unreachable(url:reason:)`` when the database does not answer (with
  ///   the driver's reason; never the password), ``StoreError/databaseNewerThanCode(service:databaseVersion:codeVersion:)``
  ///   when a newer executable migrated it, ``StoreError/migrationFailed(service:version:name:reason:)``
  ///   or ``StoreError/invalidMigrations(service:reason:)``.
  public static func open(
    url: DatabaseURL, logger: Logger, migrations: ServiceMigrations,
    configuration: StoreConfiguration = .defaults
  ) async throws -> Store {
    try await open(url: url, logger: logger, migrations: migrations, configuration: configuration, schemaVersion: nil)
  }

  /// ``open(url:logger:migrations:configuration:)``, with the store's own schema applied only up
  /// to `schemaVersion` (`nil`: all of it), for tests that start from an earlier version.
  static func open(
    url: DatabaseURL, logger: Logger, migrations: ServiceMigrations, configuration: StoreConfiguration,
    schemaVersion: Int?
  ) async throws -> Store {
    guard migrations.service != schemaService else {
      throw StoreError.invalidMigrations(
        service: migrations.service, reason: "'\(schemaService)' is reserved for the store's own tables")
    }
    try migrations.validate()
    let backend: any DatabaseBackend
    switch url {
    case .sqlite(let path):
      backend = try await SQLiteBackend.open(path: path, url: url, configuration: configuration, logger: logger)
    case .postgres:
      backend = try PostgresBackend.open(url: url, configuration: configuration, logger: logger)
    }
    let store = Store(
      url: url, service: migrations.service, backend: backend,
      metrics: StoreMetrics(factory: configuration.metricsFactory ?? MetricsSystem.factory), logger: logger)
    do {
      try await store.checkReachable()
      let own = StoreSchema.migrations.migrations.filter { $0.version <= (schemaVersion ?? Int.max) }
      try await Migrator(store: store).migrate(ServiceMigrations(service: schemaService, own))
      try await Migrator(store: store).migrate(migrations)
      if (schemaVersion ?? Int.max) >= StoreSchema.idempotencyVersion {
        try await store.idempotency.purge()
      }
    } catch {
      await backend.shutdown()
      throw error
    }
    logger.info(
      "opened the database",
      metadata: [
        "store.url": "\(url)", "store.dialect": "\(backend.dialect)", "store.service": "\(migrations.service)",
      ])
    return store
  }

  private func checkReachable() async throws {
    do {
      try await backend.withSession { session in
        try await session.db.raw("SELECT 1").run()
      }
    } catch {
      var reason = DatabaseFailure.reason(error)
      if case .postgres(_, let host, let port, let database, let user) = url {
        reason += """
          ; check that PostgreSQL runs on \(host):\(port), accepts connections there, and has database \
          '\(database)' and user '\(user)' with the URL's password
          """
      }
      throw StoreError.unreachable(url: url.description, reason: reason)
    }
  }

  /// Runs `body` in one write transaction on one connection and commits it; returns only after
  /// the commit succeeded. Any error thrown inside rolls everything back.
  ///
  /// On SQLite the transaction starts with `BEGIN IMMEDIATE` and the store's writers queue in
  /// turn, so two writers (threads or processes) serialize instead of failing.
  ///
  /// - Throws: what `body` throws, unchanged; ``StoreFailure/unavailable(reason:)`` when the
  ///   database is lost or busy past its timeouts; ``StoreFailure/conflict(reason:)`` when
  ///   PostgreSQL aborted it for a
  ///   conflict (deadlock, serialization); the driver's error for a failed statement.
  public func transaction<R: Sendable>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
    guard let writeGate else {
      let result = try await run(.write, body)
      changes.committed()
      return result
    }
    await writeGate.enter()
    do {
      let result = try await run(.write, body)
      await writeGate.leave()
      changes.committed()
      return result
    } catch {
      await writeGate.leave()
      throw error
    }
  }

  /// Runs `body` in a read-only transaction: one consistent snapshot, blocking no writer.
  public func read<R: Sendable>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
    try await run(.read, body)
  }

  /// Runs `body` between `BEGIN` (of `kind`) and `COMMIT` on one connection.
  ///
  /// Cancellation-safe by construction: the statements that start and end the transaction run
  /// to completion whatever happens to the calling task (``Uncancellable``), and a connection
  /// goes back to the pool only when its transaction is known to be finished, committed or
  /// rolled back. When that is not known (`BEGIN`, `COMMIT` or `ROLLBACK` failed), the connection
  /// is closed and the pool opens a new one for the next caller.
  private func run<R: Sendable>(
    _ kind: StoreMetrics.Kind, _ body: (any SQLDatabase) async throws -> R
  ) async throws -> R {
    let begin = kind == .read ? dialect.beginRead : dialect.beginWrite
    let metrics = self.metrics
    let requested = ContinuousClock.now
    do {
      return try await backend.withSession { session in
        let started = ContinuousClock.now
        metrics.sessionWait.record(started - requested)
        metrics.sessionsInUse.increment()
        defer {
          metrics.sessionsInUse.decrement()
          metrics.transaction(kind).record(ContinuousClock.now - started)
        }
        let db = session.db
        do {
          try await Uncancellable.run { try await db.raw(SQLQueryString(begin)).run() }
        } catch {
          // The transaction may or may not have started: never lend this connection again.
          await session.discard()
          throw error
        }
        let result: R
        do {
          result = try await body(db)
        } catch {
          metrics.rolledBack(kind)
          await Self.rollBack(session)
          throw error
        }
        do {
          try await Uncancellable.run { try await db.raw("COMMIT").run() }
        } catch {
          // SQLite keeps the transaction open after a failed COMMIT; PostgreSQL has ended it.
          metrics.rolledBack(kind)
          await Self.rollBack(session)
          throw error
        }
        return result
      }
    } catch let error as StoreFailure {
      throw error
    } catch {
      guard let mapped = DatabaseFailure.storeFailure(error) else { throw error }
      logger.warning("a transaction failed", metadata: ["error": "\(mapped)"])
      throw mapped
    }
  }

  /// Rolls the session's transaction back, to its end even for a cancelled task; a connection
  /// whose `ROLLBACK` fails is in an unknown state and is closed instead of going back.
  private static func rollBack(_ session: Session) async {
    do {
      try await Uncancellable.run { try await session.db.raw("ROLLBACK").run() }
    } catch {
      await session.discard()
    }
  }

  /// Closes every connection. Calls made afterwards fail with ``StoreFailure/unavailable(reason:)``; calling it again
  /// does nothing.
  public func shutdown() async {
    changes.finish()
    await backend.shutdown()
  }

  /// The audit log of this store's service.
  public var audit: AuditLog { AuditLog(store: self) }

  /// The idempotency keys of this store's service.
  public var idempotency: IdempotencyStore { IdempotencyStore(store: self) }

  /// The shared table of administrative units.
  public var adminUnits: AdminUnits { AdminUnits(store: self) }
}
