public import SQLKit

/// One step of a service's schema: applied once, in order of `version`, inside its own
/// transaction, and recorded in `schema_migrations` in that same transaction, so a crash leaves
/// either the whole step or none of it.
///
/// A migration never changes once released; a later change is a new migration with a higher
/// version. Write SQL both backends accept and take the differing types from ``Dialect``:
///
/// ```swift
/// Migration(version: 1, name: "payments") { dialect in [
///   "CREATE TABLE payment (id \(dialect.autoIncrementPrimaryKey), case_id TEXT NOT NULL, amount_vnd BIGINT NOT NULL)",
///   "CREATE INDEX payment_case ON payment (case_id)",
/// ] }
/// ```
public struct Migration: Sendable {
  /// The position in the service's history, from 1, strictly increasing.
  public let version: Int
  /// What it does, recorded with the version.
  public let name: String
  let apply: @Sendable (any SQLDatabase, Dialect) async throws -> Void

  /// A migration that runs statements chosen for the backend.
  public init(version: Int, name: String, statements: @escaping @Sendable (Dialect) -> [String]) {
    self.version = version
    self.name = name
    self.apply = { db, dialect in
      for statement in statements(dialect) {
        try await db.raw(SQLQueryString(statement)).run()
      }
    }
  }

  /// A migration that runs the same statements on both backends.
  public init(version: Int, name: String, statements: [String]) {
    self.init(version: version, name: name, statements: { _ in statements })
  }

  /// A migration that does its work in code, for changes that move data.
  public init(
    version: Int, name: String, apply: @escaping @Sendable (any SQLDatabase, Dialect) async throws -> Void
  ) {
    self.version = version
    self.name = name
    self.apply = apply
  }
}
