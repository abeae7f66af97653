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

/// Tokens of the test server.
enum Token {
  static let reader = "reader-token-0000000001"
  static let editor = "editor-token-0000000001"
  static let admin = "admin-token-00000000001"
  /// An editor scoped to Long Hậu.
  static let communeEditor = "commune-token-000000001"
  static let longHau = ReferenceGeography.oldCommune("long-hau")
  static let phuocLai = ReferenceGeography.oldCommune("phuoc-lai")

  static let store = TokenStore([
    reader: Principal(subject: "reader@test", role: .reader),
    editor: Principal(subject: "editor@test", role: .editor),
    admin: Principal(subject: "admin@test", role: .admin),
    communeEditor: Principal(subject: "long-hau@test", role: .editor, communeScope: longHau),
  ])
}

/// A running Finance server on a fresh database and a client of it.
struct FinanceHarness: Sendable {
  let client: RPCClient
  let store: Store

  func options(_ token: String, key: String? = nil) -> CallOptions {
    var metadata: Metadata = ["authorization": "Bearer \(token)"]
    if let key { metadata.add(MetadataKey.idempotencyKey, key) }
    return CallOptions(timeout: .seconds(30), metadata: metadata)
  }

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
      }, options: options(Token.admin))
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
      }, options: options(Token.admin))
  }

  @discardableResult
  func collect(
    _ vnd: Int64, on date: String, source: String, commune: String = "", id: String = "", token: String = Token.editor,
    key: String? = UUID().uuidString
  ) async throws -> FinanceV1.Collection {
    try await client.unary(
      S.recordCollection, collectionRequest(vnd, on: date, source: source, commune: commune, id: id),
      options: options(token, key: key))
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
      options: options(Token.reader))
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
  let database = try await TestDatabase.make(backend)
  do {
    let result = try await withFinance(database: database, today: today, body)
    await database.drop()
    return result
  } catch {
    await database.drop()
    throw error
  }
}

/// Runs `body` with a Finance server on port 0 over `database` (which stays).
func withFinance<T: Sendable>(
  database: TestDatabase, today: String = "2023-11-22", _ body: (FinanceHarness) async throws -> T
) async throws -> T {
  let store = try await database.open()
  let day = CalendarDate(today)!
  let service = FinanceService(store: store, logger: quiet, today: { day })
  let server = RPCServer(
    configuration: .defaults(port: 0), services: [service], tokens: Token.store, logger: quiet)
  let group = ServiceGroup(services: [server], logger: quiet)
  let running = Task { try await group.run() }
  let client: RPCClient
  do {
    let address = try await server.localAddress
    client = RPCClient(host: "127.0.0.1", port: address.port!, logger: quiet)
  } catch {
    await group.triggerGracefulShutdown()
    _ = try? await running.value
    await store.shutdown()
    throw error
  }
  do {
    let result = try await body(FinanceHarness(client: client, store: store))
    client.close()
    await group.triggerGracefulShutdown()
    try await running.value
    await store.shutdown()
    return result
  } catch {
    client.close()
    await group.triggerGracefulShutdown()
    _ = try? await running.value
    await store.shutdown()
    throw error
  }
}
