internal import AsyncKit
internal import Foundation
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import SQLKit
internal import SQLiteKit
internal import SQLiteNIO

/// Opens the SQLite backend: the file (and its directory) is created when missing; each store
/// gets its own threads for SQLite's blocking calls, so a writer waiting on another process's
/// lock cannot starve another store's queries. Queries are never logged: their binds hold
/// personal data (names, complaints, the audit's JSON).
enum SQLiteBackend {
  static func open(
    path: String, url: DatabaseURL, configuration: StoreConfiguration, logger: Logger
  ) async throws -> any DatabaseBackend {
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw StoreError.unreachable(
        url: url.description, reason: "cannot create the directory '\(directory)': \(DatabaseFailure.reason(error))")
    }
    // The file holds households' names and amounts: its owner's only. SQLite gives the log and
    // shared-memory files it makes beside it the same mode.
    if !FileManager.default.fileExists(atPath: path),
      !FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
    {
      throw StoreError.unreachable(url: url.description, reason: "cannot create the file '\(path)'")
    }
    let threads = NIOThreadPool(numberOfThreads: max(2, configuration.sqliteThreads))
    threads.start()
    let source = SQLiteSource(
      inner: SQLiteConnectionSource(
        configuration: SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: true), threadPool: threads),
      busyTimeoutMilliseconds: configuration.sqliteBusyTimeout.milliseconds)
    let pool = EventLoopGroupConnectionPool(
      source: source, maxConnectionsPerEventLoop: max(1, configuration.connectionsPerEventLoop),
      requestTimeout: configuration.connectionRequestTimeout.timeAmount, logger: logger,
      on: MultiThreadedEventLoopGroup.singleton)
    return PooledBackend(
      dialect: .sqlite, pool: pool, logger: logger,
      makeDatabase: { $0.sql(queryLogLevel: nil) },
      close: { try? await $0.close() },
      onShutdown: { try? await threads.shutdownGracefully() })
  }
}

extension Duration {
  /// Whole milliseconds, rounded down.
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }

  /// The same length as NIO's `TimeAmount`.
  var timeAmount: TimeAmount {
    .milliseconds(milliseconds)
  }
}
