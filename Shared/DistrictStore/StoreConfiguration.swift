public import CoreMetrics

/// How a ``Store`` pools connections and waits.
public struct StoreConfiguration: Sendable {
  /// Connections per event loop of NIO's singleton group (the pool's size is this times the
  /// number of loops, one per core).
  public var connectionsPerEventLoop: Int
  /// How long a call waits for a free connection before it fails with ``StoreFailure/unavailable(reason:)``.
  public var connectionRequestTimeout: Duration
  /// How long opening a PostgreSQL connection may take.
  public var connectTimeout: Duration
  /// How long an SQLite writer waits for another process's write transaction to finish
  /// (`PRAGMA busy_timeout`) before it gives up with ``StoreFailure/unavailable(reason:)``.
  public var sqliteBusyTimeout: Duration
  /// Threads that run SQLite's blocking calls, per store.
  public var sqliteThreads: Int
  /// Where the store's metrics go (``StoreMetrics``); `nil`: the process's `MetricsSystem` as it
  /// is when the store opens.
  public var metricsFactory: (any MetricsFactory)? = nil

  /// 4 connections per loop; a 10 s wait for a connection; a 5 s connect timeout; a 10 s SQLite
  /// busy timeout; 4 SQLite threads.
  public static var defaults: StoreConfiguration {
    StoreConfiguration(
      connectionsPerEventLoop: 4, connectionRequestTimeout: .seconds(10), connectTimeout: .seconds(5),
      sqliteBusyTimeout: .seconds(10), sqliteThreads: 4)
  }

  public init(
    connectionsPerEventLoop: Int, connectionRequestTimeout: Duration, connectTimeout: Duration,
    sqliteBusyTimeout: Duration, sqliteThreads: Int
  ) {
    self.connectionsPerEventLoop = connectionsPerEventLoop
    self.connectionRequestTimeout = connectionRequestTimeout
    self.connectTimeout = connectTimeout
    self.sqliteBusyTimeout = sqliteBusyTimeout
    self.sqliteThreads = sqliteThreads
  }
}
