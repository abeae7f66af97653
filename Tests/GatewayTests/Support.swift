import DistrictDemo
import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictServiceRuntime
import DistrictStore
import DistrictTestSupport
import Finance
import Foundation
import Gateway
import Indicators
import LandClearance
import Logging
import NIOCore
import ServiceLifecycle
import Testing

let quiet = Logger(label: "gateway-tests") { _ in SwiftLogNoOpLogHandler() }

/// A new temporary directory for one test's databases.
func temporaryDirectory() -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent("district-gateway-tests/\(UUID())")
}

/// The SQLite database `service.db` in `directory` (created when missing).
func store(_ service: String, in directory: URL, migrations: ServiceMigrations) async throws -> Store {
  let url = try DatabaseURL(parsing: "sqlite://\(directory.path)/\(service).db")
  return try await Store.open(url: url, logger: quiet, migrations: migrations)
}

/// The three services with the demo data and a gateway in front of them.
struct District: Sendable {
  let indicators: TestServer
  let finance: TestServer
  let landClearance: TestServer
  let gateway: TestServer
  let client: RPCClient
  let backends: GatewayBackends
  /// Finance's database, to serve it again after a test stopped it.
  let financeStore: Store

  /// The overview as of the article's date, revenue to the start of November (as the article).
  func overview(timeout: Duration = .seconds(30)) async throws -> GatewayV1.Overview {
    try await client.unary(
      GatewayV1.GatewayService.getOverview, Self.articleRequest, options: Token.options(Token.reader, timeout: timeout))
  }

  static let articleRequest = GatewayV1.GetOverviewRequest().with {
    $0.asOf = IndicatorsDemo.articleDate
    $0.revenueAsOf = FinanceDemoData.asOf
    $0.revenueAsOfPrecision = .earlyMonth
  }

  func report(_ language: GatewayV1.Language) async throws -> GatewayV1.Report {
    try await client.unary(
      GatewayV1.GatewayService.getReport,
      .init().with {
        $0.language = language
        $0.asOf = IndicatorsDemo.articleDate
        $0.revenueAsOf = FinanceDemoData.asOf
        $0.revenueAsOfPrecision = .earlyMonth
      },
      options: Token.options(Token.reader))
  }

  /// Records a collection in finance (through the finance service itself, not the gateway).
  func collect(_ vnd: Int64, on date: String, source: String = "construction-tax") async throws {
    let client = RPCClient(host: "127.0.0.1", port: finance.port, logger: quiet)
    defer { client.close() }
    _ = try await client.unary(
      FinanceV1.FinanceService.recordCollection,
      .init().with {
        $0.collection = .init().with {
          $0.collectedOn = date
          $0.sourceCode = source
          $0.amount = CommonV1.Money().with { $0.vnd = vnd }
        }
      }, options: Token.options(Token.editor, key: UUID().uuidString))
  }
}

/// Runs `body` with a district holding the demo data; `finance` replaces the real finance
/// service when given. Each call gets its own copy of the demo databases (``DemoDatabases``).
@discardableResult
func withDistrict<T: Sendable>(
  finance replacement: (any RPCService)? = nil, watchRefresh: Duration = .seconds(60),
  _ body: (District) async throws -> T
) async throws -> T {
  let directory = try await DemoDatabases.shared.copy()
  let indicatorsStore = try await store("indicators", in: directory, migrations: IndicatorsService.migrations)
  let financeStore = try await store("finance", in: directory, migrations: FinanceService.migrations)
  let landClearanceStore = try await store("land-clearance", in: directory, migrations: LandClearanceService.migrations)
  // Each service with its change feed and audit log, as ServiceRunner serves them.
  let indicators = try await TestServer.start(
    [
      IndicatorsService(store: indicatorsStore, logger: quiet), ChangesService(store: indicatorsStore),
      AuditService(store: indicatorsStore),
    ])
  let finance = try await TestServer.start(
    replacement.map { [$0] } ?? [
      FinanceService(store: financeStore, logger: quiet), ChangesService(store: financeStore),
      AuditService(store: financeStore),
    ])
  let landClearance = try await TestServer.start(
    [
      LandClearanceService(store: landClearanceStore, logger: quiet), ChangesService(store: landClearanceStore),
      AuditService(store: landClearanceStore),
    ])
  let backends = try GatewayBackends(
    indicators: indicators.address, landClearance: landClearance.address, finance: finance.address, logger: quiet)
  let gateway = try await TestServer.start([
    GatewayService(backends: backends, watchRefresh: watchRefresh), GatewayAuditService(backends: backends),
  ])
  let client = RPCClient(host: "127.0.0.1", port: gateway.port, logger: quiet)
  let district = District(
    indicators: indicators, finance: finance, landClearance: landClearance, gateway: gateway, client: client,
    backends: backends, financeStore: financeStore)
  func tearDown() async {
    client.close()
    backends.close()
    for server in [gateway, finance, landClearance, indicators] { try? await server.stop() }
    for store in [indicatorsStore, financeStore, landClearanceStore] { await store.shutdown() }
    try? FileManager.default.removeItem(at: directory)
  }
  do {
    let result = try await body(district)
    await tearDown()
    return result
  } catch {
    await tearDown()
    throw error
  }
}
