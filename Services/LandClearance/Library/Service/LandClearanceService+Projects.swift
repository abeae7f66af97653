internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import Foundation
internal import SQLKit

extension LandClearanceService {
  /// Creates a project; its id is generated when empty.
  func createProject(
    _ request: LandClearanceV1.CreateProjectRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Project
  {
    guard var project = request.project else { throw RPCError.invalidArgument(field: "project", "is required") }
    try RequestValidation.id(project.id, field: "project.id")
    try RequestValidation.nonEmpty(project.name, field: "project.name")
    try RequestValidation.known(project.kind, field: "project.kind")
    guard !project.communeIDs.isEmpty else {
      throw RPCError.invalidArgument(field: "project.commune_ids", "is required")
    }
    for id in project.communeIDs { try RequestValidation.commune(id, field: "project.commune_ids") }
    _ = try RequestValidation.area(project.areaToClear, field: "project.area_to_clear")
    _ = try CalendarDate.parse(project.deadline, field: "project.deadline")
    _ = try RequestValidation.amount(project.compensationBudget, field: "project.compensation_budget")
    guard project.committedPlots >= 0 else {
      throw RPCError.invalidArgument(field: "project.committed_plots", "must be 0 or more")
    }
    if !project.landUsePlanOn.isEmpty {
      let planned = try happened(project.landUsePlanOn, field: "project.land_use_plan_on")
      guard planned >= LandUsePlan.procedureInForce else {
        throw RPCError.invalidArgument(
          field: "project.land_use_plan_on",
          "'\(planned)' is before \(LandUsePlan.procedureInForce), when the land recovery procedure this service follows became law"
        )
      }
    }
    project.id = RequestValidation.idOrNew(project.id)
    project.created = CommonV1.AuditStamp(context)
    let stored = project
    return try await store.auditedWrite(context, request: request, entity: "project", entityID: stored.id) { db in
      guard try await LandClearanceRepository.insert(stored, in: db) else {
        throw RPCError(.alreadyExists, "project '\(stored.id)' already exists", details: ["id": stored.id])
      }
      return (stored, nil)
    }
  }

  func getProject(
    _ request: LandClearanceV1.GetProjectRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Project
  {
    try RequestValidation.id(request.id, field: "id", required: true)
    guard let project = try await store.read({ try await LandClearanceRepository.project(id: request.id, in: $0) })
    else {
      throw RPCError.notFound("project", id: request.id)
    }
    return project
  }

  /// Projects in id order, a page at a time (default 100, at most 1,000).
  func listProjects(
    _ request: LandClearanceV1.ListProjectsRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ListProjectsResponse
  {
    let (limit, after) = try LandClearanceService.page(request.page)
    let projects = try await store.read {
      try await LandClearanceRepository.projects(keyOnly: request.keyProjectsOnly, after: after, limit: limit, in: $0)
    }
    return LandClearanceV1.ListProjectsResponse().with {
      $0.projects = projects
      $0.page = CommonV1.PageResponse().with { $0.nextPageToken = projects.count == limit ? projects.last!.id : "" }
    }
  }

  /// The page size and the id to continue after.
  static func page(_ page: CommonV1.PageRequest?) throws -> (limit: Int, after: String) {
    let size = Int(page?.pageSize ?? 0)
    guard (0...1_000).contains(size) else {
      throw RPCError.invalidArgument(field: "page.page_size", "must be 0 (the default, 100) to 1000, got \(size)")
    }
    return (size == 0 ? 100 : size, page?.pageToken ?? "")
  }

  /// Registers an affected party with its parcels; its id is generated when empty.
  func registerParty(
    _ request: LandClearanceV1.RegisterPartyRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.AffectedParty
  {
    guard var party = request.party else { throw RPCError.invalidArgument(field: "party", "is required") }
    try RequestValidation.id(party.id, field: "party.id")
    try RequestValidation.known(party.kind, field: "party.kind")
    try RequestValidation.nonEmpty(party.name, field: "party.name")
    try RequestValidation.commune(party.communeID, field: "party.commune_id")
    try LandClearanceService.validate(party.parcels, field: "party.parcels")
    try RequestValidation.scope(context, commune: party.communeID)
    party.id = RequestValidation.idOrNew(party.id)
    let stored = party
    return try await store.auditedWrite(context, request: request, entity: "party", entityID: stored.id) { db in
      guard try await LandClearanceRepository.insert(stored, in: db) else {
        throw RPCError(
          .alreadyExists, "party '\(stored.id)' already exists; add parcels with RegisterParcels",
          details: ["id": stored.id])
      }
      try await LandClearanceService.insert(
        stored.parcels, partyID: stored.id, communeID: stored.communeID, field: "party.parcels", in: db)
      return (try await LandClearanceRepository.party(id: stored.id, in: db)!, nil, stored.communeID)
    }
  }

  /// Adds parcels to a party; the recovered area of its cases follows.
  func registerParcels(
    _ request: LandClearanceV1.RegisterParcelsRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.AffectedParty
  {
    try RequestValidation.id(request.partyID, field: "party_id", required: true)
    guard !request.parcels.isEmpty else { throw RPCError.invalidArgument(field: "parcels", "is required") }
    try LandClearanceService.validate(request.parcels, field: "parcels")
    return try await store.auditedWrite(context, request: request, entity: "party", entityID: request.partyID) { db in
      guard let before = try await LandClearanceRepository.party(id: request.partyID, in: db) else {
        throw RPCError.notFound("party", id: request.partyID)
      }
      try RequestValidation.scope(context, commune: before.communeID)
      try await LandClearanceService.insert(
        request.parcels, partyID: request.partyID, communeID: before.communeID, field: "parcels", in: db)
      for projectID in Set(request.parcels.map(\.projectID)) {
        try await LandClearanceRepository.refreshRecoveredArea(partyID: request.partyID, projectID: projectID, in: db)
      }
      return (try await LandClearanceRepository.party(id: request.partyID, in: db)!, before, before.communeID)
    }
  }

  func getParty(
    _ request: LandClearanceV1.GetPartyRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.AffectedParty
  {
    try RequestValidation.id(request.id, field: "id", required: true)
    guard let party = try await store.read({ try await LandClearanceRepository.party(id: request.id, in: $0) }) else {
      throw RPCError.notFound("party", id: request.id)
    }
    return PersonalData.redacted(party, for: context)
  }

  static func validate(_ parcels: [LandClearanceV1.Parcel], field: String) throws {
    for (index, parcel) in parcels.enumerated() {
      let field = "\(field)[\(index)]"
      try RequestValidation.id(parcel.projectID, field: "\(field).project_id", required: true)
      try RequestValidation.nonEmpty(parcel.reference, field: "\(field).reference")
      try RequestValidation.nonEmpty(parcel.landType, field: "\(field).land_type")
      let area = try RequestValidation.area(parcel.area, field: "\(field).area")
      let recovered = try RequestValidation.area(parcel.recoveredArea, field: "\(field).recovered_area")
      guard recovered <= area else {
        throw RPCError.invalidArgument(
          field: "\(field).recovered_area", "\(recovered) m² is more than the parcel's \(area) m²")
      }
    }
  }

  /// Stores `parcels` of the party `partyID` of `communeID`.
  ///
  /// A parcel lies in the party's commune, so its project must cover that commune: the land of a
  /// project in Tân Tập is not recovered from a parcel in Long Hậu. This is also what keeps a
  /// commune's clerk, who registers only parties of that commune, inside the projects of that
  /// commune.
  static func insert(
    _ parcels: [LandClearanceV1.Parcel], partyID: String, communeID: String, field: String, in db: any SQLDatabase
  ) async throws {
    for (index, parcel) in parcels.enumerated() {
      guard let project = try await LandClearanceRepository.project(id: parcel.projectID, in: db) else {
        throw RPCError.invalidArgument(field: "\(field)[\(index)].project_id", "no project '\(parcel.projectID)'")
      }
      try requireCommune(communeID, of: project, field: "\(field)[\(index)].project_id")
      guard try await LandClearanceRepository.insert(parcel, partyID: partyID, in: db) else {
        throw RPCError(
          .alreadyExists,
          "parcel '\(parcel.reference)' of party '\(partyID)' in project '\(parcel.projectID)' already exists",
          details: ["field": "\(field)[\(index)].reference"])
      }
    }
  }

  /// Refuses (`FAILED_PRECONDITION`) a party of `communeID` in a project that does not cover it.
  static func requireCommune(_ communeID: String, of project: LandClearanceV1.Project, field: String) throws {
    guard !project.communeIDs.contains(communeID) else { return }
    throw RPCError(
      .failedPrecondition,
      "project '\(project.id)' covers \(project.communeIDs.joined(separator: ", ")), not '\(communeID)', the party's commune: "
        + "a party's land lies in its commune",
      details: ["field": field])
  }
}
