/// The schema history one service declares: its name (the key in `schema_migrations`, the scope
/// of its idempotency keys and the `service` of its audit rows) and its migrations.
public struct ServiceMigrations: Sendable {
  /// The service, e.g. `finance`.
  public let service: String
  /// Its migrations, in order of version.
  public let migrations: [Migration]

  public init(service: String, _ migrations: [Migration]) {
    self.service = service
    self.migrations = migrations
  }

  /// The highest version this code knows; 0 for none.
  public var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

  /// Refuses versions that are not positive and strictly increasing, and empty names.
  func validate() throws(StoreError) {
    guard !service.isEmpty, service.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    else {
      throw .invalidMigrations(service: service, reason: "the service name must be letters, digits, '-', '_' or '.'")
    }
    var previous = 0
    for migration in migrations {
      guard migration.version > previous else {
        throw .invalidMigrations(
          service: service,
          reason:
            "version \(migration.version) '\(migration.name)' follows \(previous): versions must start at 1 and increase"
        )
      }
      guard !migration.name.isEmpty else {
        throw .invalidMigrations(service: service, reason: "version \(migration.version) has no name")
      }
      previous = migration.version
    }
  }
}
