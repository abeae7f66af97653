import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Finance
import Foundation
import Logging
import PostgresKit
import SQLKit
import ServiceLifecycle
import Testing

let quiet = Logger(label: "finance-tests") { _ in SwiftLogNoOpLogHandler() }

extension TestDatabase {
  /// A fresh database for one finance test.
  static func make(_ backend: TestBackend) async throws -> TestDatabase {
    try await make(backend, file: "finance.db")
  }

  /// A store on it with the finance service's migrations.
  func open() async throws -> Store {
    try await open(FinanceService.migrations)
  }
}

/// A running Finance server on a fresh database and a client of it.
struct FinanceHarness: Sendable {
  let client: RPCClient
  let store: Store

  typealias S = FinanceV1.FinanceService

  func source(_ code: String, year: Int32 = 2023, balanced: Bool = true) async throws {
    _ = try await client.unary(
      S.setRevenueSource,
      .init().with {
        $0.source = .init().with {
          $0.year = year
          $0.code = code
          $0.nameVi = code
          $0.nameEn = code
          $0.countsTowardBalanced = balanced
        }
      }, options: Token.options(Token.admin))
  }

  func estimate(
    _ issuer: FinanceV1.EstimateIssuer, _ vnd: Int64, source: String = "", commune: String = "", year: Int32 = 2023,
    decidedOn: String = ""
  ) async throws {
    _ = try await client.unary(
      S.setEstimate,
      .init().with {
        $0.estimate = .init().with {
          $0.year = year
          $0.issuer = issuer
          $0.sourceCode = source
          $0.communeID = commune
          $0.amount = .vnd(vnd)
          $0.decidedOn = decidedOn
        }
      }, options: Token.options(Token.admin))
  }

  @discardableResult
  func collect(
    _ vnd: Int64, on date: String, source: String, commune: String = "", id: String = "", token: String = Token.editor,
    key: String? = UUID().uuidString
  ) async throws -> FinanceV1.Collection {
    try await client.unary(
      S.recordCollection, collectionRequest(vnd, on: date, source: source, commune: commune, id: id),
      options: Token.options(token, key: key))
  }

  func collectionRequest(
    _ vnd: Int64, on date: String, source: String, commune: String = "", id: String = ""
  )
    -> FinanceV1.RecordCollectionRequest
  {
    .init().with {
      $0.collection = .init().with {
        $0.id = id
        $0.collectedOn = date
        $0.sourceCode = source
        $0.communeID = commune
        $0.amount = .vnd(vnd)
      }
    }
  }

  func summary(
    _ asOf: String, year: Int32 = 2023, precision: CommonV1.DatePrecision = .unspecified
  ) async throws
    -> FinanceV1.RevenueSummary
  {
    try await client.unary(
      S.getRevenueSummary,
      .init().with {
        $0.year = year
        $0.asOf = asOf
        $0.asOfPrecision = precision
      },
      options: Token.options(Token.reader))
  }
}

extension CommonV1.Money {
  static func vnd(_ value: Int64) -> CommonV1.Money { CommonV1.Money().with { $0.vnd = value } }
}

let billion: Int64 = 1_000_000_000

/// Runs `body` with a Finance server on port 0 over a fresh database of `backend`.
func withFinance<T: Sendable>(
  _ backend: TestBackend, today: String = "2023-11-22", _ body: (FinanceHarness) async throws -> T
) async throws -> T {
  try await withDatabase(backend, file: "finance.db") { database in
    try await withFinance(database: database, today: today, body)
  }
}

/// Runs `body` with a Finance server on port 0 over `database` (which stays).
func withFinance<T: Sendable>(
  database: TestDatabase, today: String = "2023-11-22", _ body: (FinanceHarness) async throws -> T
) async throws -> T {
  let day = CalendarDate(today)!
  return try await database.withStore(FinanceService.migrations) { store in
    let service = FinanceService(store: store, logger: quiet, today: { day })
    return try await withTestServer([service]) { server in
      let client = server.inProcessClient()
      defer { client.close() }
      return try await body(FinanceHarness(client: client, store: store))
    }
  }
}
