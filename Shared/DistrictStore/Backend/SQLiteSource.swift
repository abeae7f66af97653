internal import AsyncKit
internal import Logging
internal import NIOCore
internal import SQLiteKit
internal import SQLiteNIO

/// Opens SQLite connections for the pool, each set up for durability before it is lent:
///
/// - `busy_timeout`: a writer waits for another's transaction instead of failing at once;
/// - `journal_mode = WAL`: readers never block the writer and a commit is one append to the log
///   (the mode is stored in the file; the store refuses a file where it cannot be set);
/// - `synchronous = FULL`: the log is fsynced at every commit, so a committed transaction
///   survives a crash of the process or of the machine, not only of the process;
/// - `foreign_keys = ON` (set by sqlite-kit's own source).
struct SQLiteSource: ConnectionPoolSource, Sendable {
  let inner: SQLiteConnectionSource
  let busyTimeoutMilliseconds: Int64

  func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
    inner.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
      eventLoop.makeFutureWithTask {
        do {
          try await Self.configure(connection, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
          return connection
        } catch {
          try? await connection.close()
          throw error
        }
      }
    }
  }

  static func configure(_ connection: SQLiteConnection, busyTimeoutMilliseconds: Int64) async throws {
    _ = try await connection.query("PRAGMA busy_timeout = \(busyTimeoutMilliseconds)")
    let mode = try await connection.query("PRAGMA journal_mode = WAL").first?.column("journal_mode")?.string
    guard mode?.lowercased() == "wal" else {
      throw SQLiteSetupError(
        message: "SQLite could not switch the file to WAL mode (it stays in '\(mode ?? "?")' mode)")
    }
    _ = try await connection.query("PRAGMA synchronous = FULL")
    _ = try await connection.query("PRAGMA foreign_keys = ON")
  }
}

/// A connection that opened but could not be set up as the store requires.
struct SQLiteSetupError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
