internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension LandClearanceService {
  /// A project's progress as of a date (default today): cases per state, parties paid and
  /// affected, area handed over, paid against approved and against the budget, resettlement.
  func getProjectProgress(
    _ request: LandClearanceV1.GetProjectProgressRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ProjectProgress
  {
    try RequestValidation.id(request.projectID, field: "project_id", required: true)
    let asOf = try asOf(request.asOf)
    return try await store.read { db in
      guard let project = try await LandClearanceRepository.project(id: request.projectID, in: db) else {
        throw RPCError.notFound("project", id: request.projectID)
      }
      return try await Self.progress(of: project, asOf: asOf, in: db)
    }
  }

  /// Every project's progress (a page of them, by id), as GetProjectProgress answers it, read
  /// in one transaction: the overview's projects in one call, not one per project.
  func listProjectProgress(
    _ request: LandClearanceV1.ListProjectProgressRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ListProjectProgressResponse
  {
    let (limit, after) = try LandClearanceService.page(request.page)
    let asOf = try asOf(request.asOf)
    let (projects, progress) = try await store.read { db in
      let projects = try await LandClearanceRepository.projects(
        keyOnly: request.keyProjectsOnly, after: after, limit: limit, in: db)
      var progress: [LandClearanceV1.ProjectProgress] = []
      for project in projects { progress.append(try await Self.progress(of: project, asOf: asOf, in: db)) }
      return (projects, progress)
    }
    return LandClearanceV1.ListProjectProgressResponse().with {
      $0.projects = progress
      $0.asOf = asOf.description
      $0.page = CommonV1.PageResponse().with { $0.nextPageToken = projects.count == limit ? projects.last!.id : "" }
    }
  }

  /// `project`'s progress as of `asOf`, read in `db`.
  private static func progress(
    of project: LandClearanceV1.Project, asOf: CalendarDate, in db: any SQLDatabase
  ) async throws -> LandClearanceV1.ProjectProgress {
    let progress = try await LandClearanceRepository.progress(projectID: project.id, through: asOf, in: db)
    let resettlement = try await LandClearanceRepository.resettlement(projectID: project.id, through: asOf, in: db)
    let toClear = project.areaToClear?.squareMeters ?? 0
    return LandClearanceV1.ProjectProgress().with {
      $0.project = project
      $0.asOf = asOf.description
      $0.casesByState = Dictionary(
        uniqueKeysWithValues: progress.casesByState.map { (CaseTransitions.name($0.key), Int32(clamping: $0.value)) })
      $0.areaHandedOver = LandClearanceRepository.area(progress.handedOver)
      $0.areaHandedOverCentiHa = BasisPoints.centiHectares(progress.handedOver)
      $0.handedOverBp = BasisPoints.rate(progress.handedOver, of: toClear)
      $0.paid = LandClearanceRepository.money(progress.paid)
      $0.approved = LandClearanceRepository.money(progress.approved)
      $0.paidOfApprovedBp = BasisPoints.rate(progress.paid, of: progress.approved)
      $0.paidOfBudgetBp = BasisPoints.rate(progress.paid, of: project.compensationBudget?.vnd ?? 0)
      $0.partiesPaid = Int32(clamping: progress.partiesPaid.total)
      $0.householdsPaid = Int32(clamping: progress.partiesPaid.households)
      $0.individualsPaid = Int32(clamping: progress.partiesPaid.individuals)
      $0.organisationsPaid = Int32(clamping: progress.partiesPaid.organisations)
      $0.householdsAffected = Int32(clamping: progress.partiesAffected.households)
      $0.individualsAffected = Int32(clamping: progress.partiesAffected.individuals)
      $0.organisationsAffected = Int32(clamping: progress.partiesAffected.organisations)
      $0.plotsAllocated = Int32(clamping: resettlement.allocated)
      $0.certificatesIssued = Int32(clamping: resettlement.certified)
      $0.paidDefinition = PaidDefinition.text
    }
  }

  /// The district's cumulative totals as of a date (default today): households, individuals and
  /// organisations paid, their area and the amount paid (``PaidDefinition``).
  func getDistrictTotals(
    _ request: LandClearanceV1.GetDistrictTotalsRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.DistrictTotals
  {
    let asOf = try asOf(request.asOf)
    let totals = try await store.read { try await LandClearanceRepository.totals(through: asOf, in: $0) }
    return LandClearanceV1.DistrictTotals().with {
      $0.asOf = asOf.description
      $0.householdsPaid = Int32(clamping: totals.households)
      $0.individualsPaid = Int32(clamping: totals.individuals)
      $0.organisationsPaid = Int32(clamping: totals.organisations)
      $0.areaPaid = LandClearanceRepository.area(totals.area)
      $0.areaPaidCentiHa = BasisPoints.centiHectares(totals.area)
      $0.amountPaid = LandClearanceRepository.money(totals.amount)
      $0.paidDefinition = PaidDefinition.text
    }
  }

  /// The blockers ("vướng mắc") of a project (empty: all) as of a date (default today), oldest
  /// first: one per reason (``StatutoryDeadlines``), each case in the state it was in on the
  /// date; with `overdueOnly`, the statutory deadlines passed.
  func listBlockers(
    _ request: LandClearanceV1.ListBlockersRequest, _ context: ServerContext, overdueOnly: Bool
  )
    async throws -> LandClearanceV1.ListBlockersResponse
  {
    try RequestValidation.id(request.projectID, field: "project_id")
    let asOf = try asOf(request.asOf)
    let candidates = try await store.read { db in
      if !request.projectID.isEmpty, try await LandClearanceRepository.project(id: request.projectID, in: db) == nil {
        throw RPCError.notFound("project", id: request.projectID)
      }
      return try await LandClearanceRepository.blockerCandidates(projectID: request.projectID, on: asOf, in: db)
    }
    var blockers: [LandClearanceV1.Blocker] = []
    for candidate in candidates {
      let state = candidate.clearanceCase.state
      var reasons: [(StatutoryDeadlines.Kind, Int64)] = []
      if let kind = StatutoryDeadlines.stateBlocker(state, age: asOf.dayNumber - candidate.stateSinceDay) {
        reasons.append((kind, asOf.dayNumber - candidate.stateSinceDay))
      }
      if let day = candidate.oldestComplaintDay { reasons.append((.openComplaint, asOf.dayNumber - day)) }
      if let day = candidate.enforcementDay { reasons.append((.enforcement, asOf.dayNumber - day)) }
      for (kind, age) in reasons where !overdueOnly || StatutoryDeadlines.isOverdue(kind) {
        let blocker = LandClearanceV1.Blocker().with {
          $0.clearanceCase = candidate.clearanceCase
          $0.kind = kind
          $0.reason = StatutoryDeadlines.reason(kind, state: state, age: age)
          $0.ageDays = Int32(clamping: age)
          $0.projectName = candidate.projectName
          $0.partyName = candidate.partyName
        }
        blockers.append(PersonalData.redacted(blocker, for: context))
      }
    }
    blockers.sort { ($0.ageDays, $1.clearanceCase?.id ?? "") > ($1.ageDays, $0.clearanceCase?.id ?? "") }
    let (page, paging) = try Paging.page(blockers, request.page)
    var counts: [Int32: Int32] = [:]
    for blocker in blockers { counts[blocker.kind.rawValue, default: 0] += 1 }
    return LandClearanceV1.ListBlockersResponse().with {
      $0.blockers = page
      $0.asOf = asOf.description
      $0.page = paging
      $0.total = Int32(clamping: blockers.count)
      $0.counts = counts.sorted { $0.key < $1.key }.map { kind, count in
        LandClearanceV1.BlockerCount().with {
          $0.kind = LandClearanceV1.BlockerKind(rawValue: kind)
          $0.count = count
        }
      }
    }
  }
}
