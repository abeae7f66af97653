internal import SQLKit

/// One connection, lent by a backend for the length of a closure.
struct Session: Sendable {
  /// The connection, as sql-kit's database.
  let db: any SQLDatabase
  /// Closes the connection so the pool never lends it again: for a connection left in an
  /// unknown state (a transaction that could not be rolled back). It runs to its end even when
  /// the calling task is cancelled.
  let discard: @Sendable () async -> Void
}

/// A pool of connections to one database, SQLite or PostgreSQL.
protocol DatabaseBackend: Sendable {
  var dialect: Dialect { get }
  /// Lends one connection to `body`, then takes it back.
  func withSession<R>(_ body: (Session) async throws -> R) async throws -> R
  /// Closes every connection; later sessions fail.
  func shutdown() async
}
