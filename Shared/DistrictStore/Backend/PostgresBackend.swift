internal import AsyncKit
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PostgresKit
internal import PostgresNIO
internal import SQLKit

/// Opens the PostgreSQL backend over PostgresKit's connection source. Queries are never logged:
/// their binds hold personal data (names, complaints, the audit's JSON).
enum PostgresBackend {
  static func open(
    url: DatabaseURL, configuration: StoreConfiguration, logger: Logger
  ) throws -> any DatabaseBackend {
    guard case .postgres(let string, _, _, _, _) = url else { preconditionFailure("not a PostgreSQL URL") }
    var sqlConfiguration: SQLPostgresConfiguration
    do {
      sqlConfiguration = try SQLPostgresConfiguration(url: string)
    } catch {
      throw StoreError.invalidURL(
        url.description, reason: "'\(url)' is not a PostgreSQL URL PostgresKit accepts: \(error)")
    }
    sqlConfiguration.coreConfiguration.options.connectTimeout = configuration.connectTimeout.timeAmount
    let pool = EventLoopGroupConnectionPool(
      source: PostgresConnectionSource(sqlConfiguration: sqlConfiguration),
      maxConnectionsPerEventLoop: max(1, configuration.connectionsPerEventLoop),
      requestTimeout: configuration.connectionRequestTimeout.timeAmount, logger: logger,
      on: MultiThreadedEventLoopGroup.singleton)
    return PooledBackend(
      dialect: .postgres, pool: pool, logger: logger,
      makeDatabase: { $0.sql(queryLogLevel: nil) },
      close: { try? await $0.close() })
  }
}
