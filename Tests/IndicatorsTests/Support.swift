import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import Indicators
import Logging
import PostgresKit
import SQLKit
import ServiceLifecycle
import Testing

let quiet = Logger(label: "indicators-tests") { _ in SwiftLogNoOpLogHandler() }

extension TestDatabase {
  /// A fresh database for one indicators test.
  static func make(_ backend: TestBackend) async throws -> TestDatabase {
    try await make(backend, file: "indicators.db")
  }

  /// A store on it with the indicators service's migrations.
  func open() async throws -> Store {
    try await open(IndicatorsService.migrations)
  }
}

/// An Indicators server on a free loopback port over a store, and a client of it.
struct Running: Sendable {
  let client: RPCClient
  let store: Store
}

/// Runs an Indicators server on `store` until `body` returns.
func withServer<T: Sendable>(
  store: Store, today: CalendarDate = CalendarDate(year: 2023, month: 11, day: 22), service: IndicatorsService? = nil,
  _ body: (Running) async throws -> T
) async throws -> T {
  let service = service ?? IndicatorsService(store: store, logger: quiet, today: { today })
  return try await withTestServer([service]) { server in
    let client = server.inProcessClient()
    defer { client.close() }
    return try await body(Running(client: client, store: store))
  }
}

/// A fresh database of `backend`, a store on it and a server over the store.
func withIndicators(_ backend: TestBackend, _ body: (Running) async throws -> Void) async throws {
  try await withDatabase(backend, file: "indicators.db") { database in
    try await database.withStore(IndicatorsService.migrations) { store in try await withServer(store: store, body) }
  }
}

typealias API = IndicatorsV1.IndicatorsService

/// A resolution for tests.
func sampleResolution(id: String = "", code: String = "99-NQ/HU", year: Int32 = 2023) -> IndicatorsV1.Resolution {
  IndicatorsV1.Resolution().with {
    $0.id = id
    $0.code = code
    $0.titleVi = "Nghị quyết thử"
    $0.titleEn = "Test resolution"
    $0.issuingBody = "Huyện ủy"
    $0.issuedOn = "2022-12-16"
    $0.kind = .annual
    $0.periodFromYear = year
    $0.periodToYear = year
    $0.orgUnitID = ReferenceGeography.canGiuocDistrict
  }
}

/// A higher-is-better revenue indicator for tests (target 636 tỷ).
func sampleIndicator(
  resolutionID: String, id: String = "", code: String = "CT-01", orgUnit: String = ReferenceGeography.canGiuocDistrict
)
  -> IndicatorsV1.Indicator
{
  IndicatorsV1.Indicator().with {
    $0.id = id
    $0.resolutionID = resolutionID
    $0.code = code
    $0.nameVi = "Thu ngân sách"
    $0.nameEn = "Revenue"
    $0.unit = "vnd"
    $0.direction = .higherIsBetter
    $0.targetMilli = 636_000_000_000_000
    $0.category = .economy
    $0.orgUnitID = orgUnit
    $0.publishedDecimals = 0
  }
}

func measurement(
  _ indicatorID: String, _ value: Int64, kind: IndicatorsV1.MeasurementKind, asOf: String = "2023-11-01"
)
  -> IndicatorsV1.Measurement
{
  IndicatorsV1.Measurement().with {
    $0.indicatorID = indicatorID
    $0.asOf = asOf
    $0.valueMilli = value
    $0.kind = kind
  }
}
