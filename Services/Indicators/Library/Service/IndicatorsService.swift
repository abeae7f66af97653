public import DistrictRPC
internal import DistrictSchema
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
  let notifier = ChangeNotifier()
  let today: @Sendable () -> Day

  /// A service on `store`; "today" (the default as-of date) is the date in Vietnam (UTC+7).
  public init(store: Store, logger: Logger) {
    self.init(store: store, logger: logger, today: IndicatorsService.todayInVietnam)
  }

  /// A service whose "today" is given, for tests and replays.
  public init(store: Store, logger: Logger, today: @escaping @Sendable () -> Day) {
    self.store = store
    self.logger = logger
    self.today = today
  }

  /// The current date in Vietnam (UTC+7, no daylight saving).
  @Sendable public static func todayInVietnam() -> Day {
    let seconds = Int64(Date().timeIntervalSince1970) + 7 * 3600
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    return Day.fromDaysSinceEpoch(days)
  }

  public func register(in router: inout RPCRouter) {
    typealias S = IndicatorsV1.IndicatorsService
    router.register(S.createResolution, requiredRole: .admin) { try await createResolution($0, $1) }
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
    var stamp = CommonV1.AuditStamp()
    stamp.subject = context.principal.subject
    stamp.at = Timestamp.iso8601(milliseconds: milliseconds)
    stamp.rpc = context.method
    return (stamp, milliseconds)
  }
}

extension Day {
  /// The date `days` days after 1970-01-01.
  static func fromDaysSinceEpoch(_ days: Int64) -> Day {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return Day(year: Int(year), month: Int(month), day: Int(day))
  }
}
