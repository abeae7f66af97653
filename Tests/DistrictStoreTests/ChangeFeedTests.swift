import DistrictRPC
import DistrictSchema
import DistrictServiceRuntime
import DistrictStore
import DistrictTestSupport
import Logging
import NIOCore
import SQLKit
import Testing

@Suite("The change feed")
struct ChangeFeedTests {
  @Test(
    "A committed write moves the version and reaches the watchers; a read or a rolled-back write does not",
    arguments: TestBackend.all)
  func committedWritesOnly(_ backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      var versions = store.changes.versions().makeAsyncIterator()
      let start = try #require(await versions.next())
      #expect(start == store.changes.version)

      _ = try await pay(store, key: nil, amount: 1_000)
      #expect(await versions.next() == start + 1)

      _ = try await paymentCount(store)
      await #expect(throws: RPCError.self) {
        try await store.transaction { db in
          try await db.raw("INSERT INTO payment (amount_vnd) VALUES (5)").run()
          throw RPCError(.failedPrecondition, "rolled back on purpose")
        }
      }
      #expect(store.changes.version == start + 1)

      _ = try await pay(store, key: nil, amount: 2_000)
      #expect(await versions.next() == start + 2)
    }
  }

  @Test("A watcher that falls behind gets the latest version, not a backlog")
  func latestNotBacklog() async throws {
    try await withStore(.sqlite, migrations: payments) { store in
      var versions = store.changes.versions().makeAsyncIterator()
      let start = try #require(await versions.next())
      for amount in 1...5 { _ = try await pay(store, key: nil, amount: Int64(amount)) }
      #expect(await versions.next() == start + 5)
    }
  }

  @Test("The feed is served as district.changes.v1.Changes/Watch: the epoch and the version")
  func servedOverRPC() async throws {
    try await withStore(.sqlite, migrations: payments) { store in
      try await withTestServer([ChangesService(store: store)], tokens: nil) { server in
        let client = server.client()
        defer { client.close() }
        var feed = try await client.serverStream(ChangesV1.ChangesService.watch, .init()).makeAsyncIterator()
        let first = try #require(try await feed.next())
        #expect(first.epoch == store.changes.epoch)
        _ = try await pay(store, key: nil, amount: 7)
        let second = try #require(try await feed.next())
        #expect(second.epoch == first.epoch)
        #expect(second.version == first.version + 1)
      }
    }
  }
}
