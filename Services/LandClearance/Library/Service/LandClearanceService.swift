public import DistrictRPC
public import DistrictSchema
internal import DistrictServiceSupport
public import DistrictStore
public import Logging

/// The Land Clearance service (`district.landclearance.v1.LandClearance`): land clearance for
/// key projects ("giải phóng mặt bằng") from notice to hand-over, compensation paid, complaints,
/// enforcement, resettlement plots and certificates, and the views the district reports.
///
/// Reads need `reader`; creating a project `admin`; every other write `editor` (a commune-scoped
/// editor only for parties of its commune). Every write runs in one transaction with its audit
/// row, under the caller's idempotency key; money writes (payments, reversals, amendments)
/// require one. The rules are in ``CaseTransitions``, ``StatutoryDeadlines`` and
/// ``PaidDefinition``.
///
/// ```swift
/// let store = try await Store.open(url: url, logger: logger, migrations: LandClearanceService.migrations)
/// let server = RPCServer(configuration: configuration, services: [LandClearanceService(store: store, logger: logger)],
///                        tokens: tokens, logger: logger)
/// ```
public struct LandClearanceService: RPCService {
  /// The service's migrations (service name `land-clearance`).
  public static let migrations: ServiceMigrations = LandClearanceSchema.migrations

  let store: Store
  let logger: Logger
  let today: @Sendable () -> CalendarDate

  /// A service on `store`; "today" (the default as-of date) is the date in Vietnam (UTC+7).
  public init(store: Store, logger: Logger) {
    self.init(store: store, logger: logger, today: CalendarDate.todayInVietnam)
  }

  /// A service whose "today" is given, for tests and replays.
  public init(store: Store, logger: Logger, today: @escaping @Sendable () -> CalendarDate) {
    self.store = store
    self.logger = logger
    self.today = today
  }

  public func register(in router: inout RPCRouter) {
    typealias S = LandClearanceV1.LandClearanceService
    router.register(S.createProject, requiredRole: .admin) { try await createProject($0, $1) }
    ApprovalRoutes(store: store, dataSet: Self.approvals).register(in: &router)
    router.register(S.getProject, requiredRole: .reader) { try await getProject($0, $1) }
    router.register(S.listProjects, requiredRole: .reader) { try await listProjects($0, $1) }
    router.register(S.registerParty, requiredRole: .editor) { try await registerParty($0, $1) }
    router.register(S.registerParcels, requiredRole: .editor) { try await registerParcels($0, $1) }
    router.register(S.getParty, requiredRole: .reader) { try await getParty($0, $1) }
    router.register(S.openCase, requiredRole: .editor) { try await openCase($0, $1) }
    router.register(S.getCase, requiredRole: .reader) { try await getCase($0, $1) }
    router.register(S.listCases, requiredRole: .reader) { try await listCases($0, $1) }
    router.register(S.advanceCase, requiredRole: .editor) { try await advanceCase($0, $1) }
    router.register(S.amendApprovedAmount, requiredRole: .editor) { try await amendApprovedAmount($0, $1) }
    router.register(S.recordPayment, requiredRole: .editor) { try await recordPayment($0, $1) }
    router.register(S.reversePayment, requiredRole: .editor) { try await reversePayment($0, $1) }
    router.register(S.openComplaint, requiredRole: .editor) { try await openComplaint($0, $1) }
    router.register(S.resolveComplaint, requiredRole: .editor) { try await resolveComplaint($0, $1) }
    router.register(S.decideEnforcement, requiredRole: .editor) { try await decideEnforcement($0, $1) }
    router.register(S.allocatePlot, requiredRole: .editor) { try await allocatePlot($0, $1) }
    router.register(S.issueCertificate, requiredRole: .editor) { try await issueCertificate($0, $1) }
    router.register(S.getResettlement, requiredRole: .reader) { try await getResettlement($0, $1) }
    router.register(S.getProjectProgress, requiredRole: .reader) { try await getProjectProgress($0, $1) }
    router.register(S.listProjectProgress, requiredRole: .reader) { try await listProjectProgress($0, $1) }
    router.register(S.getDistrictTotals, requiredRole: .reader) { try await getDistrictTotals($0, $1) }
    router.register(S.listBlockers, requiredRole: .reader) { try await listBlockers($0, $1, overdueOnly: false) }
    router.register(S.listOverdue, requiredRole: .reader) { try await listBlockers($0, $1, overdueOnly: true) }
  }

  /// The date a view is as of: `text`, or today in Vietnam when empty.
  func asOf(_ text: String, field: String = "as_of") throws -> CalendarDate {
    text.isEmpty ? today() : try CalendarDate.parse(text, field: field)
  }

  /// The date of a step, payment, complaint or decision: something that has happened, so not
  /// after today in Vietnam (INVALID_ARGUMENT naming `field`).
  func happened(_ text: String, field: String) throws -> CalendarDate {
    let date = try CalendarDate.parse(text, field: field)
    try RequestValidation.notAfter(date, today: today(), field: field, what: "record a step once it has happened")
    return date
  }
}
