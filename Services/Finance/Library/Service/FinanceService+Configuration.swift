internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

extension FinanceService {
  /// Sets a revenue source's names and flags for a year (creates or replaces).
  func setRevenueSource(
    _ request: FinanceV1.SetRevenueSourceRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.RevenueSource
  {
    guard let source = request.source else { throw RPCError.invalidArgument(field: "source", "is required") }
    let year = try RequestValidation.year(source.year, field: "source.year")
    try RequestValidation.id(source.code, field: "source.code", required: true)
    try RequestValidation.nonEmpty(source.nameVi, field: "source.name_vi")
    if source.isLandUseFee && source.isLottery {
      throw RPCError.invalidArgument(field: "source.is_lottery", "a source is not both land-use fees and lottery")
    }
    return try await store.auditedWrite(
      context, request: request, entity: "revenue_source", entityID: "\(year)/\(source.code)"
    ) { db in
      let before = try await FinanceRepository.sources(year: year, in: db).first { $0.code == source.code }
      try await FinanceRepository.upsert(source, in: db)
      return (source, before)
    }
  }

  /// The sources configured for a year, by code.
  func listRevenueSources(
    _ request: FinanceV1.ListRevenueSourcesRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.ListRevenueSourcesResponse
  {
    let year = try RequestValidation.year(request.year, field: "year")
    let sources = try await store.read { try await FinanceRepository.sources(year: year, in: $0) }
    return FinanceV1.ListRevenueSourcesResponse().with { $0.sources = sources }
  }

  /// Sets one version of the estimate of (year, issuer, source or all, commune or all): the
  /// amount decided on `decided_on` (empty: the original, in force from before the year began).
  ///
  /// A decision date is in the year before the estimate's (the province and the council decide
  /// a year's estimate before it begins) or in the year itself (an adjustment, "dự toán điều
  /// chỉnh", during the year it applies to: Law on State Budget No. 83/2015/QH13), and not
  /// after today.
  func setEstimate(
    _ request: FinanceV1.SetEstimateRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.SetEstimateResponse
  {
    guard let estimate = request.estimate else { throw RPCError.invalidArgument(field: "estimate", "is required") }
    let year = try RequestValidation.year(estimate.year, field: "estimate.year")
    try RequestValidation.known(estimate.issuer, field: "estimate.issuer")
    try RequestValidation.id(estimate.sourceCode, field: "estimate.source_code")
    try RequestValidation.commune(estimate.communeID, inYear: year, field: "estimate.commune_id")
    _ = try RequestValidation.amount(estimate.amount, field: "estimate.amount", allowZero: true)
    if !estimate.decidedOn.isEmpty {
      let decided = try CalendarDate.parse(estimate.decidedOn, field: "estimate.decided_on")
      guard decided.year == year - 1 || decided.year == year else {
        throw RPCError.invalidArgument(
          field: "estimate.decided_on",
          "'\(decided)' is not in \(year - 1) or \(year): a year's estimate is decided before it begins or adjusted during it"
        )
      }
      try requireNotAfterToday(
        decided, field: "estimate.decided_on", what: "an estimate is recorded once it has been decided")
    }
    let key =
      "\(year)/\(estimate.issuer.protoName ?? "")/\(estimate.sourceCode)/\(estimate.communeID)/\(estimate.decidedOn)"
    return try await store.auditedWrite(context, request: request, entity: "revenue_estimate", entityID: key) { db in
      let before = try await FinanceRepository.estimateVersions(year: year, decidedBy: .endOfYear(year), in: db).first {
        $0.row.issuer == estimate.issuer && $0.row.source == estimate.sourceCode && $0.row.commune == estimate.communeID
          && $0.decidedOn == estimate.decidedOn
      }.map { version in estimate.with { $0.amount = CommonV1.Money().with { $0.vnd = version.row.amount } } }
      if !estimate.sourceCode.isEmpty,
        try await !FinanceRepository.sourceExists(year: year, code: estimate.sourceCode, in: db)
      {
        throw RPCError.invalidArgument(
          field: "estimate.source_code", "'\(estimate.sourceCode)' is not a revenue source configured for \(year)")
      }
      try await FinanceRepository.upsert(estimate, in: db)
      return (FinanceV1.SetEstimateResponse().with { $0.estimate = estimate }, before, estimate.communeID)
    }
  }

  /// Records the responsible agency's year-end estimate made on a date.
  func setYearEndEstimate(
    _ request: FinanceV1.SetYearEndEstimateRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.YearEndEstimate
  {
    guard let estimate = request.estimate else { throw RPCError.invalidArgument(field: "estimate", "is required") }
    let year = try RequestValidation.year(estimate.year, field: "estimate.year")
    let date = try CalendarDate.parse(estimate.estimatedOn, field: "estimate.estimated_on")
    guard date.year == year || date.year == year + 1 else {
      throw RPCError.invalidArgument(field: "estimate.estimated_on", "'\(date)' is not in \(year) or early \(year + 1)")
    }
    _ = try RequestValidation.amount(estimate.amount, field: "estimate.amount")
    return try await store.auditedWrite(
      context, request: request, entity: "year_end_estimate", entityID: "\(year)/\(date)"
    ) { db in
      let before = try await FinanceRepository.latestYearEndEstimate(year: year, onOrBefore: date, in: db).flatMap {
        $0.estimatedOn == date.description ? $0 : nil
      }
      try await FinanceRepository.upsert(estimate, in: db)
      return (estimate, before)
    }
  }
}
