public import DistrictRPC
internal import DistrictSchema

/// The Gateway service (`district.gateway.v1.Gateway`): the district overview composed from the
/// indicators, land-clearance and finance services, its watch, and the bilingual progress report.
///
/// The three services are asked in parallel, within what is left of the caller's deadline; a
/// backend that is down or too slow fails only its own section. The caller's `authorization`
/// and `traceparent` go along to the backends, which decide what the caller may read. Every
/// method needs `reader`.
///
/// ```swift
/// let backends = try GatewayBackends(indicators: "127.0.0.1:7101", landClearance: "127.0.0.1:7102",
///                                    finance: "127.0.0.1:7103", logger: logger)
/// let server = RPCServer(configuration: .defaults(port: 7100), services: [GatewayService(backends: backends)],
///                        tokens: tokens, logger: logger)
/// ```
public struct GatewayService: RPCService {
  private let composer: OverviewComposer
  private let backends: GatewayBackends
  private let watchRefresh: Duration
  private let today: @Sendable () -> String

  /// - Parameters:
  ///   - backendTimeout: the backends' budget when a caller sets no deadline (also caps it when one does).
  ///   - watchRefresh: how often a watch of the overview composes it again without a change
  ///     reported by a backend's feed (for a watch of "today" crossing midnight).
  ///   - today: the ISO date an empty `as_of` means; by default today's date in Vietnam (UTC+7).
  public init(
    backends: GatewayBackends, backendTimeout: Duration = .seconds(5), watchRefresh: Duration = .seconds(60),
    today: @escaping @Sendable () -> String = GatewayService.todayInVietnam
  ) {
    self.composer = OverviewComposer(backends: backends, defaultTimeout: backendTimeout)
    self.backends = backends
    self.watchRefresh = watchRefresh
    self.today = today
  }

  /// Today's date in Vietnam (UTC+7), ISO.
  @Sendable public static func todayInVietnam() -> String { CalendarDate.todayInVietnam().description }

  public func register(in router: inout RPCRouter) {
    typealias S = GatewayV1.GatewayService
    router.register(S.getOverview, requiredRole: .reader) { request, context in
      await composer.overview(try query(request), callerRemaining: context.timeRemaining)
    }
    router.register(S.watchOverview, requiredRole: .reader) { request, writer, _ in
      let watch = OverviewWatch(composer: composer, backends: backends, refresh: watchRefresh, retry: .seconds(1))
      try await watch.run(query: { try query(request) }, writer)
    }
    router.register(S.getReport, requiredRole: .reader) { request, context in
      let query = try OverviewQuery(
        year: request.year, asOf: request.asOf, resolutionID: "", revenueAsOf: request.revenueAsOf,
        revenueAsOfPrecision: request.revenueAsOfPrecision, today: today())
      let overview = await composer.overview(query, callerRemaining: context.timeRemaining)
      return try ReportComposer.report(overview, language: request.language)
    }
  }

  private func query(_ request: GatewayV1.GetOverviewRequest) throws -> OverviewQuery {
    try OverviewQuery(
      year: request.year, asOf: request.asOf, resolutionID: request.resolutionID, revenueAsOf: request.revenueAsOf,
      revenueAsOfPrecision: request.revenueAsOfPrecision, includeProjects: request.includeProjects, today: today())
  }
}
