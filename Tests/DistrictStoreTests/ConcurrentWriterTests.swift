import DistrictRPC
import DistrictStore
import DistrictTestSupport
import SQLKit
import Testing

@Suite("Concurrent writers", .timeLimit(.minutes(3)))
struct ConcurrentWriterTests {
  static let counters = ServiceMigrations(
    service: "counters",
    [
      Migration(
        version: 1, name: "counter",
        statements: [
          "CREATE TABLE counter (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
          "INSERT INTO counter (name, value) VALUES ('total', 0)",
          "CREATE TABLE entry (writer TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (writer, n))",
        ])
    ])

  @Test("Two writers (two stores, two pools) on one database serialize; no write is lost", arguments: TestBackend.all)
  func twoWriters(backend: TestBackend) async throws {
    let perWriter = 100
    try await withDatabase(backend) { database in
      let a = try await database.open(Self.counters)
      let b = try await database.open(Self.counters)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for (name, store) in [("a", a), ("b", b)] {
          group.addTask {
            for n in 1...perWriter {
              try await store.transaction { db in
                // Read, then write what was read plus one: a lost update would show in the total.
                let value =
                  try await db.raw(
                    "SELECT value FROM counter WHERE name = 'total'\(unsafeRaw: store.dialect.forUpdate)"
                  ).first()?.decode(column: "value", as: Int64.self) ?? 0
                try await db.raw("UPDATE counter SET value = \(bind: value + 1) WHERE name = 'total'").run()
                try await db.raw("INSERT INTO entry (writer, n) VALUES (\(bind: name), \(bind: Int64(n)))").run()
                try await store.audit.record(
                  in: db, subject: name, rpc: "/test/Increment", entity: "counter", entityID: "total", action: .update,
                  before: "\(value)", after: "\(value + 1)")
              }
            }
          }
        }
        try await group.waitForAll()
      }
      let (total, entries) = try await a.read { db in
        (
          try await db.raw("SELECT value FROM counter WHERE name = 'total'").first()?.decode(
            column: "value", as: Int64.self),
          try await db.raw("SELECT COUNT(*) AS n FROM entry").first()?.decode(column: "n", as: Int.self)
        )
      }
      #expect(entries == 2 * perWriter)
      #expect(total == Int64(2 * perWriter))
      #expect(try await a.audit.query(entity: "counter", limit: 1000).count == 2 * perWriter)
      await a.shutdown()
      await b.shutdown()
    }
  }

  @Test("Many concurrent transactions on one store all commit", arguments: TestBackend.all)
  func manyOnOneStore(backend: TestBackend) async throws {
    try await withStore(backend, migrations: Self.counters) { store in
      try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in 0..<16 {
          group.addTask {
            for n in 1...10 {
              try await store.transaction { db in
                try await db.raw("INSERT INTO entry (writer, n) VALUES (\(bind: "w\(writer)"), \(bind: Int64(n)))")
                  .run()
                try await db.raw("UPDATE counter SET value = value + 1 WHERE name = 'total'").run()
              }
            }
          }
        }
        try await group.waitForAll()
      }
      let total = try await store.read { db in
        try await db.raw("SELECT value FROM counter WHERE name = 'total'").first()?.decode(
          column: "value", as: Int64.self)
      }
      #expect(total == 160)
    }
  }
}
