internal import DistrictRPC
internal import DistrictSchema

/// Composes the district overview: the three services asked in parallel, each section with
/// its own status, the whole within the caller's deadline.
struct OverviewComposer: Sendable {
  let backends: GatewayBackends
  /// The backends' budget when the caller sets no deadline.
  let defaultTimeout: Duration

  /// The overview for `query`. Never throws: a backend that fails leaves its section with the
  /// failure's status and no data (or the part it did answer).
  func overview(_ query: OverviewQuery, callerRemaining: Duration?) async -> GatewayV1.Overview {
    let budget = BackendBudget(callerRemaining: callerRemaining, defaultTimeout: defaultTimeout)
    async let indicators = indicatorsSection(query, budget)
    async let landClearance = landClearanceSection(query, budget)
    async let finance = financeSection(query, budget)
    var overview = GatewayV1.Overview()
    overview.year = query.year
    overview.asOf = query.asOf
    overview.landClearance = await landClearance
    overview.finance = await finance
    var indicatorsSection = await indicators
    if let scorecard = indicatorsSection.scorecard {
      indicatorsSection.liveFigures = LinkedFigure.liveFigures(for: scorecard, in: overview)
    }
    overview.indicators = indicatorsSection
    return overview
  }

  private func indicatorsSection(_ query: OverviewQuery, _ budget: BackendBudget) async -> GatewayV1.IndicatorsSection {
    typealias S = IndicatorsV1.IndicatorsService
    let client = backends.indicators
    var section = GatewayV1.IndicatorsSection()
    do {
      let resolution: IndicatorsV1.Resolution
      if query.resolutionID.isEmpty {
        let listed = try await client.unary(
          S.listResolutions, .init().with { $0.year = query.year }, options: try budget.callOptions())
        guard let annual = listed.resolutions.first(where: { $0.kind == .annual }) else {
          throw RPCError(
            .notFound,
            "no annual resolution covers \(query.year): record one, or ask for a resolution_id")
        }
        resolution = annual
      } else {
        resolution = try await client.unary(
          S.getResolution, .init().with { $0.id = query.resolutionID }, options: try budget.callOptions())
      }
      section.resolution = resolution
      section.scorecard = try await client.unary(
        S.getScorecard,
        .init().with {
          $0.resolutionID = resolution.id
          $0.asOf = query.asOf
        },
        options: try budget.callOptions())
      section.status = SectionStatus.ok
    } catch {
      section.status = SectionStatus.failure(error, backend: "indicators", peer: client.peer)
    }
    return section
  }

  private func landClearanceSection(
    _ query: OverviewQuery, _ budget: BackendBudget
  ) async -> GatewayV1.LandClearanceSection {
    typealias S = LandClearanceV1.LandClearanceService
    let client = backends.landClearance
    var section = GatewayV1.LandClearanceSection()
    async let totals = Self.attempt {
      try await client.unary(
        S.getDistrictTotals, .init().with { $0.asOf = query.asOf }, options: try budget.callOptions())
    }
    async let blockers = Self.attempt {
      try await client.unary(S.listBlockers, .init().with { $0.asOf = query.asOf }, options: try budget.callOptions())
    }
    async let projects = Self.attempt { () -> LandClearanceV1.ListProjectProgressResponse? in
      guard query.includeProjects else { return nil }
      return try await client.unary(
        S.listProjectProgress,
        .init().with {
          $0.asOf = query.asOf
          $0.page = .init().with { $0.pageSize = 50 }
        },
        options: try budget.callOptions())
    }
    let (totalsResult, blockersResult, projectsResult) = await (totals, blockers, projects)
    section.totals = try? totalsResult.get()
    if let listed = try? projectsResult.get() ?? nil {
      section.projects = listed.projects
      section.moreProjects = !(listed.page?.nextPageToken ?? "").isEmpty
    }
    // The first page (the oldest 50) with the count of them all: the answer stays small however
    // many blockers there are.
    let listed = try? blockersResult.get()
    // The overview names cases, never people (Decree 13/2023/NĐ-CP): whoever asks, a household's
    // name stays with land clearance's own views for the officers entitled to it.
    section.blockers = (listed?.blockers ?? []).map { blocker in
      var blocker = blocker
      blocker.partyName = ""
      return blocker
    }
    section.blockerTotal = listed?.total ?? 0
    section.blockerCounts = listed?.counts ?? []
    section.status = Self.status(
      of: [totalsResult.error, blockersResult.error, projectsResult.error], backend: "land-clearance",
      peer: client.peer)
    return section
  }

  private func financeSection(_ query: OverviewQuery, _ budget: BackendBudget) async -> GatewayV1.FinanceSection {
    typealias S = FinanceV1.FinanceService
    let client = backends.finance
    var section = GatewayV1.FinanceSection()
    async let revenue = Self.attempt {
      try await client.unary(
        S.getRevenueSummary,
        .init().with {
          $0.year = query.year
          $0.asOf = query.revenueAsOf
          $0.asOfPrecision = query.revenueAsOfPrecision
        },
        options: try budget.callOptions())
    }
    async let lagging = Self.attempt {
      try await client.unary(
        S.listLaggingCommunes,
        .init().with {
          $0.year = query.year
          $0.asOf = query.revenueAsOf
          $0.asOfPrecision = query.revenueAsOfPrecision
        },
        options: try budget.callOptions())
    }
    async let disbursement = Self.attempt {
      try await client.unary(
        S.getDisbursement,
        .init().with {
          $0.year = query.year
          $0.asOf = query.asOf
        },
        options: try budget.callOptions())
    }
    let (revenueResult, laggingResult, disbursementResult) = await (revenue, lagging, disbursement)
    section.revenue = try? revenueResult.get()
    let pace = try? laggingResult.get()
    section.laggingCommunes = pace?.communes ?? []
    section.allCommunes = pace?.allCommunes ?? []
    section.expectationBasis = pace?.expectationBasis ?? ""
    section.disbursement = try? disbursementResult.get()
    section.status = Self.status(
      of: [revenueResult.error, laggingResult.error, disbursementResult.error], backend: "finance", peer: client.peer)
    return section
  }

  private static func attempt<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
  }

  /// OK when every call succeeded, else the first failure's status.
  private static func status(of errors: [(any Error)?], backend: String, peer: String) -> RPCV1.Status {
    guard let error = errors.lazy.compactMap({ $0 }).first else { return SectionStatus.ok }
    return SectionStatus.failure(error, backend: backend, peer: peer)
  }
}

extension Result {
  fileprivate var error: Failure? {
    if case .failure(let error) = self { error } else { nil }
  }
}
