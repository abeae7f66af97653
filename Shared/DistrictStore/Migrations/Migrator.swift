internal import Foundation
internal import Logging
internal import SQLKit

/// Brings a service's schema up to date at start-up.
///
/// The table `schema_migrations(service, version, name, applied_at)` records what was applied
/// (`applied_at` in ``Timestamp`` milliseconds). Each missing migration runs in its own write
/// transaction that first takes the migration lock (PostgreSQL: an advisory lock; SQLite: the
/// write lock of `BEGIN IMMEDIATE`) and looks again, so executables started together apply each
/// migration exactly once. Running it again changes nothing.
struct Migrator {
  let store: Store

  private static let lockKey = "district-store.schema_migrations"

  func migrate(_ plan: ServiceMigrations) async throws {
    try await store.transaction { db in
      try await lock(db)
      try await db.raw(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          service TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,
          PRIMARY KEY (service, version))
        """
      ).run()
    }
    let applied = try await store.read { db in try await appliedVersions(plan.service, in: db) }
    try refuseNewer(plan, applied: applied)
    for migration in plan.migrations where !applied.contains(migration.version) {
      let dialect = store.dialect
      let ran = try await store.transaction { db -> Bool in
        try await lock(db)
        let now = try await appliedVersions(plan.service, in: db)
        try refuseNewer(plan, applied: now)
        guard !now.contains(migration.version) else { return false }
        do {
          try await migration.apply(db, dialect)
        } catch {
          throw StoreError.migrationFailed(
            service: plan.service, version: migration.version, name: migration.name,
            reason: DatabaseFailure.reason(error))
        }
        try await db.raw(
          """
          INSERT INTO schema_migrations (service, version, name, applied_at)
          VALUES (\(bind: plan.service), \(bind: Int64(migration.version)), \(bind: migration.name), \
          \(bind: Timestamp.milliseconds(Date())))
          """
        ).run()
        return true
      }
      if ran {
        store.logger.info(
          "applied a migration",
          metadata: [
            "store.service": "\(plan.service)", "store.migration.version": "\(migration.version)",
            "store.migration.name": "\(migration.name)",
          ])
      }
    }
  }

  private func lock(_ db: any SQLDatabase) async throws {
    if let statement = store.dialect.lockStatement(key: Self.lockKey) {
      try await db.raw(statement).run()
    }
  }

  private func refuseNewer(_ plan: ServiceMigrations, applied: Set<Int>) throws(StoreError) {
    if let newest = applied.max(), newest > plan.latestVersion {
      throw .databaseNewerThanCode(service: plan.service, databaseVersion: newest, codeVersion: plan.latestVersion)
    }
  }

  /// The versions of `service` recorded in the database.
  func appliedVersions(_ service: String, in db: any SQLDatabase) async throws -> Set<Int> {
    let rows = try await db.raw("SELECT version FROM schema_migrations WHERE service = \(bind: service)").all()
    return Set(try rows.map { Int(try $0.decode(column: "version", as: Int64.self)) })
  }
}

extension Store {
  /// The versions of `service`'s migrations recorded in the database, in order.
  public func appliedMigrations(service: String) async throws -> [Int] {
    try await read { db in try await Migrator(store: self).appliedVersions(service, in: db) }.sorted()
  }
}
