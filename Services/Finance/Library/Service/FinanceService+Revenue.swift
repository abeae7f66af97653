internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

extension FinanceService {
  /// Collected against both issuers' estimates in force on a date: total, balanced, by source,
  /// by commune.
  func getRevenueSummary(
    _ request: FinanceV1.GetRevenueSummaryRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.RevenueSummary
  {
    let year = try RequestValidation.year(request.year, field: "year")
    let asOf = try asOf(year: year, text: request.asOf, precision: request.asOfPrecision)
    let (sources, estimates, collected) = try await store.read { db in
      (
        try await FinanceRepository.sources(year: year, in: db),
        try await FinanceRepository.estimates(year: year, inForceOn: asOf.date, in: db),
        try await FinanceRepository.collected(year: year, through: asOf.cutoff, in: db)
      )
    }
    func line(
      _ key: String, _ name: String, _ amount: Int64, _ province: Int64, _ council: Int64
    ) -> FinanceV1.RevenueLine {
      FinanceV1.RevenueLine().with {
        $0.key = key
        $0.name = name
        $0.collected = CommonV1.Money().with { $0.vnd = amount }
        $0.provinceEstimate = CommonV1.Money().with { $0.vnd = province }
        $0.councilEstimate = CommonV1.Money().with { $0.vnd = council }
        $0.ofProvinceBp = BasisPoints.rate(amount, of: province)
        $0.ofCouncilBp = BasisPoints.rate(amount, of: council)
      }
    }
    var bySource: [String: Int64] = [:]
    var byCommune: [String: Int64] = [:]
    for row in collected {
      bySource[row.source] = try Amounts.add(bySource[row.source] ?? 0, row.amount)
      byCommune[row.commune] = try Amounts.add(byCommune[row.commune] ?? 0, row.amount)
    }
    let total = try Amounts.sum(collected.lazy.map(\.amount))
    let balancedCodes = Set(sources.filter(\.countsTowardBalanced).map(\.code))
    let names = Dictionary(sources.map { ($0.code, $0.nameVi) }, uniquingKeysWith: { first, _ in first })
    let sourceCodes = Set(sources.map(\.code)).union(bySource.keys).sorted()
    // The district-level row ("") whenever something was collected there or part of an estimate
    // is not allocated to a commune: without it the rows would not add up to the total.
    let unallocated = estimates.districtLevel(.province) > 0 || estimates.districtLevel(.districtCouncil) > 0
    let communeIDs = estimates.communeIDs.union(byCommune.keys).union(unallocated ? [""] : []).sorted {
      (Communes.order($0), $0) < (Communes.order($1), $1)
    }
    return try FinanceV1.RevenueSummary().with {
      $0.year = Int32(year)
      $0.asOf = asOf.date.description
      $0.asOfPrecision = asOf.precision
      $0.estimatesInForce = estimates.inForce
      $0.total = line(
        "", "Tổng thu ngân sách nhà nước trên địa bàn", total, estimates.total(.province),
        estimates.total(.districtCouncil))
      $0.balanced = line(
        "balanced", "Thu cân đối", try Amounts.sum(balancedCodes.lazy.map { bySource[$0] ?? 0 }),
        estimates.sources(.province, balancedCodes), estimates.sources(.districtCouncil, balancedCodes))
      $0.bySource = sourceCodes.map { code in
        line(
          code, names[code] ?? code, bySource[code] ?? 0, estimates.source(.province, code),
          estimates.source(.districtCouncil, code))
      }
      $0.byCommune = communeIDs.map { id in
        // The district-level row ("") is measured against what is not allocated to communes,
        // not against the whole district's estimate: the rows add up to the total.
        id.isEmpty
          ? line(
            id, Communes.name(id), byCommune[id] ?? 0, estimates.districtLevel(.province),
            estimates.districtLevel(.districtCouncil))
          : line(
            id, Communes.name(id), byCommune[id] ?? 0, estimates.commune(.province, id),
            estimates.commune(.districtCouncil, id))
      }
    }
  }

  /// Balanced revenue per commune against its estimate and the share expected by the date;
  /// those more than the margin below, worst first.
  func listLaggingCommunes(
    _ request: FinanceV1.ListLaggingCommunesRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.ListLaggingCommunesResponse
  {
    let year = try RequestValidation.year(request.year, field: "year")
    let asOf = try asOf(year: year, text: request.asOf, precision: request.asOfPrecision)
    guard request.marginBp >= 0, request.marginBp <= BasisPoints.whole else {
      throw RPCError.invalidArgument(
        field: "margin_bp", "must be 0 (the default, 500) to 10000, got \(request.marginBp)")
    }
    let margin = request.marginBp == 0 ? LaggingRule.defaultMarginBasisPoints : request.marginBp
    try RequestValidation.known(request.issuer, field: "issuer", allowUnspecified: true)
    let issuer: FinanceV1.EstimateIssuer = request.issuer == .unspecified ? .districtCouncil : request.issuer
    let earlierYears = Array((year - ExpectedShare.seasonalYears)..<year)
    let (sources, estimates, collected, earlier) = try await store.read { db in
      (
        try await FinanceRepository.sources(year: year, in: db),
        try await FinanceRepository.estimates(year: year, inForceOn: asOf.date, in: db),
        try await FinanceRepository.balancedCollected(year: year, through: asOf.cutoff, in: db),
        try await FinanceRepository.earlierYears(earlierYears, sameDayAs: asOf.cutoff, balancedOnly: true, in: db)
      )
    }
    let expected = ExpectedShare.expected(cutoff: asOf.cutoff, earlier: earlier)
    let balancedCodes = Set(sources.filter(\.countsTowardBalanced).map(\.code))
    let standings = LaggingRule.evaluate(
      collected: collected, estimates: estimates.communes(issuer, sources: balancedCodes),
      expected: expected.basisPoints, margin: margin)
    let lines = standings.map { standing in
      FinanceV1.LaggingCommune().with {
        $0.communeID = standing.communeID
        $0.name = Communes.name(standing.communeID)
        $0.balancedCollected = CommonV1.Money().with { $0.vnd = standing.collected }
        $0.balancedEstimate = CommonV1.Money().with { $0.vnd = standing.estimate }
        $0.collectedBp = standing.collectedBasisPoints
        $0.expectedBp = standing.expectedBasisPoints
        $0.gapBp = standing.gapBasisPoints
        $0.lagging = standing.lagging
      }
    }
    return FinanceV1.ListLaggingCommunesResponse().with {
      $0.communes = lines.filter(\.lagging)
      $0.allCommunes = lines
      $0.marginBp = margin
      $0.expectationBasis = expected.basis
      $0.asOf = asOf.date.description
      $0.asOfPrecision = asOf.precision
    }
  }

  /// The year-end projection: recorded estimate, seasonal and run-rate; the recorded estimate wins.
  func getYearEndProjection(
    _ request: FinanceV1.GetYearEndProjectionRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.YearEndProjection
  {
    let year = try RequestValidation.year(request.year, field: "year")
    let asOf = try asOf(year: year, text: request.asOf, precision: request.asOfPrecision)
    let earlierYears = Array((year - ExpectedShare.seasonalYears)..<year)
    let (estimates, collected, earlier, recorded) = try await store.read { db in
      (
        try await FinanceRepository.estimates(year: year, inForceOn: asOf.date, in: db),
        try Amounts.sum(
          try await FinanceRepository.collected(year: year, through: asOf.cutoff, in: db).lazy.map(\.amount)),
        try await FinanceRepository.earlierYears(earlierYears, sameDayAs: asOf.cutoff, balancedOnly: false, in: db),
        try await FinanceRepository.latestYearEndEstimate(year: year, onOrBefore: asOf.date, in: db)
      )
    }
    let share = ExpectedShare.expected(cutoff: asOf.cutoff, earlier: earlier)
    let seasonalShare = share.years.isEmpty ? 0 : share.basisPoints
    let projection = YearEndProjector.project(
      collected: collected, elapsedDays: asOf.elapsedDays, daysInYear: CalendarDate.daysIn(year: year),
      seasonalShare: seasonalShare, recorded: recorded?.amount?.vnd,
      yearOver: asOf.date > CalendarDate.endOfYear(year))
    func money(_ vnd: Int64) -> CommonV1.Money { CommonV1.Money().with { $0.vnd = vnd } }
    return FinanceV1.YearEndProjection().with {
      $0.year = Int32(year)
      $0.asOf = asOf.date.description
      $0.asOfPrecision = asOf.precision
      $0.collected = money(collected)
      $0.projected = money(projection.projected)
      $0.recorded = money(projection.recorded ?? 0)
      $0.runRate = money(projection.runRate)
      $0.seasonal = money(projection.seasonal ?? 0)
      $0.seasonalShareBp = seasonalShare
      $0.seasonalYears = share.years.map { Int32($0) }
      $0.ofProvinceBp = BasisPoints.rate(projection.projected, of: estimates.total(.province))
      $0.ofCouncilBp = BasisPoints.rate(projection.projected, of: estimates.total(.districtCouncil))
      switch projection.method {
      case .recorded:
        $0.method = .recorded
        $0.basis =
          "recorded year-end estimate of \(recorded?.estimatedOn ?? "")"
          + (recorded.map { $0.note.isEmpty ? "" : ": \($0.note)" } ?? "")
      case .seasonal:
        $0.method = .seasonal
        $0.basis = "collected / \(share.basis)"
      case .actual:
        $0.method = .actual
        $0.basis = "the year \(year) is over: collected to 31 December \(year), the result"
      case .runRate:
        $0.method = .runRate
        $0.basis =
          "run-rate: collected × \(CalendarDate.daysIn(year: year)) / \(asOf.elapsedDays) days; no earlier year has collections"
      }
    }
  }
}
