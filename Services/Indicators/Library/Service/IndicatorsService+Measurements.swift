internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

extension IndicatorsService {
  /// Appends a measurement; a correction is a new measurement, never an update.
  func recordMeasurement(
    _ request: IndicatorsV1.RecordMeasurementRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.Measurement
  {
    guard var measurement = request.measurement else {
      throw RPCError.invalidArgument(field: "measurement", "is required")
    }
    try RequestValidation.id(measurement.id, field: "measurement.id")
    try RequestValidation.nonEmpty(measurement.indicatorID, field: "measurement.indicator_id")
    let asOf = try RequestValidation.date(measurement.asOf, field: "measurement.as_of")
    try RequestValidation.known(measurement.kind, field: "measurement.kind")
    if measurement.kind == .final {
      // A FINAL figure is the result of a closed year ("kết quả thực hiện năm"): as of its
      // 31 December, and known only once that day has come.
      guard asOf == CalendarDate(year: asOf.year, month: 12, day: 31) else {
        throw RPCError.invalidArgument(
          field: "measurement.as_of",
          "a FINAL measurement is the result of a closed year, as of its 31 December: got '\(measurement.asOf)'")
      }
      let today = today()
      guard asOf <= today else {
        throw RPCError(
          .failedPrecondition,
          "\(asOf.year) has not ended (today is \(today) in Vietnam): its FINAL result is recorded once it has; record a YEAR_END_ESTIMATE meanwhile",
          details: ["field": "measurement.kind"])
      }
    }
    try RequestValidation.known(measurement.asOfPrecision, field: "measurement.as_of_precision", allowUnspecified: true)
    try RequestValidation.known(measurement.qualifier, field: "measurement.qualifier", allowUnspecified: true)
    if measurement.asOfPrecision == .unspecified { measurement.asOfPrecision = .day }
    if measurement.qualifier == .unspecified { measurement.qualifier = .exact }
    if measurement.asOfPrecision == .earlyMonth || measurement.asOfPrecision == .month,
      !measurement.asOf.hasSuffix("-01")
    {
      throw RPCError.invalidArgument(
        field: "measurement.as_of", "'\(measurement.asOf)': with month precision the day is the first of the month")
    }
    guard
      let indicator = try await store.read({
        try await IndicatorsRepository.indicator(id: measurement.indicatorID, in: $0)
      })
    else {
      throw RPCError.notFound("indicator", id: measurement.indicatorID)
    }
    try RequestValidation.scope(context, commune: indicator.orgUnitID) { scope in
      "\(context.principal.subject) may record measurements only for commune '\(scope)'; indicator '\(indicator.id)' belongs to '\(indicator.orgUnitID)'"
    }
    switch indicator.direction {
    case .milestone:
      guard measurement.valueMilli == 0 || measurement.valueMilli == 1000 else {
        throw RPCError.invalidArgument(
          field: "measurement.value_milli",
          "a milestone is 0 (not reached) or 1000 (reached), got \(measurement.valueMilli)")
      }
    default:
      if indicator.unit != "percent", measurement.valueMilli < 0 {
        throw RPCError.invalidArgument(
          field: "measurement.value_milli",
          "an amount in '\(indicator.unit)' must not be negative, got \(measurement.valueMilli)")
      }
    }
    measurement.id = RequestValidation.idOrNew(measurement.id)
    let result = try await store.auditedWrite(
      context, request: request, entity: "measurement", entityID: measurement.id
    ) { db in
      if try await IndicatorsRepository.measurementExists(id: measurement.id, in: db) {
        throw RPCError(
          .alreadyExists, "measurement '\(measurement.id)' already exists; a correction is a new measurement",
          details: ["id": measurement.id])
      }
      guard try await IndicatorsRepository.indicator(id: measurement.indicatorID, in: db) != nil else {
        throw RPCError.notFound("indicator", id: measurement.indicatorID)
      }
      try await store.approvals.requireWritable(
        Self.approvals.unit(scopeID: indicator.resolutionID, date: asOf),
        what: "measurement '\(measurement.id)' of indicator '\(indicator.id)' as of \(asOf)", in: db)
      let (stamp, milliseconds) = IndicatorsService.stamp(context)
      measurement.recorded = stamp
      try await IndicatorsRepository.insert(measurement, atMs: milliseconds, in: db)
      return (measurement, nil, indicator.orgUnitID)
    }
    return result
  }
}
