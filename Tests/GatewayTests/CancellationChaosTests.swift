import DistrictDemo
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
import Testing

/// Every write of the three services' demos, made through calls cut short at random points —
/// deadlines of a few hundred microseconds, tasks cancelled, connections closed under the call —
/// and retried with the same idempotency keys, leaves exactly what a clean run leaves: the same
/// audit trail (no write half done, none done twice), the same overview and report through the
/// gateway, and services that answer every later call.
@Suite("Cancellation at random points", .timeLimit(.minutes(10)))
struct CancellationChaosTests {
  /// How each interrupted round cuts its calls short.
  enum Interruption: CaseIterable { case deadline, cancel, closeConnection }

  /// What a chaotic seeding did, printed by the test.
  struct Figures: CustomStringConvertible {
    var rounds: [Interruption: Int] = [:]
    var interrupted = 0
    var codes: [RPCV1.StatusCode: Int] = [:]

    var description: String {
      let byKind = rounds.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", ")
      let byCode = codes.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", ")
      return "rounds: \(byKind); rounds cut short: \(interrupted); their errors: \(byCode)"
    }
  }

  typealias Seed = @Sendable (RPCClient, CallOptions) async throws -> Void

  /// Seeds through the server on `port`: `rounds` runs of `seed` cut short at random, then one
  /// to the end (the idempotency keys make the repeats harmless).
  static func chaoticSeed(port: Int, rounds: Int, seed: @escaping Seed) async throws -> Figures {
    var figures = Figures()
    var random = SystemRandomNumberGenerator()
    for round in 0..<rounds {
      let interruption = Interruption.allCases[round % Interruption.allCases.count]
      figures.rounds[interruption, default: 0] += 1
      let client = RPCClient(host: "127.0.0.1", port: port, logger: quiet)
      let outcome: Result<Void, any Error>
      switch interruption {
      case .deadline:
        let timeout = Duration.microseconds(Int64.random(in: 200...5_000, using: &random))
        do {
          try await seed(client, Token.options(Token.admin, timeout: timeout))
          outcome = .success(())
        } catch {
          outcome = .failure(error)
        }
      case .cancel, .closeConnection:
        let run = Task { try await seed(client, Token.options(Token.admin)) }
        try await Task.sleep(for: .microseconds(Int64.random(in: 0...80_000, using: &random)))
        if interruption == .cancel { run.cancel() } else { client.close() }
        outcome = await run.result
      }
      client.close()
      if case .failure(let error) = outcome {
        figures.interrupted += 1
        let code = (error as? RPCError)?.code ?? (error is CancellationError ? .cancelled : .unknown)
        figures.codes[code, default: 0] += 1
      }
    }
    let client = RPCClient(host: "127.0.0.1", port: port, logger: quiet)
    defer { client.close() }
    try await seed(client, Token.options(Token.admin))
    return figures
  }

  /// The audit trail as a multiset of (method, entity, action): what was written, however often.
  static func auditSummary(_ store: Store) async throws -> [String: Int] {
    var summary: [String: Int] = [:]
    for entry in try await store.audit.query(limit: 10_000) {
      summary["\(entry.rpc) \(entry.entity) \(entry.action)", default: 0] += 1
    }
    return summary
  }

  /// The overview as sorted, indented JSON without the audit stamps' instants (`at`, when a
  /// record was written, differs between any two runs): compared whole, readable when it differs.
  static func json(_ overview: GatewayV1.Overview) throws -> String {
    func withoutInstants(_ value: Any) -> Any {
      if let object = value as? [String: Any] {
        return object.filter { $0.key != "at" }.mapValues(withoutInstants)
      }
      if let array = value as? [Any] { return array.map(withoutInstants) }
      return value
    }
    let parsed = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(overview))
    let data = try JSONSerialization.data(
      withJSONObject: withoutInstants(parsed), options: [.sortedKeys, .prettyPrinted])
    return String(decoding: data, as: UTF8.self)
  }

  @Test("The demos written through interrupted calls equal a clean run", arguments: TestBackend.all)
  func demosThroughInterruptedCalls(backend: TestBackend) async throws {
    // The reference: the demo written without interruption (the gateway tests' databases).
    let (referenceAudits, referenceOverview, referenceReports) = try await withDistrict { district in
      let directory = try await DemoDatabases.shared.copy()
      defer { try? FileManager.default.removeItem(at: directory) }
      var audits: [String: [String: Int]] = [:]
      for (name, migrations) in [
        ("indicators", IndicatorsService.migrations), ("finance", FinanceService.migrations),
        ("land-clearance", LandClearanceService.migrations),
      ] {
        let reference = try await store(name, in: directory, migrations: migrations)
        audits[name] = try await Self.auditSummary(reference)
        await reference.shutdown()
      }
      return (
        audits, try Self.json(try await district.overview()),
        [try await district.report(.vi).text, try await district.report(.en).text]
      )
    }

    var databases: [TestDatabase] = []
    defer { for database in databases { Task { await database.drop() } } }
    func open(_ migrations: ServiceMigrations, file: String) async throws -> Store {
      let database = try await TestDatabase.make(backend, file: file)
      databases.append(database)
      return try await database.open(migrations)
    }
    let indicatorsStore = try await open(IndicatorsService.migrations, file: "indicators.db")
    let financeStore = try await open(FinanceService.migrations, file: "finance.db")
    let landClearanceStore = try await open(LandClearanceService.migrations, file: "land-clearance.db")
    let indicators = try await TestServer.start(
      [IndicatorsService(store: indicatorsStore, logger: quiet), ChangesService(store: indicatorsStore)])
    let finance = try await TestServer.start(
      [FinanceService(store: financeStore, logger: quiet), ChangesService(store: financeStore)])
    let landClearance = try await TestServer.start(
      [LandClearanceService(store: landClearanceStore, logger: quiet), ChangesService(store: landClearanceStore)])
    let backends = try GatewayBackends(
      indicators: indicators.address, landClearance: landClearance.address, finance: finance.address, logger: quiet)
    let gateway = try await TestServer.start([GatewayService(backends: backends, watchRefresh: .seconds(60))])
    let client = RPCClient(host: "127.0.0.1", port: gateway.port, logger: quiet)
    func tearDown() async {
      client.close()
      backends.close()
      for server in [gateway, finance, landClearance, indicators] { try? await server.stop() }
      for store in [indicatorsStore, financeStore, landClearanceStore] { await store.shutdown() }
    }
    do {
      let indicatorsFigures = try await Self.chaoticSeed(port: indicators.port, rounds: 24) {
        try await IndicatorsDemo.seed($0, options: $1)
      }
      let financeFigures = try await Self.chaoticSeed(port: finance.port, rounds: 24) {
        try await FinanceDemo.seed($0, options: $1)
      }
      let landClearanceFigures = try await Self.chaoticSeed(port: landClearance.port, rounds: 12) {
        try await LandClearanceDemo.seed($0, options: $1)
      }
      print("cancellation chaos (\(backend)): indicators — \(indicatorsFigures)")
      print("cancellation chaos (\(backend)): finance — \(financeFigures)")
      print("cancellation chaos (\(backend)): land clearance — \(landClearanceFigures)")

      #expect(try await Self.auditSummary(indicatorsStore) == referenceAudits["indicators"])
      #expect(try await Self.auditSummary(financeStore) == referenceAudits["finance"])
      #expect(try await Self.auditSummary(landClearanceStore) == referenceAudits["land-clearance"])

      // The gateway reads every section; with interrupted overviews first, as a caller that
      // times out does.
      for micros in stride(from: 500, through: 20_000, by: 1_500) {
        _ = try? await client.unary(
          GatewayV1.GatewayService.getOverview, District.articleRequest,
          options: Token.options(Token.reader, timeout: .microseconds(Int64(micros))))
      }
      let overview = try await client.unary(
        GatewayV1.GatewayService.getOverview, District.articleRequest, options: Token.options(Token.reader))
      #expect(try Self.json(overview) == referenceOverview)
      var reports: [String] = []
      for language in [GatewayV1.Language.vi, .en] {
        reports.append(
          try await client.unary(
            GatewayV1.GatewayService.getReport,
            .init().with {
              $0.language = language
              $0.asOf = IndicatorsDemo.articleDate
              $0.revenueAsOf = FinanceDemoData.asOf
              $0.revenueAsOfPrecision = .earlyMonth
            }, options: Token.options(Token.reader)
          ).text)
      }
      #expect(reports == referenceReports)
      await tearDown()
    } catch {
      await tearDown()
      throw error
    }
  }
}
