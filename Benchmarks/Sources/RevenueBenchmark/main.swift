// revenue-bench: GetRevenueSummary and ListLaggingCommunes over loopback against the finance
// service on SQLite, with the demo data plus 1,000,000 collections (aggregates are computed in SQL),
// and RecordCollection into an open month (the write, its audit row and its approval check).
//
//   scripts/bench-revenue [COLLECTIONS]
import BenchmarkSupport
import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictStore
import Finance
import Foundation
import Logging
import NIOCore
import SQLKit
import ServiceLifecycle

let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
let collections = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("revenue-bench-\(UUID())")
defer { try? FileManager.default.removeItem(at: directory) }
let store = try await Store.open(
  url: .sqlite(path: directory.appendingPathComponent("finance.db").path), logger: logger,
  migrations: FinanceService.migrations)
let server = RPCServer(
  configuration: .defaults(port: 0), services: [FinanceService(store: store, logger: logger)], tokens: nil,
  logger: logger)
let group = ServiceGroup(services: [server], logger: logger)
let running = Task { try await group.run() }
let client = RPCClient(host: "127.0.0.1", port: try await server.localAddress.port!, logger: logger)

// The demo data (sources, estimates, communes), then bulk collections straight into the table.
try await FinanceDemo.seed(client, options: CallOptions())
let sources = FinanceDemoData.sources.map(\.code)
let communes = FinanceDemoData.communes.map(\.id)
let loadStart = ContinuousClock.now
let batch = 1_000
var inserted = 0
while inserted < collections {
  let count = min(batch, collections - inserted)
  let first = inserted
  try await store.transaction { db in
    var insert = db.insert(into: "collection").columns(
      "id", "year", "collected_on", "source_code", "commune_id", "amount_vnd", "note", "recorded_by", "recorded_at_ms",
      "recorded_rpc")
    for row in first..<(first + count) {
      let day = String(format: "2023-%02d-%02d", row % 10 + 1, row % 28 + 1)
      insert = insert.values(
        SQLBind("bench-\(row)"), SQLBind(Int64(2023)), SQLBind(day), SQLBind(sources[row % sources.count]),
        SQLBind(communes[row % communes.count]), SQLBind(Int64(1_000 + row % 997)), SQLBind(""), SQLBind("bench"),
        SQLBind(Int64(0)), SQLBind("bench"))
    }
    try await insert.run()
  }
  inserted += count
}
let loadElapsed = ContinuousClock.now - loadStart

func measure(_ name: String, _ call: @Sendable () async throws -> Void) async throws {
  let latency = try await Latency.measure(minimumSamples: 10, maximumSamples: 200, budget: .seconds(10), call)
  print(latency.row(name, width: 22, decimals: 1))
}

print("revenue-bench: finance service on SQLite (WAL, synchronous=FULL), release build, over loopback")
print(
  String(
    format: "  %d collections bulk-loaded in %.1f s (batches of %d rows, one transaction each)",
    collections, loadElapsed.milliseconds / 1000, batch))
typealias S = FinanceV1.FinanceService
let summaryRequest = FinanceV1.GetRevenueSummaryRequest().with {
  $0.year = 2023
  $0.asOf = "2023-11-01"
}
let summary = try await client.unary(S.getRevenueSummary, summaryRequest)
print(
  "  collected \(summary.total?.collected?.vnd ?? 0) VND (\(summary.total?.ofProvinceBp ?? 0) bp of the province's estimate)"
)
try await measure("GetRevenueSummary") { _ = try await client.unary(S.getRevenueSummary, summaryRequest) }
try await measure("ListLaggingCommunes") {
  _ = try await client.unary(
    S.listLaggingCommunes,
    FinanceV1.ListLaggingCommunesRequest().with {
      $0.year = 2023
      $0.asOf = "2023-11-01"
    })
}
// A write into an open month: one collection a call, each under its own idempotency key.
try await measure("RecordCollection") {
  _ = try await client.unary(
    S.recordCollection,
    FinanceV1.RecordCollectionRequest().with {
      $0.collection = FinanceV1.Collection().with {
        $0.collectedOn = "2023-10-15"
        $0.sourceCode = sources[0]
        $0.communeID = communes[0]
        $0.amount = CommonV1.Money().with { $0.vnd = 1_000_000 }
      }
    }, options: CallOptions(metadata: [MetadataKey.idempotencyKey: UUID().uuidString]))
}

client.close()
await group.triggerGracefulShutdown()
try await running.value
await store.shutdown()
