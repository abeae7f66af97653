internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension LandClearanceService {
  /// Allocates a resettlement plot ("giao nền tái định cư") to a handed-over case, which moves
  /// it to PLOT_ALLOCATED.
  func allocatePlot(
    _ request: LandClearanceV1.AllocatePlotRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ResettlementPlot
  {
    guard var plot = request.plot else { throw RPCError.invalidArgument(field: "plot", "is required") }
    try RequestValidation.id(plot.id, field: "plot.id")
    try RequestValidation.id(plot.siteProjectID, field: "plot.site_project_id", required: true)
    try RequestValidation.nonEmpty(plot.plotNumber, field: "plot.plot_number")
    _ = try RequestValidation.area(plot.area, field: "plot.area")
    try RequestValidation.id(plot.caseID, field: "plot.case_id", required: true)
    _ = try happened(plot.allocatedOn, field: "plot.allocated_on")
    guard plot.certificateNumber.isEmpty, plot.certificateOn.isEmpty else {
      throw RPCError.invalidArgument(
        field: "plot.certificate_number", "a certificate is recorded with IssueCertificate")
    }
    plot.id = RequestValidation.idOrNew(plot.id)
    let stored = plot
    let stamp = CommonV1.AuditStamp(context)
    return try await store.auditedWrite(context, request: request, entity: "plot", entityID: stored.id) { db in
      guard try await LandClearanceRepository.project(id: stored.siteProjectID, in: db) != nil else {
        throw RPCError.notFound("project", id: stored.siteProjectID)
      }
      let clearance = try await caseForWrite(stored.caseID, context, in: db)
      // Resettlement is for households and individuals whose residential land is recovered
      // (Land Law 2024, art. 111); an organisation is compensated, not resettled.
      guard clearance.clearanceCase.partyKind != .organisation else {
        throw RPCError(
          .failedPrecondition,
          "case '\(stored.caseID)' is an organisation's: resettlement plots go to households and individuals (Land Law 2024, art. 111)"
        )
      }
      guard CaseTransitions.allows(from: clearance.state, to: .plotAllocated, by: .allocatePlot) else {
        throw LandClearanceService.forbidden(clearance.clearanceCase, to: .plotAllocated)
      }
      _ = try RequestValidation.date(
        stored.allocatedOn, field: "plot.allocated_on", notBefore: clearance.clearanceCase.stateSince)
      guard try await LandClearanceRepository.insert(stored, projectID: clearance.clearanceCase.projectID, in: db)
      else {
        throw RPCError(
          .alreadyExists,
          "plot '\(stored.id)', or plot number '\(stored.plotNumber)' of '\(stored.siteProjectID)', already exists",
          details: ["id": stored.id])
      }
      let step = LandClearanceV1.CaseStep().with {
        $0.state = .plotAllocated
        $0.on = stored.allocatedOn
        $0.note = "plot \(stored.plotNumber)"
        $0.recorded = stamp
      }
      guard
        try await LandClearanceRepository.move(
          caseID: stored.caseID, projectID: clearance.clearanceCase.projectID, from: clearance.state, to: step, in: db)
      else { throw LandClearanceService.forbidden(clearance.clearanceCase, to: .plotAllocated) }
      return (stored, nil, clearance.clearanceCase.communeID)
    }
  }

  /// Records the certificate of an allocated plot ("cấp giấy chứng nhận"), which moves its case
  /// to CERTIFICATE_ISSUED.
  func issueCertificate(
    _ request: LandClearanceV1.IssueCertificateRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ResettlementPlot
  {
    try RequestValidation.id(request.plotID, field: "plot_id", required: true)
    try RequestValidation.nonEmpty(request.certificateNumber, field: "certificate_number")
    _ = try happened(request.issuedOn, field: "issued_on")
    let stamp = CommonV1.AuditStamp(context)
    let dialect = store.dialect
    return try await store.auditedWrite(context, request: request, entity: "plot", entityID: request.plotID) { db in
      guard let before = try await LandClearanceRepository.plot(id: request.plotID, in: db) else {
        throw RPCError.notFound("plot", id: request.plotID)
      }
      // A certificate ("giấy chứng nhận") is one document for one plot: its number is the
      // district's once. Issuers wait for each other, so two cannot both take one number.
      if let lock = dialect.lockStatement(key: "certificate:\(request.certificateNumber)") {
        try await db.raw(lock).run()
      }
      if let holder = try await LandClearanceRepository.plotID(certificate: request.certificateNumber, in: db) {
        throw RPCError(
          .alreadyExists, "certificate '\(request.certificateNumber)' was already issued for plot '\(holder)'",
          details: ["field": "certificate_number"])
      }
      let clearance = try await caseForWrite(before.caseID, context, in: db)
      guard CaseTransitions.allows(from: clearance.state, to: .certificateIssued, by: .issueCertificate),
        before.certificateOn.isEmpty
      else { throw LandClearanceService.forbidden(clearance.clearanceCase, to: .certificateIssued) }
      _ = try RequestValidation.date(
        request.issuedOn, field: "issued_on", notBefore: clearance.clearanceCase.stateSince)
      guard
        try await LandClearanceRepository.certify(
          plotID: request.plotID, number: request.certificateNumber, on: request.issuedOn, in: db)
      else { throw LandClearanceService.forbidden(clearance.clearanceCase, to: .certificateIssued) }
      let step = LandClearanceV1.CaseStep().with {
        $0.state = .certificateIssued
        $0.on = request.issuedOn
        $0.note = request.certificateNumber
        $0.recorded = stamp
      }
      _ = try await LandClearanceRepository.move(
        caseID: before.caseID, projectID: clearance.clearanceCase.projectID, from: clearance.state, to: step, in: db)
      var plot = before
      plot.certificateNumber = request.certificateNumber
      plot.certificateOn = request.issuedOn
      return (plot, before, clearance.clearanceCase.communeID)
    }
  }

  /// Plots allocated and certificates issued by `as_of` (today when empty) against the plots
  /// committed, for a project's parties (empty: the whole district).
  func getResettlement(
    _ request: LandClearanceV1.GetResettlementRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ResettlementStatus
  {
    try RequestValidation.id(request.projectID, field: "project_id")
    let asOf = try asOf(request.asOf)
    let (totals, allPlots) = try await store.read { db in
      if !request.projectID.isEmpty, try await LandClearanceRepository.project(id: request.projectID, in: db) == nil {
        throw RPCError.notFound("project", id: request.projectID)
      }
      return (
        try await LandClearanceRepository.resettlement(projectID: request.projectID, through: asOf, in: db),
        try await LandClearanceRepository.plots(projectID: request.projectID, in: db)
      )
    }
    // The plots as they were on the date: allocated by then, certified only if by then.
    let plots = allPlots.filter { $0.allocatedOn <= asOf.description }.map { plot in
      plot.certificateOn <= asOf.description
        ? plot
        : plot.with {
          $0.certificateNumber = ""
          $0.certificateOn = ""
        }
    }
    return LandClearanceV1.ResettlementStatus().with {
      $0.projectID = request.projectID
      $0.committedPlots = Int32(clamping: totals.committed)
      $0.allocatedPlots = Int32(clamping: totals.allocated)
      $0.certificatesIssued = Int32(clamping: totals.certified)
      $0.allocatedBp = BasisPoints.rate(totals.allocated, of: totals.committed)
      $0.certificatesBp = BasisPoints.rate(totals.certified, of: totals.committed)
      $0.plots = plots
      $0.asOf = asOf.description
    }
  }
}
