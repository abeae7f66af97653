internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

extension IndicatorsService {
  func getScorecard(
    _ request: IndicatorsV1.GetScorecardRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.Scorecard
  {
    let asOf = try scorecardDate(request)
    return try await scorecard(resolutionID: request.resolutionID, asOf: asOf)
  }

  /// Sends the current scorecard, then a new one whenever a write changed it, until the caller
  /// cancels or the service shuts down. It follows the store's change feed, as the gateway's
  /// WatchOverview follows the services' feeds: after each committed write the scorecard is
  /// read again, and sent when it differs from the last one sent.
  func watchScorecard(
    _ request: IndicatorsV1.GetScorecardRequest, _ writer: ResponseStreamWriter<IndicatorsV1.Scorecard>,
    _ context: ServerContext
  ) async throws {
    let fixedDate = request.asOf.isEmpty ? nil : try scorecardDate(request)
    var sent: IndicatorsV1.Scorecard?
    for await _ in store.changes.versions() {
      try Task.checkCancellation()
      let current = try await scorecard(resolutionID: request.resolutionID, asOf: fixedDate ?? today())
      guard current != sent else { continue }
      try await writer.write(current)
      sent = current
    }
  }

  private func scorecardDate(_ request: IndicatorsV1.GetScorecardRequest) throws -> CalendarDate {
    try RequestValidation.nonEmpty(request.resolutionID, field: "resolution_id")
    return request.asOf.isEmpty ? today() : try RequestValidation.date(request.asOf, field: "as_of")
  }

  /// The scorecard of `resolutionID` as of `asOf`, from one consistent read.
  func scorecard(resolutionID: String, asOf: CalendarDate) async throws -> IndicatorsV1.Scorecard {
    let found = try await store.read {
      db -> (IndicatorsV1.Resolution, [IndicatorsV1.Indicator], [String: [IndicatorsV1.Measurement]])? in
      guard let resolution = try await IndicatorsRepository.resolution(id: resolutionID, in: db) else { return nil }
      let indicators = try await IndicatorsRepository.indicators(
        resolutionID: resolutionID, category: 0, orgUnitID: "", in: db)
      let measurements = try await IndicatorsRepository.measurements(indicatorIDs: indicators.map(\.id), in: db)
      return (resolution, indicators, measurements)
    }
    guard let (resolution, indicators, measurements) = found else {
      throw RPCError.notFound("resolution", id: resolutionID)
    }
    let statuses = indicators.map {
      Self.evaluate($0, measurements[$0.id] ?? [], asOf: asOf, resolution: resolution).status
    }
    return ScorecardSummary.make(
      resolutionID: resolutionID, lastYear: Int(max(resolution.periodFromYear, resolution.periodToYear)), asOf: asOf,
      statuses: statuses)
  }
}
