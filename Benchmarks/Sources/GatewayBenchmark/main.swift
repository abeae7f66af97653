// gateway-bench: GetOverview latency (p50, p99) and overviews per second through the gateway,
// with the three services local (in this process, SQLite, the demo data, over loopback), next to
// the latency of each backend call the overview makes — the slowest of which bounds it; then how
// long a collection committed in finance takes to reach a watcher of the overview, through
// WatchOverview (the change feeds) and through asking GetOverview every 2 s (what WatchOverview
// did before the change feeds).
//
//   scripts/bench-gateway [SECONDS]
import BenchmarkSupport
import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictServiceRuntime
import DistrictStore
import Finance
import Foundation
import Gateway
import Indicators
import LandClearance
import Logging
import NIOCore
import ServiceLifecycle

let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
let seconds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5 : 5
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-bench-\(UUID())")
defer { try? FileManager.default.removeItem(at: directory) }

func open(_ name: String, _ migrations: ServiceMigrations) async throws -> Store {
  try await Store.open(
    url: .sqlite(path: directory.appendingPathComponent("\(name).db").path), logger: logger, migrations: migrations)
}
let stores = (
  indicators: try await open("indicators", IndicatorsService.migrations),
  landClearance: try await open("land-clearance", LandClearanceService.migrations),
  finance: try await open("finance", FinanceService.migrations)
)

/// A server for `services` on a free port, running until the end of the benchmark.
func serve(_ services: [any RPCService]) async throws -> (ServiceGroup, Task<Void, any Error>, Int) {
  let server = RPCServer(configuration: .defaults(port: 0), services: services, tokens: nil, logger: logger)
  let group = ServiceGroup(services: [server], logger: logger)
  let running = Task { try await group.run() }
  return (group, running, try await server.localAddress.port!)
}
let indicators = try await serve(
  [IndicatorsService(store: stores.indicators, logger: logger), ChangesService(store: stores.indicators)])
let landClearance = try await serve(
  [LandClearanceService(store: stores.landClearance, logger: logger), ChangesService(store: stores.landClearance)])
let finance = try await serve([
  FinanceService(store: stores.finance, logger: logger), ChangesService(store: stores.finance),
])
let backends = try GatewayBackends(
  indicators: "127.0.0.1:\(indicators.2)", landClearance: "127.0.0.1:\(landClearance.2)",
  finance: "127.0.0.1:\(finance.2)", logger: logger)
let gatewayServer = try await serve([GatewayService(backends: backends)])
let servers = [gatewayServer, indicators, landClearance, finance]

try await IndicatorsDemo.seed(backends.indicators, options: CallOptions())
try await LandClearanceDemo.seed(backends.landClearance, options: CallOptions())
try await FinanceDemo.seed(backends.finance, options: CallOptions())
let gateway = RPCClient(host: "127.0.0.1", port: gatewayServer.2, logger: logger)

/// Calls per second with `concurrency` callers for `seconds` seconds.
func throughput(concurrency: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> Double {
  let start = ContinuousClock.now
  let deadline = start + .seconds(seconds)
  let total = try await withThrowingTaskGroup(of: Int.self) { group in
    for _ in 0..<concurrency {
      group.addTask {
        var count = 0
        while ContinuousClock.now < deadline {
          try await call()
          count += 1
        }
        return count
      }
    }
    return try await group.reduce(0, +)
  }
  return Double(total) / ((ContinuousClock.now - start).milliseconds / 1000)
}

let asOf = IndicatorsDemo.articleDate
let overviewRequest = GatewayV1.GetOverviewRequest().with {
  $0.asOf = asOf
  $0.revenueAsOf = FinanceDemoData.asOf
  $0.revenueAsOfPrecision = .earlyMonth
}
let check = try await gateway.unary(GatewayV1.GatewayService.getOverview, overviewRequest)
for (name, status) in [
  ("indicators", check.indicators?.status), ("land-clearance", check.landClearance?.status),
  ("finance", check.finance?.status),
] where status?.code != .ok {
  fatalError("\(name) section failed: \(status?.message ?? "missing")")
}

typealias I = IndicatorsV1.IndicatorsService
typealias L = LandClearanceV1.LandClearanceService
typealias F = FinanceV1.FinanceService
let resolutionID = check.indicators?.resolution?.id ?? ""
let backendCalls: [(String, @Sendable () async throws -> Void)] = [
  (
    "indicators ListResolutions",
    { _ = try await backends.indicators.unary(I.listResolutions, .init().with { $0.year = 2023 }) }
  ),
  (
    "indicators GetScorecard",
    {
      _ = try await backends.indicators.unary(
        I.getScorecard,
        .init().with {
          $0.resolutionID = resolutionID
          $0.asOf = asOf
        })
    }
  ),
  (
    "land GetDistrictTotals",
    { _ = try await backends.landClearance.unary(L.getDistrictTotals, .init().with { $0.asOf = asOf }) }
  ),
  (
    "land ListBlockers", { _ = try await backends.landClearance.unary(L.listBlockers, .init().with { $0.asOf = asOf }) }
  ),
  (
    "finance GetRevenueSummary",
    {
      _ = try await backends.finance.unary(
        F.getRevenueSummary,
        .init().with {
          $0.year = 2023
          $0.asOf = FinanceDemoData.asOf
          $0.asOfPrecision = .earlyMonth
        })
    }
  ),
  (
    "finance ListLaggingCommunes",
    {
      _ = try await backends.finance.unary(
        F.listLaggingCommunes,
        .init().with {
          $0.year = 2023
          $0.asOf = FinanceDemoData.asOf
          $0.asOfPrecision = .earlyMonth
        })
    }
  ),
  (
    "finance GetDisbursement",
    {
      _ = try await backends.finance.unary(
        F.getDisbursement,
        .init().with {
          $0.year = 2023
          $0.asOf = asOf
        })
    }
  ),
]

print(
  "gateway-bench: GetOverview through the gateway; the three services in this process on SQLite with the demo data,")
print("over loopback, release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
/// p50 and p99 of one call made back to back for `seconds / 2` seconds (at least 50 times).
func latency(_ call: () async throws -> Void) async throws -> Latency {
  try await Latency.measure(warmUp: 10, minimumSamples: 50, budget: .seconds(max(1, seconds / 2)), call)
}
var slowest = (name: "", p50: 0.0, p99: 0.0)
var backendSum = 0.0
for (name, call) in backendCalls {
  let result = try await latency(call)
  print(result.row(name))
  if result.p50 > slowest.p50 { slowest = (name, result.p50, result.p99) }
  backendSum += result.p50
}
let overview = try await latency { _ = try await gateway.unary(GatewayV1.GatewayService.getOverview, overviewRequest) }
print(overview.row("GetOverview (gateway)"))
print(String(format: "  sum of the backend calls' p50: %.2f ms", backendSum))
print(
  "  overview p50 / slowest backend call p50 (\(slowest.name)): " + String(format: "%.2f×", overview.p50 / slowest.p50))
// The dashboard's overview: the same with every project's progress, one call more.
let projects = try await latency {
  _ = try await backends.landClearance.unary(
    L.listProjectProgress,
    .init().with {
      $0.asOf = asOf
      $0.page = .init().with { $0.pageSize = 50 }
    })
}
print(projects.row("land ListProjectProgress"))
let withProjects = overviewRequest.with { $0.includeProjects = true }
let dashboard = try await latency { _ = try await gateway.unary(GatewayV1.GatewayService.getOverview, withProjects) }
print(dashboard.row("GetOverview include_projects"))
for concurrency in [1, 8, 32] {
  let rate = try await throughput(concurrency: concurrency) {
    _ = try await gateway.unary(GatewayV1.GatewayService.getOverview, overviewRequest)
  }
  print(String(format: "  overviews/s with %2d callers: %8.0f", concurrency, rate))
}

/// The collected total of the overview's revenue.
func collected(_ overview: GatewayV1.Overview) -> Int64? { overview.finance?.revenue?.total?.collected?.vnd }

/// Milliseconds from a collection committed in finance (at a random moment) to `next` giving an
/// overview that counts it, `samples` times.
func propagation(samples: Int, _ next: () async throws -> GatewayV1.Overview?) async throws -> [Double] {
  var expected = try require(collected(try require(try await next())))
  var delays: [Double] = []
  for _ in 0..<samples {
    try await Task.sleep(for: .milliseconds(Int.random(in: 0..<2_000)))
    expected += FinanceDemoData.billion
    _ = try await backends.finance.unary(
      F.recordCollection,
      .init().with {
        $0.collection = .init().with {
          $0.collectedOn = "2023-10-30"
          $0.sourceCode = "construction-tax"
          $0.amount = .init().with { $0.vnd = FinanceDemoData.billion }
        }
      }, options: CallOptions(metadata: [MetadataKey.idempotencyKey: UUID().uuidString]))
    let committed = ContinuousClock.now
    while let overview = try await next(), collected(overview) != expected {}
    delays.append((ContinuousClock.now - committed).milliseconds)
  }
  return delays.sorted()
}

/// A stand-in for a missing value that stops the benchmark.
func require<T>(_ value: T?) throws -> T {
  guard let value else { fatalError("the watch ended") }
  return value
}

let samples = max(8, seconds * 2)
/// Through WatchOverview, which follows the backends' change feeds.
func watchedByFeed(samples: Int) async throws -> [Double] {
  var watch = try await gateway.serverStream(GatewayV1.GatewayService.watchOverview, overviewRequest)
    .makeAsyncIterator()
  return try await propagation(samples: samples) { try await watch.next() }
}

/// What WatchOverview did before the change feeds: ask again every 2 s (on a clock of its own,
/// not the writer's), report what changed.
func watchedByPolling(samples: Int) async throws -> [Double] {
  var lastPolled: Int64? = nil
  let start = ContinuousClock.now
  var round = 0
  return try await propagation(samples: samples) {
    while true {
      if lastPolled != nil {
        round += 1
        try await Task.sleep(until: start + .seconds(2 * round))
      }
      let overview = try await gateway.unary(GatewayV1.GatewayService.getOverview, overviewRequest)
      if collected(overview) != lastPolled {
        lastPolled = collected(overview)
        return overview
      }
    }
  }
}

let byFeed = try await watchedByFeed(samples: samples)
let byPolling = try await watchedByPolling(samples: samples)
print("  a collection committed in finance → a watcher of the overview sees it (\(samples) writes at random moments):")
for (name, delays) in [("WatchOverview (change feeds)", byFeed), ("GetOverview every 2 s", byPolling)] {
  print(
    "  " + name.padding(toLength: 30, withPad: " ", startingAt: 0)
      + String(format: " p50 %7.1f ms  max %7.1f ms", delays[delays.count / 2], delays[delays.count - 1]))
}
print(String(format: "  feed p50 / polling p50: %.3f×", byFeed[byFeed.count / 2] / byPolling[byPolling.count / 2]))

gateway.close()
backends.close()
for (group, running, _) in servers {
  await group.triggerGracefulShutdown()
  try await running.value
}
for store in [stores.indicators, stores.landClearance, stores.finance] { await store.shutdown() }
