import DistrictRPC
import DistrictSchema
import DistrictServiceSupport
import DistrictStore
import DistrictTestSupport
import SQLKit
import Testing

/// A store shut down while a transaction holds a connection lets that transaction finish and
/// commit, refuses every later one, and closes the connection only when it comes back: stopping
/// SQLite's threads first would leave the connection open and make the transaction fail.
@Suite("Shutting a store down", .timeLimit(.minutes(1)))
struct ShutdownTests {
  @Test(
    "Shutdown waits for the transaction in progress, which commits; later ones are refused", arguments: TestBackend.all)
  func waitsForTransactionInProgress(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      let store = try await database.open(CancellationTests.counters)
      let (entered, didEnter) = AsyncStream.makeStream(of: Void.self)
      let (release, doRelease) = AsyncStream.makeStream(of: Void.self)
      let writer = Task {
        try await store.transaction { db in
          try await db.raw("UPDATE counter SET value = value + 1 WHERE name = 'total'").run()
          didEnter.yield()
          for await _ in release { break }
          try await db.raw("INSERT INTO entry (writer, n) VALUES ('s', 1)").run()
        }
      }
      for await _ in entered { break }
      let shutdown = Task { await store.shutdown() }
      // Once the shutdown has begun, a new transaction is refused; only then let the writer go on.
      var refusal: StoreFailure?
      while refusal == nil {
        do {
          try await store.read { db in try await db.raw("SELECT 1").run() }
          try await Task.sleep(for: .milliseconds(5))
        } catch let error as StoreFailure {
          refusal = error
        }
      }
      #expect(refusal?.rpcError.code == .unavailable)
      doRelease.yield()
      try await writer.value
      await shutdown.value

      let reopened = try await database.open(CancellationTests.counters)
      let (total, entries) = try await reopened.read { db in
        (
          try await db.raw("SELECT value FROM counter WHERE name = 'total'").first()?.decode(
            column: "value", as: Int64.self),
          try await db.raw("SELECT COUNT(*) AS n FROM entry").first()?.decode(column: "n", as: Int64.self)
        )
      }
      await reopened.shutdown()
      #expect(
        total == 1 && entries == 1,
        "the transaction in progress at shutdown was lost: total \(String(describing: total)), entries \(String(describing: entries))"
      )
    }
  }
}
