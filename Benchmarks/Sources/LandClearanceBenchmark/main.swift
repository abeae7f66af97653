// land-clearance-bench: GetDistrictTotals, GetProjectProgress, ListProjectProgress and ListBlockers
// over loopback against the land-clearance service on SQLite, with 100,000 parties (and cases) and
// 1,000,000 payments bulk-loaded (aggregates are computed in SQL).
//
//   scripts/bench-land-clearance [PARTIES [PAYMENTS]] [--without-covering-indexes]
import BenchmarkSupport
import DistrictDemo
import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import Foundation
import LandClearance
import Logging
import NIOCore
import SQLKit
import ServiceLifecycle

let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let parties = numbers.first ?? 100_000
let payments = numbers.dropFirst().first ?? 1_000_000
let withoutIndexes = CommandLine.arguments.contains("--without-covering-indexes")
let projects = 10

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("land-clearance-bench-\(UUID())")
defer { try? FileManager.default.removeItem(at: directory) }
let store = try await Store.open(
  url: .sqlite(path: directory.appendingPathComponent("land-clearance.db").path), logger: logger,
  migrations: LandClearanceService.migrations)
if withoutIndexes {
  try await store.transaction { db in
    try await db.raw("DROP INDEX clearance_payment_sums").run()
    try await db.raw("DROP INDEX clearance_payment_project").run()
  }
}
let server = RPCServer(
  configuration: .defaults(port: 0), services: [LandClearanceService(store: store, logger: logger)], tokens: nil,
  logger: logger)
let group = ServiceGroup(services: [server], logger: logger)
let running = Task { try await group.run() }
let client = RPCClient(host: "127.0.0.1", port: try await server.localAddress.port!, logger: logger)
typealias S = LandClearanceV1.LandClearanceService

// The demo through the RPCs (timed), more projects through the RPC; then parties, cases, steps
// and payments straight into the tables.
let seedStart = ContinuousClock.now
try await LandClearanceDemo.seed(client, options: CallOptions())
let seedElapsed = ContinuousClock.now - seedStart
let commune = ReferenceGeography.oldCommune("tan-tap")
for index in 0..<projects {
  _ = try await client.unary(
    S.createProject,
    .init().with {
      $0.project = .init().with {
        $0.id = "p\(index)"
        $0.name = "Dự án \(index)"
        $0.kind = .industrialPark
        $0.communeIDs = [commune]
        $0.areaToClear = .init().with { $0.squareMeters = 50_000_000 }
        $0.deadline = "2025-12-31"
        $0.compensationBudget = .init().with { $0.vnd = 10_000_000_000_000 }
      }
    })
}
func date(_ day: Int) -> String {
  CalendarDate(dayNumber: CalendarDate("2021-01-01")!.dayNumber + Int64(day)).description
}
let loadStart = ContinuousClock.now
let batch = 1_000
for first in stride(from: 0, to: parties, by: batch) {
  let rows = first..<min(first + batch, parties)
  try await store.transaction { db in
    var party = db.insert(into: "clearance_party").columns("id", "kind", "name", "commune_id")
    var cases = db.insert(into: "clearance_case").columns(
      "id", "project_id", "party_id", "party_kind", "commune_id", "state", "state_since", "state_since_day",
      "compulsory_inventory", "enforcement_since", "enforcement_day", "open_complaints", "approved_vnd", "paid_vnd",
      "recovered_m2", "recovery_decided_on", "handed_over_on")
    var steps = db.insert(into: "clearance_step").columns(
      "case_id", "project_id", "state", "on_date", "note", "compulsory", "recorded_by", "recorded_at", "recorded_rpc")
    for row in rows {
      let kind = Int64(row % 50 == 0 ? 3 : row % 10 == 0 ? 2 : 1)
      let state: Int64 = row % 4 == 0 ? 6 : 9
      let since = row % 900
      let stateSince = since + (state == 9 ? 100 : 50)
      party = party.values(SQLBind("party-\(row)"), SQLBind(kind), SQLBind("Hộ \(row)"), SQLBind(commune))
      cases = cases.values(
        SQLBind("case-\(row)"), SQLBind("p\(row % projects)"), SQLBind("party-\(row)"), SQLBind(kind), SQLBind(commune),
        SQLBind(state), SQLBind(date(stateSince)), SQLBind(CalendarDate(date(stateSince))!.dayNumber),
        SQLBind(Int64(0)),
        SQLBind(""), SQLBind(Int64(-1)), SQLBind(Int64(0)), SQLBind(Int64(1_000_000_000)), SQLBind(Int64(0)),
        SQLBind(Int64(800 + row % 700)), SQLBind(date(since + 50)), SQLBind(state == 9 ? date(since + 100) : ""))
      for (offset, step) in [(0, Int64(1)), (50, Int64(6))] + (state == 9 ? [(100, Int64(9))] : []) {
        steps = steps.values(
          SQLBind("case-\(row)"), SQLBind("p\(row % projects)"), SQLBind(step), SQLBind(date(since + offset)),
          SQLBind(""), SQLBind(Int64(0)), SQLBind("bench"), SQLBind(""), SQLBind("bench"))
      }
    }
    try await party.run()
    try await cases.run()
    try await steps.run()
  }
}
for first in stride(from: 0, to: payments, by: batch) {
  let rows = first..<min(first + batch, payments)
  try await store.transaction { db in
    var insert = db.insert(into: "clearance_payment").columns(
      "id", "case_id", "project_id", "component", "amount_vnd", "paid_on", "deposited", "note", "recorded_by",
      "recorded_at", "recorded_rpc")
    for row in rows {
      let party = row % parties
      insert = insert.values(
        SQLBind("pay-\(row)"), SQLBind("case-\(party)"), SQLBind("p\(party % projects)"), SQLBind(Int64(1 + row % 5)),
        SQLBind(Int64(10_000_000 + row % 997)), SQLBind(date(party % 900 + 50 + row % 200)),
        SQLBind(Int64(row % 97 == 0 ? 1 : 0)),
        SQLBind(""), SQLBind("bench"), SQLBind(""), SQLBind("bench"))
    }
    try await insert.run()
  }
}
let loadElapsed = ContinuousClock.now - loadStart

func measure(_ name: String, _ call: @Sendable () async throws -> Void) async throws {
  let latency = try await Latency.measure(minimumSamples: 10, maximumSamples: 200, budget: .seconds(10), call)
  print(latency.row(name, width: 22, decimals: 1))
}

print("land-clearance-bench: land-clearance service on SQLite (WAL, synchronous=FULL), release build, over loopback")
print(
  String(
    format: "  %d parties and cases, %d payments bulk-loaded in %.1f s (%@)", parties, payments,
    loadElapsed.milliseconds / 1000,
    withoutIndexes ? "without the covering indexes" : "with the covering indexes of migration 2"))
print(
  String(
    format: "  the demo (891 parties and their cases, over RPC) seeded in %.1f s",
    seedElapsed.milliseconds / 1000))
let totalsRequest = LandClearanceV1.GetDistrictTotalsRequest().with { $0.asOf = "2023-11-22" }
let totals = try await client.unary(S.getDistrictTotals, totalsRequest)
print(
  "  totals: \(totals.householdsPaid) households, \(totals.organisationsPaid) organisations, \(totals.areaPaid?.squareMeters ?? 0) m², \(totals.amountPaid?.vnd ?? 0) VND"
)
try await measure("GetDistrictTotals") { _ = try await client.unary(S.getDistrictTotals, totalsRequest) }
let progressRequest = LandClearanceV1.GetProjectProgressRequest().with {
  $0.projectID = "p3"
  $0.asOf = "2023-11-22"
}
try await measure("GetProjectProgress") { _ = try await client.unary(S.getProjectProgress, progressRequest) }
let listRequest = LandClearanceV1.ListProjectProgressRequest().with { $0.asOf = "2023-11-22" }
let listed = try await client.unary(S.listProjectProgress, listRequest)
print("  ListProjectProgress: \(listed.projects.count) projects on the first page")
try await measure("ListProjectProgress") { _ = try await client.unary(S.listProjectProgress, listRequest) }
let blockersRequest = LandClearanceV1.ListBlockersRequest().with {
  $0.projectID = "p2"
  $0.asOf = "2023-11-22"
}
let blockers = try await client.unary(S.listBlockers, blockersRequest)
print("  blockers of p2: \(blockers.blockers.count)")
try await measure("ListBlockers (p2)") { _ = try await client.unary(S.listBlockers, blockersRequest) }

client.close()
await group.triggerGracefulShutdown()
try await running.value
await store.shutdown()
