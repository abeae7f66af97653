// scorecard-bench: GetScorecard latency over loopback against the indicators service on SQLite,
// for (a) 15 indicators × 10 years of monthly measurements and (b) 1,000 indicators.
//
//   scripts/bench-scorecard
import BenchmarkSupport
import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import Foundation
import Indicators
import Logging
import NIOCore
import ServiceLifecycle

let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// One scenario: a resolution with `indicators` indicators, each with `months` monthly measurements.
struct Scenario {
  let name: String
  let indicators: Int
  let months: Int
}

func run(_ scenario: Scenario) async throws {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scorecard-bench-\(UUID())")
  defer { try? FileManager.default.removeItem(at: directory) }
  let store = try await Store.open(
    url: .sqlite(path: directory.appendingPathComponent("indicators.db").path), logger: logger,
    migrations: IndicatorsService.migrations)
  let server = RPCServer(
    configuration: .defaults(port: 0), services: [IndicatorsService(store: store, logger: logger)], tokens: nil,
    logger: logger)
  let group = ServiceGroup(services: [server], logger: logger)
  let running = Task { try await group.run() }
  let client = RPCClient(host: "127.0.0.1", port: try await server.localAddress.port!, logger: logger)
  typealias S = IndicatorsV1.IndicatorsService

  let loadStart = ContinuousClock.now
  let resolutionID = "bench-resolution"
  _ = try await client.unary(
    S.createResolution,
    IndicatorsV1.CreateResolutionRequest().with {
      $0.resolution = IndicatorsV1.Resolution().with {
        $0.id = resolutionID
        $0.code = "1-NQ/BENCH"
        $0.titleVi = "Bench"
        $0.titleEn = "Bench"
        $0.issuingBody = "bench"
        $0.issuedOn = "2014-01-01"
        $0.kind = .annual
        $0.periodFromYear = 2014
        $0.periodToYear = 2023
        $0.orgUnitID = ReferenceGeography.canGiuocDistrict
      }
    })
  let firstYear = 2024 - scenario.months / 12
  var measurements = 0
  for index in 0..<scenario.indicators {
    let id = "bench-\(index)"
    _ = try await client.unary(
      S.defineIndicator,
      IndicatorsV1.DefineIndicatorRequest().with {
        $0.indicator = IndicatorsV1.Indicator().with {
          $0.id = id
          $0.resolutionID = resolutionID
          $0.code = "B-\(index)"
          $0.nameVi = "Chỉ tiêu \(index)"
          $0.nameEn = "Indicator \(index)"
          $0.unit = index % 2 == 0 ? "vnd" : "percent"
          $0.direction = .higherIsBetter
          $0.targetMilli = 1_000_000
          $0.category = .economy
          $0.orgUnitID = ReferenceGeography.canGiuocDistrict
          $0.publishedDecimals = 1
          $0.dataSource = IndicatorsV1.DataSource().with { $0.source = .manual(true) }
        }
      })
    // Measurements are written concurrently, 32 at a time, to keep loading short.
    try await withThrowingTaskGroup(of: Void.self) { group in
      for month in 0..<scenario.months {
        if month >= 32 { try await group.next() }
        group.addTask {
          let year = firstYear + month / 12
          let asOf = String(format: "%04d-%02d-01", year, month % 12 + 1)
          _ = try await client.unary(
            S.recordMeasurement,
            IndicatorsV1.RecordMeasurementRequest().with {
              $0.measurement = IndicatorsV1.Measurement().with {
                $0.id = "\(id)-\(month)"
                $0.indicatorID = id
                $0.asOf = asOf
                $0.asOfPrecision = .day
                $0.valueMilli = Int64(80_000 * (month % 12 + 1))
                $0.qualifier = .exact
                $0.kind = .cumulativeActual
              }
            })
        }
      }
      try await group.waitForAll()
    }
    measurements += scenario.months
  }
  let loadSeconds = Double((ContinuousClock.now - loadStart).components.seconds)

  let request = IndicatorsV1.GetScorecardRequest().with {
    $0.resolutionID = resolutionID
    $0.asOf = "2023-11-22"
  }
  var scorecard = IndicatorsV1.Scorecard()
  let latency = try await Latency.measure(warmUp: 5, minimumSamples: 20, maximumSamples: 2_000, budget: .seconds(5)) {
    scorecard = try await client.unary(S.getScorecard, request)
  }
  let (p50, p99) = (latency.p50, latency.p99)
  print(
    String(
      format:
        "  %-38@ %6d indicators %7d measurements  scorecard p50 %8.2f ms  p99 %8.2f ms  (%d calls; loaded in %.0f s; %d counted)",
      scenario.name, scenario.indicators, measurements, p50, p99, latency.samples.count, loadSeconds,
      Int(scorecard.total)))

  client.close()
  await group.triggerGracefulShutdown()
  try await running.value
  await store.shutdown()
}

print(
  "scorecard-bench: GetScorecard over loopback, indicators service on SQLite (WAL, synchronous=FULL), release build")
for scenario in [
  Scenario(name: "15 indicators × 10 years monthly", indicators: 15, months: 120),
  Scenario(name: "1,000 indicators × 12 months", indicators: 1_000, months: 12),
] {
  try await run(scenario)
}
