internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension LandClearanceService {
  /// Opens the case of a party in a project at NOTIFIED ("thông báo thu hồi đất").
  func openCase(
    _ request: LandClearanceV1.OpenCaseRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ClearanceCase
  {
    try RequestValidation.id(request.projectID, field: "project_id", required: true)
    try RequestValidation.id(request.partyID, field: "party_id", required: true)
    try RequestValidation.id(request.caseID, field: "case_id")
    let notified = try happened(request.notifiedOn, field: "notified_on")
    let caseID = RequestValidation.idOrNew(request.caseID)
    let stamp = CommonV1.AuditStamp(context)
    return try await store.auditedWrite(context, request: request, entity: "case", entityID: caseID) { db in
      guard let project = try await LandClearanceRepository.project(id: request.projectID, in: db) else {
        throw RPCError.notFound("project", id: request.projectID)
      }
      guard let party = try await LandClearanceRepository.party(id: request.partyID, in: db) else {
        throw RPCError.notFound("party", id: request.partyID)
      }
      try RequestValidation.scope(context, commune: party.communeID)
      try LandClearanceService.requireCommune(party.communeID, of: project, field: "project_id")
      let earliest = LandUsePlan.earliestNotice(project)
      guard notified >= earliest else {
        throw RPCError.invalidArgument(
          field: "notified_on",
          project.landUsePlanOn.isEmpty
            ? "'\(notified)' is before \(earliest), when the land recovery procedure this service follows became law"
            : "'\(notified)' is before \(earliest), when the land-use plan that lets project '\(project.id)' recover land was approved"
        )
      }
      let recovered = try Amounts.sum(
        party.parcels.lazy.filter { $0.projectID == request.projectID }.map { $0.recoveredArea?.squareMeters ?? 0 })
      let clearanceCase = LandClearanceV1.ClearanceCase().with {
        $0.id = caseID
        $0.projectID = request.projectID
        $0.partyID = request.partyID
        $0.partyKind = party.kind
        $0.communeID = party.communeID
        $0.state = .notified
        $0.stateSince = notified.description
        $0.approvedAmount = LandClearanceRepository.money(0)
        $0.paidAmount = LandClearanceRepository.money(0)
        $0.recoveredArea = LandClearanceRepository.area(recovered)
      }
      guard try await LandClearanceRepository.insert(clearanceCase, in: db) else {
        throw RPCError(
          .alreadyExists,
          "case '\(caseID)', or a case of party '\(request.partyID)' in project '\(request.projectID)', already exists",
          details: ["id": caseID])
      }
      let step = LandClearanceV1.CaseStep().with {
        $0.state = .notified
        $0.on = notified.description
        $0.recorded = stamp
      }
      try await LandClearanceRepository.appendStep(step, caseID: caseID, projectID: request.projectID, in: db)
      return (clearanceCase, nil, party.communeID)
    }
  }

  /// A case with its steps, payments, complaints, amendments and plot.
  func getCase(
    _ request: LandClearanceV1.GetCaseRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.CaseDetail
  {
    try RequestValidation.id(request.id, field: "id", required: true)
    return try await store.read { db in
      guard let stored = try await LandClearanceRepository.storedCase(id: request.id, in: db) else {
        throw RPCError.notFound("case", id: request.id)
      }
      var detail = LandClearanceV1.CaseDetail()
      detail.clearanceCase = stored.clearanceCase
      detail.steps = try await LandClearanceRepository.steps(caseID: request.id, in: db)
      detail.payments = try await LandClearanceRepository.payments(caseID: request.id, in: db)
      detail.complaints = try await LandClearanceRepository.complaints(caseID: request.id, in: db)
      detail.amendments = try await LandClearanceRepository.amendments(caseID: request.id, in: db)
      detail.plots = try await LandClearanceRepository.plots(projectID: "", caseID: request.id, in: db)
      return PersonalData.redacted(detail, for: context)
    }
  }

  /// Cases in id order, of a project and in a state, a page at a time.
  func listCases(
    _ request: LandClearanceV1.ListCasesRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ListCasesResponse
  {
    try RequestValidation.id(request.projectID, field: "project_id")
    try RequestValidation.known(request.state, field: "state", allowUnspecified: true)
    let (limit, after) = try LandClearanceService.page(request.page)
    let cases = try await store.read { db in
      if !request.projectID.isEmpty, try await LandClearanceRepository.project(id: request.projectID, in: db) == nil {
        throw RPCError.notFound("project", id: request.projectID)
      }
      return try await LandClearanceRepository.cases(
        projectID: request.projectID, state: request.state, after: after, limit: limit, in: db)
    }
    return LandClearanceV1.ListCasesResponse().with {
      $0.cases = cases
      $0.page = CommonV1.PageResponse().with { $0.nextPageToken = cases.count == limit ? cases.last!.id : "" }
    }
  }

  /// Takes the next step of a case (``CaseTransitions``); any other step is FAILED_PRECONDITION.
  func advanceCase(
    _ request: LandClearanceV1.AdvanceCaseRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ClearanceCase
  {
    try RequestValidation.id(request.caseID, field: "case_id", required: true)
    try RequestValidation.known(request.toState, field: "to_state")
    _ = try happened(request.on, field: "on")
    let approved: Int64? =
      request.toState == .planApproved
      ? try RequestValidation.amount(request.approvedAmount, field: "approved_amount") : nil
    if request.compulsoryInventory && request.toState != .inventoried {
      throw RPCError.invalidArgument(field: "compulsory_inventory", "goes only with INVENTORIED")
    }
    let stamp = CommonV1.AuditStamp(context)
    return try await store.auditedWrite(context, request: request, entity: "case", entityID: request.caseID) { db in
      let stored = try await caseForWrite(request.caseID, context, in: db)
      let from = stored.state
      guard CaseTransitions.allows(from: from, to: request.toState, by: .advanceCase) else {
        throw LandClearanceService.forbidden(stored.clearanceCase, to: request.toState)
      }
      _ = try RequestValidation.date(request.on, field: "on", notBefore: stored.clearanceCase.stateSince)
      // The land is handed over once the compensation is paid, or deposited when the person
      // refuses it (Land Law 2024, Art. 94): a case whose payments were all reversed has neither.
      if request.toState == .handedOver, (stored.clearanceCase.paidAmount?.vnd ?? 0) <= 0 {
        throw RPCError(
          .failedPrecondition,
          "case '\(request.caseID)' has nothing paid or deposited (net \(stored.clearanceCase.paidAmount?.vnd ?? 0) VND): "
            + "the land is handed over after the compensation is paid or deposited",
          details: ["state": CaseTransitions.name(stored.state), "to_state": CaseTransitions.name(request.toState)])
      }
      let step = LandClearanceV1.CaseStep().with {
        $0.state = request.toState
        $0.on = request.on
        $0.note = request.note
        $0.compulsoryInventory = request.compulsoryInventory
        $0.recorded = stamp
      }
      guard
        try await LandClearanceRepository.move(
          caseID: request.caseID, projectID: stored.clearanceCase.projectID, from: from, to: step,
          approvedAmount: approved,
          in: db)
      else { throw LandClearanceService.forbidden(stored.clearanceCase, to: request.toState) }
      let after = try await LandClearanceRepository.storedCase(id: request.caseID, in: db)!.clearanceCase
      return (after, stored.clearanceCase, stored.clearanceCase.communeID)
    }
  }

  /// Decides enforcement ("cưỡng chế", Art. 89): after the recovery decision, before hand-over.
  /// The hand-over ends it.
  func decideEnforcement(
    _ request: LandClearanceV1.DecideEnforcementRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.ClearanceCase
  {
    try RequestValidation.id(request.caseID, field: "case_id", required: true)
    _ = try happened(request.decidedOn, field: "decided_on")
    return try await store.auditedWrite(context, request: request, entity: "case", entityID: request.caseID) { db in
      let stored = try await caseForWrite(request.caseID, context, in: db)
      guard CaseTransitions.allowsEnforcement(stored.state) else {
        throw RPCError(
          .failedPrecondition,
          "case '\(request.caseID)' is \(CaseTransitions.name(stored.state)): enforcement is decided after the "
            + "recovery decision and before hand-over",
          details: ["state": CaseTransitions.name(stored.state)])
      }
      let date = try RequestValidation.date(request.decidedOn, field: "decided_on", notBefore: stored.recoveryDecidedOn)
      guard try await LandClearanceRepository.decideEnforcement(caseID: request.caseID, on: date, in: db) else {
        throw RPCError(
          .failedPrecondition, "case '\(request.caseID)' is already under enforcement", details: ["id": request.caseID])
      }
      let after = try await LandClearanceRepository.storedCase(id: request.caseID, in: db)!.clearanceCase
      return (after, stored.clearanceCase, stored.clearanceCase.communeID)
    }
  }

  /// Opens a complaint on a case; the case goes on, the blockers list it.
  func openComplaint(
    _ request: LandClearanceV1.OpenComplaintRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Complaint
  {
    guard var complaint = request.complaint else { throw RPCError.invalidArgument(field: "complaint", "is required") }
    try RequestValidation.id(complaint.id, field: "complaint.id")
    try RequestValidation.id(complaint.caseID, field: "complaint.case_id", required: true)
    try RequestValidation.known(complaint.kind, field: "complaint.kind")
    let received = try happened(complaint.receivedOn, field: "complaint.received_on")
    try RequestValidation.nonEmpty(complaint.summary, field: "complaint.summary")
    guard complaint.resolvedOn.isEmpty, complaint.outcome.isEmpty else {
      throw RPCError.invalidArgument(field: "complaint.resolved_on", "a complaint is resolved with ResolveComplaint")
    }
    complaint.id = RequestValidation.idOrNew(complaint.id)
    complaint.dueOn = received.adding(days: StatutoryDeadlines.complaintDays).description
    let stored = complaint
    return try await store.auditedWrite(context, request: request, entity: "complaint", entityID: stored.id) { db in
      let clearance = try await caseForWrite(stored.caseID, context, in: db)
      // A complaint is about the case's notices and decisions: it cannot come before the first.
      if let notified = try await LandClearanceRepository.noticeDate(caseID: stored.caseID, in: db), received < notified
      {
        throw RPCError.invalidArgument(
          field: "complaint.received_on",
          "'\(received)' is before \(notified), when case '\(stored.caseID)' was notified")
      }
      guard try await LandClearanceRepository.insert(stored, in: db) else {
        throw RPCError(.alreadyExists, "complaint '\(stored.id)' already exists", details: ["id": stored.id])
      }
      return (stored, nil, clearance.clearanceCase.communeID)
    }
  }

  /// Resolves an open complaint.
  func resolveComplaint(
    _ request: LandClearanceV1.ResolveComplaintRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Complaint
  {
    try RequestValidation.id(request.complaintID, field: "complaint_id", required: true)
    let resolved = try happened(request.resolvedOn, field: "resolved_on")
    try RequestValidation.nonEmpty(request.outcome, field: "outcome")
    return try await store.auditedWrite(context, request: request, entity: "complaint", entityID: request.complaintID) {
      db in
      guard let before = try await LandClearanceRepository.complaint(id: request.complaintID, in: db) else {
        throw RPCError.notFound("complaint", id: request.complaintID)
      }
      let clearance = try await caseForWrite(before.caseID, context, in: db)
      if let received = CalendarDate(before.receivedOn), resolved < received {
        throw RPCError.invalidArgument(
          field: "resolved_on", "'\(resolved)' is before the complaint was received (\(received))")
      }
      var complaint = before
      complaint.resolvedOn = resolved.description
      complaint.outcome = request.outcome
      guard try await LandClearanceRepository.resolve(complaint, in: db) else {
        throw RPCError(
          .failedPrecondition, "complaint '\(request.complaintID)' was already resolved on \(before.resolvedOn)",
          details: ["id": request.complaintID])
      }
      return (complaint, before, clearance.clearanceCase.communeID)
    }
  }

  /// The case `id` for a write by the caller of `context`: NOT_FOUND, or PERMISSION_DENIED
  /// outside the caller's commune.
  func caseForWrite(
    _ id: String, _ context: ServerContext, in db: any SQLDatabase
  ) async throws
    -> LandClearanceRepository.StoredCase
  {
    guard let stored = try await LandClearanceRepository.storedCase(id: id, in: db) else {
      throw RPCError.notFound("case", id: id)
    }
    try RequestValidation.scope(context, commune: stored.clearanceCase.communeID)
    return stored
  }

  /// FAILED_PRECONDITION for a step the case may not take.
  static func forbidden(_ clearanceCase: LandClearanceV1.ClearanceCase, to: LandClearanceV1.CaseState) -> RPCError {
    let next = CaseTransitions.next(clearanceCase.state)
    let allowed = next.map { step in
      switch step.taker {
      case .advanceCase: CaseTransitions.name(step.state)
      case .recordPayment: "\(CaseTransitions.name(step.state)) (by RecordPayment)"
      case .allocatePlot: "\(CaseTransitions.name(step.state)) (by AllocatePlot)"
      case .issueCertificate: "\(CaseTransitions.name(step.state)) (by IssueCertificate)"
      }
    }
    return RPCError(
      .failedPrecondition,
      "case '\(clearanceCase.id)' is \(CaseTransitions.name(clearanceCase.state)) and cannot go to \(CaseTransitions.name(to)); "
        + (allowed.isEmpty ? "it takes no further step" : "next: \(allowed.joined(separator: ", "))"),
      details: ["state": CaseTransitions.name(clearanceCase.state), "to_state": CaseTransitions.name(to)])
  }
}
