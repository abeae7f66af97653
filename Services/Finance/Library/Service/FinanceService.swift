public import DistrictRPC
public import DistrictSchema
internal import DistrictServiceSupport
public import DistrictStore
public import Logging

/// The Finance service (`district.finance.v1.Finance`): state-budget revenue against the
/// province's and the district council's estimates, balanced revenue and lagging communes,
/// the year-end projection, and public-investment and national-programme disbursement.
///
/// Reads need `reader`; recording collections, corrections and disbursements `editor` (a
/// commune-scoped editor only for its commune); sources, estimates, year-end estimates,
/// projects and programme allocations `admin`. Every write runs in one transaction with its
/// audit row, under the caller's idempotency key; money writes require one.
///
/// ```swift
/// let store = try await Store.open(url: url, logger: logger, migrations: FinanceService.migrations)
/// let server = RPCServer(configuration: configuration, services: [FinanceService(store: store, logger: logger)],
///                        tokens: tokens, logger: logger)
/// ```
public struct FinanceService: RPCService {
  /// The service's migrations (service name `finance`).
  public static let migrations: ServiceMigrations = FinanceSchema.migrations

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
    typealias S = FinanceV1.FinanceService
    router.register(S.setRevenueSource, requiredRole: .admin) { try await setRevenueSource($0, $1) }
    router.register(S.listRevenueSources, requiredRole: .reader) { try await listRevenueSources($0, $1) }
    router.register(S.setEstimate, requiredRole: .admin) { try await setEstimate($0, $1) }
    router.register(S.recordCollection, requiredRole: .editor) { try await recordCollection($0, $1) }
    ApprovalRoutes(store: store, dataSet: Self.approvals).register(in: &router)
    router.register(S.correctCollection, requiredRole: .editor) { try await correctCollection($0, $1) }
    router.register(S.getRevenueSummary, requiredRole: .reader) { try await getRevenueSummary($0, $1) }
    router.register(S.listLaggingCommunes, requiredRole: .reader) { try await listLaggingCommunes($0, $1) }
    router.register(S.setYearEndEstimate, requiredRole: .admin) { try await setYearEndEstimate($0, $1) }
    router.register(S.getYearEndProjection, requiredRole: .reader) { try await getYearEndProjection($0, $1) }
    router.register(S.setProject, requiredRole: .admin) { try await setProject($0, $1) }
    router.register(S.setProgrammeAllocation, requiredRole: .admin) { try await setProgrammeAllocation($0, $1) }
    router.register(S.recordDisbursement, requiredRole: .editor) { try await recordDisbursement($0, $1) }
    router.register(S.getDisbursement, requiredRole: .reader) { try await getDisbursement($0, $1) }
  }

  /// Refuses a fact dated after today in Vietnam: the service records what has happened.
  func requireNotAfterToday(_ date: CalendarDate, field: String, what: String) throws {
    try RequestValidation.notAfter(date, today: today(), field: field, what: what)
  }

  /// The as-of of a view: `text` (today in Vietnam when empty, but no later than the year's end).
  func asOf(year: Int, text: String, precision: CommonV1.DatePrecision) throws -> AsOf {
    try RequestValidation.known(precision, field: "as_of_precision", allowUnspecified: true)
    var text = text
    if text.isEmpty {
      // The default date is one the precision accepts: today (or the year's end), its month's
      // 1st for month precisions, 1 January for year precision. A caller who sent no date is
      // never told that a date it did not send is wrong.
      let day = min(today(), CalendarDate.endOfYear(year))
      switch precision {
      case .earlyMonth, .month: text = CalendarDate(year: day.year, month: day.month, day: 1).description
      case .year: text = CalendarDate.startOfYear(year).description
      default: text = day.description
      }
    }
    return try AsOf(year: year, text: text, precision: precision)
  }
}
