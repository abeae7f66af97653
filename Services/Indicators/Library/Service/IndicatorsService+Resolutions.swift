internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

extension IndicatorsService {
  func createResolution(
    _ request: IndicatorsV1.CreateResolutionRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.Resolution
  {
    guard var resolution = request.resolution else {
      throw RPCError.invalidArgument(field: "resolution", "is required")
    }
    try RequestValidation.id(resolution.id, field: "resolution.id")
    try RequestValidation.nonEmpty(resolution.code, field: "resolution.code")
    try RequestValidation.nonEmpty(resolution.titleVi, field: "resolution.title_vi")
    _ = try RequestValidation.date(resolution.issuedOn, field: "resolution.issued_on")
    try RequestValidation.known(resolution.kind, field: "resolution.kind")
    guard (1900...9999).contains(resolution.periodFromYear) else {
      throw RPCError.invalidArgument(field: "resolution.period_from_year", "\(resolution.periodFromYear) is not a year")
    }
    guard (resolution.periodFromYear...9999).contains(resolution.periodToYear) else {
      throw RPCError.invalidArgument(
        field: "resolution.period_to_year",
        "\(resolution.periodToYear) must be a year not before period_from_year \(resolution.periodFromYear)")
    }
    resolution.id = RequestValidation.idOrNew(resolution.id)
    return try await store.auditedWrite(context, request: request, entity: "resolution", entityID: resolution.id) {
      db in
      if try await IndicatorsRepository.resolution(id: resolution.id, in: db) != nil {
        throw RPCError(.alreadyExists, "resolution '\(resolution.id)' already exists", details: ["id": resolution.id])
      }
      if try await IndicatorsRepository.resolutionExists(code: resolution.code, in: db) {
        throw RPCError(
          .alreadyExists, "a resolution with code '\(resolution.code)' already exists",
          details: ["code": resolution.code])
      }
      let (stamp, milliseconds) = IndicatorsService.stamp(context)
      resolution.created = stamp
      try await IndicatorsRepository.insert(resolution, atMs: milliseconds, in: db)
      return (resolution, nil)
    }
  }

  func getResolution(
    _ request: IndicatorsV1.GetResolutionRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.Resolution
  {
    try RequestValidation.nonEmpty(request.id, field: "id")
    guard let resolution = try await store.read({ try await IndicatorsRepository.resolution(id: request.id, in: $0) })
    else {
      throw RPCError.notFound("resolution", id: request.id)
    }
    return resolution
  }

  func listResolutions(
    _ request: IndicatorsV1.ListResolutionsRequest, _ context: ServerContext
  ) async throws
    -> IndicatorsV1.ListResolutionsResponse
  {
    guard request.year == 0 || (1900...9999).contains(request.year) else {
      throw RPCError.invalidArgument(field: "year", "\(request.year) is not a year")
    }
    let all = try await store.read { try await IndicatorsRepository.resolutions(year: request.year, in: $0) }
    let (page, paging) = try Paging.page(all, request.page)
    var response = IndicatorsV1.ListResolutionsResponse()
    response.resolutions = page
    response.page = paging
    return response
  }
}
