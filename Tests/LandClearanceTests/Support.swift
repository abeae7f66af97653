import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import LandClearance
import Logging
import PostgresKit
import SQLKit
import ServiceLifecycle
import Testing

let quiet = Logger(label: "land-clearance-tests") { _ in SwiftLogNoOpLogHandler() }

extension TestDatabase {
  /// A fresh database for one land-clearance test.
  static func make(_ backend: TestBackend) async throws -> TestDatabase {
    try await make(backend, file: "land-clearance.db")
  }

  /// A store on it with the land-clearance service's migrations.
  func open(logger: Logger = quiet) async throws -> Store {
    try await open(LandClearanceService.migrations, logger: logger)
  }
}

extension CommonV1.Money {
  static func vnd(_ value: Int64) -> CommonV1.Money { CommonV1.Money().with { $0.vnd = value } }
}

extension CommonV1.Area {
  static func m2(_ value: Int64) -> CommonV1.Area { CommonV1.Area().with { $0.squareMeters = value } }
}

let million: Int64 = 1_000_000

/// A running Land Clearance server on a fresh database, a client of it, and shortcuts.
struct Harness: Sendable {
  let client: RPCClient
  let store: Store
  let port: Int

  typealias S = LandClearanceV1.LandClearanceService

  @discardableResult
  func project(
    _ id: String = "kcn", kind: LandClearanceV1.ProjectKind = .industrialPark, area: Int64 = 100_000,
    budget: Int64 = 100 * million, commune: String = TestCommune.tanTap, plots: Int32 = 0, landUsePlanOn: String = ""
  ) async throws -> LandClearanceV1.Project {
    try await client.unary(
      S.createProject,
      .init().with {
        $0.project = .init().with {
          $0.id = id
          $0.name = "Dự án \(id)"
          $0.kind = kind
          $0.keyProject = true
          $0.communeIDs = [commune]
          $0.areaToClear = .m2(area)
          $0.deadline = "2024-12-31"
          $0.compensationBudget = .vnd(budget)
          $0.committedPlots = plots
          $0.landUsePlanOn = landUsePlanOn
        }
      }, options: Token.options(Token.admin))
  }

  @discardableResult
  func party(
    _ id: String, kind: LandClearanceV1.PartyKind = .household, project: String = "kcn", recovered: Int64 = 1_000,
    commune: String = TestCommune.tanTap, token: String = Token.editor
  ) async throws -> LandClearanceV1.AffectedParty {
    try await client.unary(
      S.registerParty,
      .init().with {
        $0.party = .init().with {
          $0.id = id
          $0.kind = kind
          $0.name = "Hộ \(id)"
          $0.communeID = commune
          $0.parcels = [
            .init().with {
              $0.projectID = project
              $0.reference = "1/\(id)"
              $0.landType = "LUC"
              $0.area = .m2(recovered + 100)
              $0.recoveredArea = .m2(recovered)
            }
          ]
        }
      }, options: Token.options(token))
  }

  @discardableResult
  func openCase(
    _ party: String, project: String = "kcn", on date: String = "2023-01-02", token: String = Token.editor
  )
    async throws -> LandClearanceV1.ClearanceCase
  {
    try await client.unary(
      S.openCase,
      .init().with {
        $0.caseID = "case-\(party)"
        $0.projectID = project
        $0.partyID = party
        $0.notifiedOn = date
      },
      options: Token.options(token))
  }

  @discardableResult
  func advance(
    _ caseID: String, to state: LandClearanceV1.CaseState, on date: String, approved: Int64? = nil,
    compulsory: Bool = false, token: String = Token.editor
  ) async throws -> LandClearanceV1.ClearanceCase {
    try await client.unary(
      S.advanceCase,
      .init().with {
        $0.caseID = caseID
        $0.toState = state
        $0.on = date
        $0.compulsoryInventory = compulsory
        if let approved { $0.approvedAmount = .vnd(approved) }
      }, options: Token.options(token))
  }

  /// The statutory steps up to `state` (at most RECOVERY_DECIDED), a few days apart from 2023-01-02.
  func advance(_ caseID: String, through state: LandClearanceV1.CaseState, approved: Int64 = 100 * million) async throws
  {
    let steps: [(LandClearanceV1.CaseState, String)] = [
      (.inventoried, "2023-01-20"), (.planPosted, "2023-02-01"), (.consulted, "2023-03-05"),
      (.planApproved, "2023-03-20"),
      (.recoveryDecided, "2023-03-25"),
    ]
    for (step, date) in steps where step.rawValue <= state.rawValue {
      try await advance(caseID, to: step, on: date, approved: step == .planApproved ? approved : nil)
    }
  }

  @discardableResult
  func pay(
    _ caseID: String, _ amount: Int64, on date: String = "2023-04-10", id: String = "", deposited: Bool = false,
    component: LandClearanceV1.PaymentComponent = .land, key: String? = UUID().uuidString, token: String = Token.editor
  ) async throws -> LandClearanceV1.Payment {
    try await client.unary(
      S.recordPayment, paymentRequest(caseID, amount, on: date, id: id, deposited: deposited, component: component),
      options: Token.options(token, key: key))
  }

  func paymentRequest(
    _ caseID: String, _ amount: Int64, on date: String = "2023-04-10", id: String = "", deposited: Bool = false,
    component: LandClearanceV1.PaymentComponent = .land
  ) -> LandClearanceV1.RecordPaymentRequest {
    .init().with {
      $0.payment = .init().with {
        $0.id = id
        $0.caseID = caseID
        $0.component = component
        $0.amount = .vnd(amount)
        $0.paidOn = date
        $0.deposited = deposited
      }
    }
  }

  func totals(_ asOf: String = "2023-11-22") async throws -> LandClearanceV1.DistrictTotals {
    try await client.unary(S.getDistrictTotals, .init().with { $0.asOf = asOf }, options: Token.options(Token.reader))
  }

  func progress(_ project: String = "kcn", asOf: String = "2023-11-22") async throws -> LandClearanceV1.ProjectProgress
  {
    try await client.unary(
      S.getProjectProgress,
      .init().with {
        $0.projectID = project
        $0.asOf = asOf
      }, options: Token.options(Token.reader))
  }

  /// ListProjectProgress: every project's progress, a page of `pageSize` after `pageToken`.
  func progressList(
    asOf: String = "2023-11-22", pageSize: Int32 = 0, pageToken: String = ""
  ) async throws -> LandClearanceV1.ListProjectProgressResponse {
    try await client.unary(
      S.listProjectProgress,
      .init().with {
        $0.asOf = asOf
        $0.page = .init().with {
          $0.pageSize = pageSize
          $0.pageToken = pageToken
        }
      }, options: Token.options(Token.reader))
  }

  func blockers(
    _ project: String = "", asOf: String = "2023-11-22", token: String = Token.reader
  ) async throws
    -> [LandClearanceV1.Blocker]
  {
    try await client.unary(
      S.listBlockers,
      .init().with {
        $0.projectID = project
        $0.asOf = asOf
      }, options: Token.options(token)
    ).blockers
  }

  func getCase(_ id: String) async throws -> LandClearanceV1.CaseDetail {
    try await client.unary(S.getCase, .init().with { $0.id = id }, options: Token.options(Token.reader))
  }
}

/// Runs `body` with a Land Clearance server on port 0 over a fresh database of `backend`.
func withService<T: Sendable>(
  _ backend: TestBackend, today: String = "2023-11-22", logger: Logger = quiet, _ body: (Harness) async throws -> T
) async throws -> T {
  try await withDatabase(backend, file: "land-clearance.db") { database in
    try await withService(database: database, today: today, logger: logger, body)
  }
}

/// Runs `body` with a Land Clearance server on port 0 over `database` (which stays); the store,
/// the service and the server log to `logger`.
func withService<T: Sendable>(
  database: TestDatabase, today: String = "2023-11-22", logger: Logger = quiet, _ body: (Harness) async throws -> T
) async throws -> T {
  let day = CalendarDate(today)!
  return try await database.withStore(LandClearanceService.migrations, logger: logger) { store in
    let service = LandClearanceService(store: store, logger: logger, today: { day })
    return try await withTestServer([service], logger: logger) { server in
      let client = server.inProcessClient()
      defer { client.close() }
      return try await body(Harness(client: client, store: store, port: server.port))
    }
  }
}
