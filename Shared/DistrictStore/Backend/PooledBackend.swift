internal import AsyncKit
internal import Logging
internal import NIOCore
internal import SQLKit

/// A ``DatabaseBackend`` over AsyncKit's connection pool: connections are opened on demand, one
/// found closed (the server restarted, the network dropped) is dropped and replaced on the next
/// request, and a request fails at once while the server refuses connections. That is how a
/// service recovers by itself when its database comes back.
///
/// `@unchecked Sendable`: `EventLoopGroupConnectionPool` is not marked `Sendable`, but it is
/// built to be shared: its state sits behind a lock and each loop's pool is used on its loop.
final class PooledBackend<Source: ConnectionPoolSource>: DatabaseBackend, @unchecked Sendable
where Source.Connection: Sendable {
  let dialect: Dialect
  private let pool: EventLoopGroupConnectionPool<Source>
  private let logger: Logger
  private let makeDatabase: @Sendable (Source.Connection) -> any SQLDatabase
  private let close: @Sendable (Source.Connection) async -> Void
  private let onShutdown: @Sendable () async -> Void
  private let sessions = SessionTracker()

  init(
    dialect: Dialect, pool: EventLoopGroupConnectionPool<Source>, logger: Logger,
    makeDatabase: @escaping @Sendable (Source.Connection) -> any SQLDatabase,
    close: @escaping @Sendable (Source.Connection) async -> Void,
    onShutdown: @escaping @Sendable () async -> Void = {}
  ) {
    self.dialect = dialect
    self.pool = pool
    self.logger = logger
    self.makeDatabase = makeDatabase
    self.close = close
    self.onShutdown = onShutdown
  }

  func withSession<R>(_ body: (Session) async throws -> R) async throws -> R {
    guard sessions.enter() else { throw ConnectionPoolError.shutdown }
    defer { sessions.leave() }
    let connection = try await pool.requestConnection(logger: logger).get()
    let close = self.close
    // Closing runs to its end even for a cancelled task: a driver that skips it would leave the
    // connection open, and the pool would lend it again.
    let session = Session(
      db: makeDatabase(connection), discard: { await Uncancellable.run { await close(connection) } })
    do {
      let result = try await body(session)
      pool.releaseConnection(connection, logger: logger)
      return result
    } catch {
      pool.releaseConnection(connection, logger: logger)
      throw error
    }
  }

  /// Waits for the sessions in progress to end (new ones are refused meanwhile), then closes
  /// every connection and the backend's own resources.
  func shutdown() async {
    await sessions.drain()
    do {
      try await pool.shutdownAsync()
    } catch {
      logger.debug("closing the database pool", metadata: ["error": "\(error)"])
    }
    await onShutdown()
  }
}
