import DistrictRPC
import DistrictStore
import DistrictTestSupport
import SQLKit
import Testing

/// A task cancelled at any point of a transaction leaves the store as if the transaction had
/// either wholly happened or not at all, and every later transaction works: the connection it
/// used was rolled back or closed, never lent again inside its transaction.
@Suite("Cancelled transactions", .timeLimit(.minutes(3)))
struct CancellationTests {
  static let counters = ConcurrentWriterTests.counters

  /// One write transaction of three statements; a write is whole when its entry and its share
  /// of the total are both there.
  private static func write(_ store: Store, _ n: Int) async throws {
    try await store.transaction { db in
      try await db.raw("INSERT INTO entry (writer, n) VALUES ('c', \(bind: Int64(n)))").run()
      try await db.raw("SELECT COUNT(*) AS n FROM entry").run()
      try await db.raw("UPDATE counter SET value = value + 1 WHERE name = 'total'").run()
    }
  }

  private static func read(_ store: Store) async throws -> (total: Int64, entries: Int64) {
    try await store.read { db in
      let total =
        try await db.raw("SELECT value FROM counter WHERE name = 'total'").first()?
        .decode(column: "value", as: Int64.self) ?? -1
      let entries =
        try await db.raw("SELECT COUNT(*) AS n FROM entry").first()?.decode(column: "n", as: Int64.self) ?? -1
      return (total, entries)
    }
  }

  @Test("Reads and writes cancelled at random offsets leave every connection clean", arguments: TestBackend.all)
  func randomOffsets(backend: TestBackend) async throws {
    try await withStore(backend, migrations: Self.counters) { store in
      var generator = SystemRandomNumberGenerator()
      for round in 0..<200 {
        let delay = Duration.microseconds(Int64.random(in: 0...1_500, using: &generator))
        let writer = Task { try await Self.write(store, round) }
        let reader = Task { _ = try await Self.read(store) }
        if round % 3 != 0 { try await Task.sleep(for: delay) }
        writer.cancel()
        reader.cancel()
        _ = await writer.result
        _ = await reader.result
      }
      // Every connection the pool lends now must start a transaction cleanly: use several at once.
      try await withThrowingTaskGroup(of: Void.self) { group in
        for n in 1000..<1016 { group.addTask { try await Self.write(store, n) } }
        try await group.waitForAll()
      }
      let (total, entries) = try await Self.read(store)
      #expect(total == entries, "a write was half done: total \(total), entries \(entries)")
      #expect(entries >= 16)
    }
  }

  @Test("A transaction whose task is cancelled before it starts still rolls back cleanly", arguments: TestBackend.all)
  func cancelledBeforeStart(backend: TestBackend) async throws {
    try await withStore(backend, migrations: Self.counters) { store in
      for n in 0..<20 {
        let task = Task {
          withUnsafeCurrentTask { $0?.cancel() }
          try await Self.write(store, n)
        }
        _ = await task.result
      }
      try await Self.write(store, 100)
      let (total, entries) = try await Self.read(store)
      #expect(total == entries)
      #expect(entries >= 1)
    }
  }
}
