internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension IndicatorsService {
  func defineIndicator(
    _ request: IndicatorsV1.DefineIndicatorRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.Indicator
  {
    guard var indicator = request.indicator else { throw RPCError.invalidArgument(field: "indicator", "is required") }
    try RequestValidation.id(indicator.id, field: "indicator.id")
    try Self.validate(&indicator)
    indicator.id = RequestValidation.idOrNew(indicator.id)
    let result = try await store.auditedWrite(context, request: request, entity: "indicator", entityID: indicator.id) {
      db in
      guard try await IndicatorsRepository.resolution(id: indicator.resolutionID, in: db) != nil else {
        throw RPCError.notFound("resolution", id: indicator.resolutionID)
      }
      if try await IndicatorsRepository.indicator(id: indicator.id, in: db) != nil {
        throw RPCError(.alreadyExists, "indicator '\(indicator.id)' already exists", details: ["id": indicator.id])
      }
      try await checkCode(indicator, in: db)
      let (stamp, milliseconds) = IndicatorsService.stamp(context)
      indicator.updated = stamp
      try await IndicatorsRepository.upsert(indicator, isNew: true, atMs: milliseconds, in: db)
      return (indicator, nil)
    }
    return result
  }

  func updateIndicator(
    _ request: IndicatorsV1.UpdateIndicatorRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.Indicator
  {
    guard var indicator = request.indicator else { throw RPCError.invalidArgument(field: "indicator", "is required") }
    try RequestValidation.nonEmpty(indicator.id, field: "indicator.id")
    let result = try await store.auditedWrite(context, request: request, entity: "indicator", entityID: indicator.id) {
      db in
      guard let before = try await IndicatorsRepository.indicator(id: indicator.id, in: db) else {
        throw RPCError.notFound("indicator", id: indicator.id)
      }
      if indicator.resolutionID.isEmpty { indicator.resolutionID = before.resolutionID }
      guard indicator.resolutionID == before.resolutionID else {
        throw RPCError.invalidArgument(
          field: "indicator.resolution_id",
          "an indicator cannot move to another resolution (it belongs to '\(before.resolutionID)')")
      }
      try Self.validate(&indicator)
      try await checkCode(indicator, in: db)
      let (stamp, milliseconds) = IndicatorsService.stamp(context)
      indicator.updated = stamp
      try await IndicatorsRepository.upsert(indicator, isNew: false, atMs: milliseconds, in: db)
      return (indicator, before)
    }
    return result
  }

  func listIndicators(
    _ request: IndicatorsV1.ListIndicatorsRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.ListIndicatorsResponse
  {
    try RequestValidation.known(request.category, field: "category", allowUnspecified: true)
    try RequestValidation.known(request.status, field: "status", allowUnspecified: true)
    let asOf = today()
    let (indicators, measurements, resolutions) = try await store.read { db in
      let indicators = try await IndicatorsRepository.indicators(
        resolutionID: request.resolutionID, category: request.category.rawValue, orgUnitID: request.orgUnitID, in: db)
      let measurements: [String: [IndicatorsV1.Measurement]] =
        request.status.rawValue == 0
        ? [:] : try await IndicatorsRepository.measurements(indicatorIDs: indicators.map(\.id), in: db)
      let resolutions = try await IndicatorsRepository.resolutions(year: 0, in: db)
      return (indicators, measurements, resolutions)
    }
    if !request.resolutionID.isEmpty, !resolutions.contains(where: { $0.id == request.resolutionID }) {
      throw RPCError.notFound("resolution", id: request.resolutionID)
    }
    var matching = indicators
    if request.status.rawValue != 0 {
      let byID = Dictionary(resolutions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      matching = indicators.filter { indicator in
        guard let resolution = byID[indicator.resolutionID] else { return false }
        return Self.evaluate(indicator, measurements[indicator.id] ?? [], asOf: asOf, resolution: resolution)
          .status.estimatedStatus == request.status
      }
    }
    let (page, paging) = try Paging.page(matching, request.page)
    var response = IndicatorsV1.ListIndicatorsResponse()
    response.indicators = page
    response.page = paging
    return response
  }

  func getIndicator(
    _ request: IndicatorsV1.GetIndicatorRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.GetIndicatorResponse
  {
    try RequestValidation.nonEmpty(request.id, field: "id")
    let found = try await store.read {
      db -> (IndicatorsV1.Indicator, IndicatorsV1.Resolution?, [IndicatorsV1.Measurement])? in
      guard let indicator = try await IndicatorsRepository.indicator(id: request.id, in: db) else { return nil }
      let resolution = try await IndicatorsRepository.resolution(id: indicator.resolutionID, in: db)
      let history =
        try await IndicatorsRepository.measurements(indicatorIDs: [indicator.id], in: db)[indicator.id] ?? []
      return (indicator, resolution, history)
    }
    guard let (indicator, resolution, history) = found, let resolution else {
      throw RPCError.notFound("indicator", id: request.id)
    }
    var response = IndicatorsV1.GetIndicatorResponse()
    response.status = Self.evaluate(indicator, history, asOf: today(), resolution: resolution).status
    response.history = history
    return response
  }

  /// Evaluates `indicator` for the year of `resolution` nearest to `asOf`.
  static func evaluate(
    _ indicator: IndicatorsV1.Indicator, _ measurements: [IndicatorsV1.Measurement], asOf: CalendarDate,
    resolution: IndicatorsV1.Resolution
  ) -> IndicatorEvaluation {
    let year = min(
      max(asOf.year, Int(resolution.periodFromYear)), Int(max(resolution.periodFromYear, resolution.periodToYear)))
    return IndicatorEvaluation(indicator: indicator, measurements: measurements, asOf: asOf, year: year)
  }

  private func checkCode(_ indicator: IndicatorsV1.Indicator, in db: any SQLDatabase) async throws {
    if try await IndicatorsRepository.indicatorCodeTaken(
      resolutionID: indicator.resolutionID, code: indicator.code, exceptID: indicator.id, in: db)
    {
      throw RPCError(
        .alreadyExists, "resolution '\(indicator.resolutionID)' already has an indicator with code '\(indicator.code)'",
        details: ["code": indicator.code])
    }
  }

  /// Checks an indicator's fields and fills in what follows from others (the comparator from
  /// the direction, a milestone's target).
  static func validate(_ indicator: inout IndicatorsV1.Indicator) throws {
    try RequestValidation.nonEmpty(indicator.resolutionID, field: "indicator.resolution_id")
    try RequestValidation.nonEmpty(indicator.code, field: "indicator.code")
    try RequestValidation.nonEmpty(indicator.nameVi, field: "indicator.name_vi")
    guard RequestValidation.units.contains(indicator.unit) else {
      throw RPCError.invalidArgument(
        field: "indicator.unit",
        "'\(indicator.unit)' is not a unit; use one of \(RequestValidation.units.sorted().joined(separator: ", "))")
    }
    try RequestValidation.known(indicator.direction, field: "indicator.direction")
    try RequestValidation.known(indicator.comparator, field: "indicator.comparator", allowUnspecified: true)
    try RequestValidation.known(indicator.category, field: "indicator.category", allowUnspecified: true)
    guard (0...3).contains(indicator.publishedDecimals) else {
      throw RPCError.invalidArgument(
        field: "indicator.published_decimals", "\(indicator.publishedDecimals) is not 0 to 3")
    }
    let expected: IndicatorsV1.Comparator =
      switch indicator.direction {
      case .lowerIsBetter: .atMost
      case .band: .between
      case .milestone: .equal
      default: .atLeast
      }
    if indicator.comparator == .unspecified { indicator.comparator = expected }
    guard indicator.comparator == expected else {
      throw RPCError.invalidArgument(
        field: "indicator.comparator",
        "\(indicator.comparator) does not fit direction \(indicator.direction); use \(expected)")
    }
    switch indicator.direction {
    case .band:
      guard indicator.targetHighMilli >= indicator.targetMilli else {
        throw RPCError.invalidArgument(
          field: "indicator.target_high_milli",
          "\(indicator.targetHighMilli) is below target_milli \(indicator.targetMilli)")
      }
    case .milestone:
      guard indicator.unit == "boolean" else {
        throw RPCError.invalidArgument(
          field: "indicator.unit", "a milestone is measured in 'boolean', not '\(indicator.unit)'")
      }
      if indicator.targetMilli == 0 { indicator.targetMilli = 1000 }
      guard indicator.targetMilli == 1000 else {
        throw RPCError.invalidArgument(
          field: "indicator.target_milli", "a milestone's target is 1000 (yes), got \(indicator.targetMilli)")
      }
    default:
      guard indicator.targetMilli >= 0 else {
        throw RPCError.invalidArgument(
          field: "indicator.target_milli", "must not be negative, got \(indicator.targetMilli)")
      }
    }
    if let source = indicator.dataSource?.source, case .linkedFigure(let figure) = source, figure.isEmpty {
      throw RPCError.invalidArgument(field: "indicator.data_source.linked_figure", "must not be empty")
    }
  }
}
