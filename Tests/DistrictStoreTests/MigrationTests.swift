import DistrictGeography
import DistrictRPC
import DistrictTestSupport
import SQLKit
import Testing

@testable import DistrictStore

/// A small service schema in three versions: a table, a new column, a data migration in code.
enum Notes {
  static let v1 = Migration(
    version: 1, name: "notes",
    statements: { dialect in ["CREATE TABLE note (id \(dialect.autoIncrementPrimaryKey), body TEXT NOT NULL)"] })
  static let v2 = Migration(
    version: 2, name: "note amounts", statements: ["ALTER TABLE note ADD COLUMN amount_vnd BIGINT NOT NULL DEFAULT 0"])
  static let v3 = Migration(version: 3, name: "upper-case bodies") { db, _ in
    for row in try await db.raw("SELECT id, body FROM note").all() {
      let id = try row.decode(column: "id", as: Int64.self)
      let body = try row.decode(column: "body", as: String.self)
      try await db.raw("UPDATE note SET body = \(bind: body.uppercased()) WHERE id = \(bind: id)").run()
    }
  }

  static func upTo(_ version: Int) -> ServiceMigrations {
    ServiceMigrations(service: "notes", [v1, v2, v3].filter { $0.version <= version })
  }
}

@Suite("Migrations", .timeLimit(.minutes(2)))
struct MigrationTests {
  @Test("From an empty database: the store's and the service's migrations, recorded", arguments: TestBackend.all)
  func fromEmpty(backend: TestBackend) async throws {
    try await withStore(backend, migrations: Notes.upTo(3)) { store in
      #expect(try await store.appliedMigrations(service: Store.schemaService) == [1, 2, 3, 4, 5, 6])
      #expect(try await store.appliedMigrations(service: "notes") == [1, 2, 3])
      let names = try await store.read { db in
        try await db.raw("SELECT name FROM schema_migrations WHERE service = 'notes' ORDER BY version").all()
          .map { try $0.decode(column: "name", as: String.self) }
      }
      #expect(names == ["notes", "note amounts", "upper-case bodies"])
      // Every shared table is there and usable.
      try await store.transaction { db in
        for table in ["audit_log", "idempotency_key", "admin_unit", "admin_parentage", "admin_succession", "note"] {
          _ = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
        }
      }
    }
  }

  @Test(
    "From each earlier version of the store's own schema",
    arguments: TestBackend.all, 0..<StoreSchema.migrations.latestVersion)
  func fromEarlierStoreVersion(backend: TestBackend, version: Int) async throws {
    try await withDatabase(backend) { database in
      let old = try await Store.open(
        url: database.url, logger: TestDatabase.quiet, migrations: Notes.upTo(1), configuration: .defaults,
        schemaVersion: version)
      #expect(try await old.appliedMigrations(service: Store.schemaService) == Array(1..<(version + 1)))
      await old.shutdown()

      let store = try await database.open(Notes.upTo(1))
      do {
        #expect(try await store.appliedMigrations(service: Store.schemaService) == [1, 2, 3, 4, 5, 6])
        #expect(try await store.adminUnits.seedReferenceGeography())
        _ = try await store.idempotency.idempotent(key: "k", method: "/m", request: [1], subject: "s") { _ in [2] }
        #expect(try await store.audit.query(entity: "admin_unit").isEmpty == false)
      } catch {
        await store.shutdown()
        throw error
      }
      await store.shutdown()
    }
  }

  @Test("A service's schema from each earlier version, keeping its data", arguments: TestBackend.all)
  func fromEarlierServiceVersions(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      let v1 = try await database.open(Notes.upTo(1))
      try await v1.transaction { db in try await db.raw("INSERT INTO note (body) VALUES ('first')").run() }
      await v1.shutdown()

      let v2 = try await database.open(Notes.upTo(2))
      #expect(try await v2.appliedMigrations(service: "notes") == [1, 2])
      try await v2.transaction { db in
        try await db.raw("INSERT INTO note (body, amount_vnd) VALUES ('second', 1200000000000)").run()
      }
      await v2.shutdown()

      let v3 = try await database.open(Notes.upTo(3))
      let rows = try await v3.read { db in
        try await db.raw("SELECT body, amount_vnd FROM note ORDER BY id").all().map {
          (try $0.decode(column: "body", as: String.self), try $0.decode(column: "amount_vnd", as: Int64.self))
        }
      }
      #expect(rows.map(\.0) == ["FIRST", "SECOND"])
      #expect(rows.map(\.1) == [0, 1_200_000_000_000])
      let appliedAt = try await v3.read { db in
        try await db.raw("SELECT applied_at FROM schema_migrations WHERE service = 'notes' ORDER BY version").all()
          .map { try $0.decode(column: "applied_at", as: Int64.self) }
      }
      await v3.shutdown()

      // Opening again applies nothing and changes nothing.
      let again = try await database.open(Notes.upTo(3))
      let appliedAgain = try await again.read { db in
        try await db.raw("SELECT applied_at FROM schema_migrations WHERE service = 'notes' ORDER BY version").all()
          .map { try $0.decode(column: "applied_at", as: Int64.self) }
      }
      #expect(appliedAgain == appliedAt)
      let bodies = try await again.read { db in
        try await db.raw("SELECT body FROM note ORDER BY id").all().map {
          try $0.decode(column: "body", as: String.self)
        }
      }
      #expect(bodies == ["FIRST", "SECOND"])
      await again.shutdown()
    }
  }

  @Test("A database newer than the code is refused with a clear error", arguments: TestBackend.all)
  func newerDatabase(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      try await database.open(Notes.upTo(3)).shutdown()
      let error = await expectStoreError { _ = try await database.open(Notes.upTo(1)) }
      #expect(error == .databaseNewerThanCode(service: "notes", databaseVersion: 3, codeVersion: 1))
      #expect(error?.description.contains("Upgrade the executable") == true)
      #expect(error?.description.contains("schema version 3") == true)
    }
  }

  @Test(
    "A failing migration is rolled back and reported; the next start applies the fixed one", arguments: TestBackend.all)
  func failingMigration(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      let broken = ServiceMigrations(
        service: "notes",
        [
          Notes.v1,
          Migration(
            version: 2, name: "broken",
            statements: ["CREATE TABLE half_done (id BIGINT)", "ALTER TABLE no_such_table ADD COLUMN x BIGINT"]),
        ])
      let error = await expectStoreError { _ = try await database.open(broken) }
      guard case .migrationFailed(service: "notes", version: 2, name: "broken", _) = error else {
        Issue.record("expected migrationFailed, got \(String(describing: error))")
        return
      }
      #expect(error?.description.contains("no_such_table") == true, "\(String(describing: error))")
      let store = try await database.open(Notes.upTo(2))
      #expect(try await store.appliedMigrations(service: "notes") == [1, 2])
      // The failed migration's first statement was rolled back with it.
      try await store.transaction { db in try await db.raw("CREATE TABLE half_done (id BIGINT)").run() }
      await store.shutdown()
    }
  }

  @Test("Two executables starting at once apply each migration once", arguments: TestBackend.all)
  func concurrentOpen(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      async let first = database.open(Notes.upTo(3))
      async let second = database.open(Notes.upTo(3))
      let stores = try await [first, second]
      let count = try await stores[0].read { db in
        try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(column: "n", as: Int.self)
      }
      #expect(count == 9)  // the store's 6 and the notes' 3
      for store in stores { await store.shutdown() }
    }
  }

  @Test("Wrongly declared migrations are refused")
  func invalidDeclarations() async throws {
    for (migrations, reason) in [
      (ServiceMigrations(service: "notes", [Notes.v2, Notes.v1]), "versions must start at 1 and increase"),
      (ServiceMigrations(service: "notes", [Notes.v1, Notes.v1]), "versions must start at 1 and increase"),
      (ServiceMigrations(service: Store.schemaService, []), "reserved"),
      (ServiceMigrations(service: "bad name", []), "letters, digits"),
    ] {
      let error = await expectStoreError {
        _ = try await Store.open(
          url: .sqlite(path: "/tmp/district-store-tests/never.db"), logger: TestDatabase.quiet, migrations: migrations)
      }
      #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }
  }
}
