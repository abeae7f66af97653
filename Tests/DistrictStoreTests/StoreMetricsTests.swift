import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Prometheus
import SQLKit
import Testing

@Suite("The store's metrics")
struct StoreMetricsTests {
  @Test(
    "Transactions are timed by kind, rollbacks counted, and no connection stays lent",
    arguments: TestBackend.all)
  func transactions(_ backend: TestBackend) async throws {
    let registry = PrometheusCollectorRegistry()
    var configuration = StoreConfiguration.defaults
    configuration.metricsFactory = PrometheusMetricsFactory(registry: registry)
    try await withDatabase(backend) { database in
      let store = try await database.open(configuration: configuration)
      // Opening migrated and purged through transactions of its own: count from here.
      let opened = try PrometheusScrape(registry.emitToString())
      do {
        try await store.transaction { db in try await db.raw("SELECT 1").run() }
        for _ in 0..<3 { try await store.read { db in try await db.raw("SELECT 1").run() } }
        await #expect(throws: RPCError.self) {
          try await store.transaction { _ in throw RPCError(.failedPrecondition, "rolled back on purpose") }
        }
        Self.expectGrowth(opened, try PrometheusScrape(registry.emitToString()))
        await store.shutdown()
      } catch {
        await store.shutdown()
        throw error
      }
    }
  }

  /// What the store's series gained from `before` to `after`.
  static func expectGrowth(_ before: PrometheusScrape, _ after: PrometheusScrape) {
    func growth(_ name: String, _ labels: [String: String] = [:]) -> Double? {
      guard let end = after.value(name, labels) else { return nil }
      return end - (before.value(name, labels) ?? 0)
    }
    #expect(growth("district_store_transaction_seconds_count", ["kind": "write"]) == 2)
    #expect(growth("district_store_transaction_seconds_count", ["kind": "read"]) == 3)
    #expect(growth("district_store_rollbacks_total", ["kind": "write"]) == 1)
    #expect(growth("district_store_rollbacks_total", ["kind": "read"]) == 0)
    #expect(growth("district_store_session_wait_seconds_count") == 5)
    #expect(after.value("district_store_sessions_in_use") == 0)
  }
}
