public import DistrictRPC
public import DistrictSchema
internal import DistrictServiceSupport
public import DistrictStore
internal import Foundation
public import Logging

/// The Indicators service (`district.indicators.v1.Indicators`): resolutions, their indicators,
/// measurements, and scorecards computed from them.
///
/// Reads need `reader`; recording measurements `editor` (a commune-scoped caller only for
/// indicators of its commune); creating resolutions and defining or updating indicators `admin`.
/// Every write runs in one transaction with its audit row, under the caller's idempotency key.
///
/// ```swift
/// let store = try await Store.open(url: url, logger: logger, migrations: IndicatorsService.migrations)
/// let server = RPCServer(configuration: configuration, services: [IndicatorsService(store: store, logger: logger)],
///                        tokens: tokens, logger: logger)
/// ```
public struct IndicatorsService: RPCService {
  /// The service's migrations (service name `indicators`).
  public static let migrations: ServiceMigrations = IndicatorsSchema.migrations

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
    typealias S = IndicatorsV1.IndicatorsService
    router.register(S.createResolution, requiredRole: .admin) { try await createResolution($0, $1) }
    ApprovalRoutes(store: store, dataSet: Self.approvals).register(in: &router)
    router.register(S.getResolution, requiredRole: .reader) { try await getResolution($0, $1) }
    router.register(S.listResolutions, requiredRole: .reader) { try await listResolutions($0, $1) }
    router.register(S.defineIndicator, requiredRole: .admin) { try await defineIndicator($0, $1) }
    router.register(S.updateIndicator, requiredRole: .admin) { try await updateIndicator($0, $1) }
    router.register(S.listIndicators, requiredRole: .reader) { try await listIndicators($0, $1) }
    router.register(S.recordMeasurement, requiredRole: .editor) { try await recordMeasurement($0, $1) }
    router.register(S.getIndicator, requiredRole: .reader) { try await getIndicator($0, $1) }
    router.register(S.getScorecard, requiredRole: .reader) { try await getScorecard($0, $1) }
    router.register(S.watchScorecard, requiredRole: .reader) { try await watchScorecard($0, $1, $2) }
  }

  /// The audit stamp of a change made now by the caller of `context`, and its instant in
  /// milliseconds (stored as such, so that the text read back is the text returned).
  static func stamp(_ context: ServerContext) -> (stamp: CommonV1.AuditStamp, milliseconds: Int64) {
    let milliseconds = Timestamp.milliseconds(Date())
    return (CommonV1.AuditStamp(context, atMilliseconds: milliseconds), milliseconds)
  }
}
