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

/// Tokens of the test server.
enum Token {
  static let reader = "reader-token-0000000001"
  static let editor = "editor-token-0000000001"
  static let admin = "admin-token-00000000001"
  /// An editor scoped to Long Hậu.
  static let communeEditor = "commune-token-000000001"
  static let longHau = ReferenceGeography.oldCommune("long-hau")
  static let tanTap = ReferenceGeography.oldCommune("tan-tap")

  static let store = TokenStore([
    reader: Principal(subject: "reader@test", role: .reader),
    editor: Principal(subject: "editor@test", role: .editor),
    admin: Principal(subject: "admin@test", role: .admin),
    communeEditor: Principal(subject: "long-hau@test", role: .editor, communeScope: longHau),
  ])
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

  func options(_ token: String, key: String? = nil) -> CallOptions {
    var metadata: Metadata = ["authorization": "Bearer \(token)"]
    if let key { metadata.add(MetadataKey.idempotencyKey, key) }
    return CallOptions(timeout: .seconds(30), metadata: metadata)
  }

  @discardableResult
  func project(
    _ id: String = "kcn", kind: LandClearanceV1.ProjectKind = .industrialPark, area: Int64 = 100_000,
    budget: Int64 = 100 * million, commune: String = Token.tanTap, plots: Int32 = 0, landUsePlanOn: String = ""
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
      }, options: options(Token.admin))
  }

  @discardableResult
  func party(
    _ id: String, kind: LandClearanceV1.PartyKind = .household, project: String = "kcn", recovered: Int64 = 1_000,
    commune: String = Token.tanTap, token: String = Token.editor
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
      }, options: options(token))
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
      options: options(token))
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
      }, options: options(token))
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
      options: options(token, key: key))
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
    try await client.unary(S.getDistrictTotals, .init().with { $0.asOf = asOf }, options: options(Token.reader))
  }

  func progress(_ project: String = "kcn", asOf: String = "2023-11-22") async throws -> LandClearanceV1.ProjectProgress
  {
    try await client.unary(
      S.getProjectProgress,
      .init().with {
        $0.projectID = project
        $0.asOf = asOf
      }, options: options(Token.reader))
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
      }, options: options(token)
    ).blockers
  }

  func getCase(_ id: String) async throws -> LandClearanceV1.CaseDetail {
    try await client.unary(S.getCase, .init().with { $0.id = id }, options: options(Token.reader))
  }
}

/// Runs `body` with a Land Clearance server on port 0 over a fresh database of `backend`.
func withService<T: Sendable>(
  _ backend: TestBackend, today: String = "2023-11-22", logger: Logger = quiet, _ body: (Harness) async throws -> T
) async throws -> T {
  let database = try await TestDatabase.make(backend)
  do {
    let result = try await withService(database: database, today: today, logger: logger, body)
    await database.drop()
    return result
  } catch {
    await database.drop()
    throw error
  }
}

/// Runs `body` with a Land Clearance server on port 0 over `database` (which stays); the store,
/// the service and the server log to `logger`.
func withService<T: Sendable>(
  database: TestDatabase, today: String = "2023-11-22", logger: Logger = quiet, _ body: (Harness) async throws -> T
) async throws -> T {
  let store = try await database.open(logger: logger)
  let day = CalendarDate(today)!
  let service = LandClearanceService(store: store, logger: logger, today: { day })
  let server = RPCServer(
    configuration: .defaults(port: 0), services: [service], tokens: Token.store, logger: logger)
  let group = ServiceGroup(services: [server], logger: quiet)
  let running = Task { try await group.run() }
  let client: RPCClient
  let port: Int
  do {
    port = try await server.localAddress.port!
    client = RPCClient(host: "127.0.0.1", port: port, logger: quiet)
  } catch {
    await group.triggerGracefulShutdown()
    _ = try? await running.value
    await store.shutdown()
    throw error
  }
  do {
    let result = try await body(Harness(client: client, store: store, port: port))
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
