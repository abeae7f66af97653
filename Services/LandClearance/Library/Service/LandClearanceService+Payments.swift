internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension LandClearanceService {
  /// Appends a payment (or a deposit) to the ledger. The idempotency key is required: a retried
  /// payment is counted once. Refused (FAILED_PRECONDITION) before the plan is approved and
  /// recovery decided, and above the approved amount; the first payment moves the case to PAID,
  /// the first deposit to DEPOSITED.
  func recordPayment(
    _ request: LandClearanceV1.RecordPaymentRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Payment
  {
    try RequestValidation.requireIdempotencyKey(context)
    guard var payment = request.payment else { throw RPCError.invalidArgument(field: "payment", "is required") }
    try RequestValidation.id(payment.id, field: "payment.id")
    try RequestValidation.id(payment.caseID, field: "payment.case_id", required: true)
    try RequestValidation.known(payment.component, field: "payment.component")
    let amount = try RequestValidation.amount(payment.amount, field: "payment.amount")
    let paidOn = try happened(payment.paidOn, field: "payment.paid_on")
    guard payment.reversesPaymentID.isEmpty else {
      throw RPCError.invalidArgument(field: "payment.reverses_payment_id", "a reversal is made with ReversePayment")
    }
    payment.id = RequestValidation.idOrNew(payment.id)
    payment.recorded = CommonV1.AuditStamp(context)
    let stored = payment
    return try await store.auditedWrite(context, request: request, entity: "payment", entityID: stored.id) { db in
      let clearance = try await caseForWrite(stored.caseID, context, in: db)
      guard CaseTransitions.acceptsPayment(clearance.state) else {
        let when =
          clearance.state == .closed
          ? "a closed case takes no more payments"
          : "payments are recorded once the plan is approved and recovery decided"
        throw RPCError(
          .failedPrecondition, "case '\(stored.caseID)' is \(CaseTransitions.name(clearance.state)): \(when)",
          details: ["state": CaseTransitions.name(clearance.state)])
      }
      if let decided = CalendarDate(clearance.recoveryDecidedOn), paidOn < decided {
        throw RPCError.invalidArgument(
          field: "payment.paid_on", "'\(paidOn)' is before the recovery decision of \(decided)")
      }
      if try await LandClearanceRepository.paymentExists(id: stored.id, in: db) {
        throw RPCError(.alreadyExists, "payment '\(stored.id)' already exists", details: ["id": stored.id])
      }
      guard try await LandClearanceRepository.addPaid(caseID: stored.caseID, amount: amount, in: db) else {
        let approved = clearance.clearanceCase.approvedAmount?.vnd ?? 0
        let paid = clearance.clearanceCase.paidAmount?.vnd ?? 0
        throw RPCError(
          .failedPrecondition,
          "case '\(stored.caseID)': \(paid) + \(amount) VND would exceed the approved \(approved) VND; "
            + "record an amendment (AmendApprovedAmount) first",
          details: ["approved_vnd": "\(approved)", "paid_vnd": "\(paid)"])
      }
      try await requireWritable(
        project: clearance.clearanceCase.projectID, date: paidOn, what: "payment '\(stored.id)' of \(paidOn)", in: db)
      guard try await LandClearanceRepository.insert(stored, projectID: clearance.clearanceCase.projectID, in: db)
      else {
        throw RPCError(.alreadyExists, "payment '\(stored.id)' already exists", details: ["id": stored.id])
      }
      try await requirePaidWithinApproved(caseID: stored.caseID, in: db) { date, paid, approved in
        "case '\(stored.caseID)': on \(date) \(paid) VND would be paid against \(approved) VND approved then; "
          + "date the payment on or after the amendment that allows it"
      }
      let to: LandClearanceV1.CaseState = stored.deposited ? .deposited : .paid
      if CaseTransitions.allows(from: clearance.state, to: to, by: .recordPayment) {
        let step = LandClearanceV1.CaseStep().with {
          $0.state = to
          $0.on = max(paidOn.description, clearance.clearanceCase.stateSince)
          $0.note = "payment \(stored.id)"
          $0.recorded = stored.recorded
        }
        _ = try await LandClearanceRepository.move(
          caseID: stored.caseID, projectID: clearance.clearanceCase.projectID, from: clearance.state, to: step, in: db)
      }
      return (stored, nil, clearance.clearanceCase.communeID)
    }
  }

  /// Appends the reversing row of a payment: same case and component, the negated amount. A
  /// payment is reversed at most once, and a reversal is not reversed.
  func reversePayment(
    _ request: LandClearanceV1.ReversePaymentRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Payment
  {
    try RequestValidation.requireIdempotencyKey(context)
    try RequestValidation.id(request.paymentID, field: "payment_id", required: true)
    try RequestValidation.nonEmpty(request.reason, field: "reason")
    try RequestValidation.id(request.reversalID, field: "reversal_id")
    let on = try request.on.isEmpty ? nil : happened(request.on, field: "on")
    let reversalID = RequestValidation.idOrNew(request.reversalID)
    let stamp = CommonV1.AuditStamp(context)
    return try await store.auditedWrite(context, request: request, entity: "payment", entityID: reversalID) { db in
      guard let found = try await LandClearanceRepository.payment(id: request.paymentID, in: db) else {
        throw RPCError.notFound("payment", id: request.paymentID)
      }
      let (original, reversed) = found
      let clearance = try await caseForWrite(original.caseID, context, in: db)
      guard original.reversesPaymentID.isEmpty else {
        throw RPCError(.failedPrecondition, "payment '\(request.paymentID)' is itself a reversal")
      }
      guard !reversed else {
        throw RPCError(
          .failedPrecondition, "payment '\(request.paymentID)' has already been reversed",
          details: ["id": request.paymentID])
      }
      if let on, let paid = CalendarDate(original.paidOn), on < paid {
        throw RPCError.invalidArgument(field: "on", "'\(on)' is before the payment (\(paid))")
      }
      if try await LandClearanceRepository.paymentExists(id: reversalID, in: db) {
        throw RPCError(.alreadyExists, "payment '\(reversalID)' already exists", details: ["id": reversalID])
      }
      let reversal = LandClearanceV1.Payment().with {
        $0.id = reversalID
        $0.caseID = original.caseID
        $0.component = original.component
        $0.amount = LandClearanceRepository.money(-(original.amount?.vnd ?? 0))
        $0.paidOn = on?.description ?? original.paidOn
        $0.deposited = original.deposited
        $0.reversesPaymentID = original.id
        $0.note = request.reason
        $0.recorded = stamp
      }
      // Approved figures change only after a reopening: neither the payment's month nor the
      // reversal's may be approved.
      for date in Set([original.paidOn, reversal.paidOn]).compactMap(CalendarDate.init).sorted() {
        try await requireWritable(
          project: clearance.clearanceCase.projectID, date: date,
          what: "the reversal of payment '\(original.id)' (\(date))", in: db)
      }
      guard try await LandClearanceRepository.insert(reversal, projectID: clearance.clearanceCase.projectID, in: db)
      else {
        throw RPCError(
          .failedPrecondition, "payment '\(request.paymentID)' has already been reversed",
          details: ["id": request.paymentID])
      }
      _ = try await LandClearanceRepository.addPaid(caseID: original.caseID, amount: reversal.amount?.vnd ?? 0, in: db)
      return (reversal, nil, clearance.clearanceCase.communeID)
    }
  }

  /// Changes the approved amount of a case by a recorded decision; never below what is paid.
  func amendApprovedAmount(
    _ request: LandClearanceV1.AmendApprovedAmountRequest, _ context: ServerContext
  ) async throws
    -> LandClearanceV1.Amendment
  {
    try RequestValidation.requireIdempotencyKey(context)
    try RequestValidation.id(request.caseID, field: "case_id", required: true)
    let amount = try RequestValidation.amount(request.approvedAmount, field: "approved_amount")
    let decided = try happened(request.decidedOn, field: "decided_on")
    try RequestValidation.nonEmpty(request.decision, field: "decision")
    try RequestValidation.id(request.amendmentID, field: "amendment_id")
    let amendmentID = RequestValidation.idOrNew(request.amendmentID)
    let stamp = CommonV1.AuditStamp(context)
    return try await store.auditedWrite(context, request: request, entity: "amendment", entityID: amendmentID) { db in
      let clearance = try await caseForWrite(request.caseID, context, in: db)
      guard CaseTransitions.hasApprovedAmount(clearance.state) else {
        throw RPCError(
          .failedPrecondition,
          "case '\(request.caseID)' is \(CaseTransitions.name(clearance.state)): only an approved, open plan is amended",
          details: ["state": CaseTransitions.name(clearance.state)])
      }
      // An amendment changes a decision already taken: it cannot be dated before the plan's
      // approval (the PLAN_APPROVED step).
      let steps = try await LandClearanceRepository.steps(caseID: request.caseID, in: db)
      if let approved = steps.last(where: { $0.state == .planApproved }).flatMap({ CalendarDate($0.on) }),
        decided < approved
      {
        throw RPCError.invalidArgument(
          field: "decided_on",
          "'\(decided)' is before \(approved), when the plan of case '\(request.caseID)' was approved: an amendment is decided after the plan it amends"
        )
      }
      // Each amendment supersedes the decisions before it, so they are decided in the order they
      // are recorded: the one recorded last is then the one in force today.
      if let latest = try await LandClearanceRepository.amendments(caseID: request.caseID, in: db)
        .compactMap({ CalendarDate($0.decidedOn) }).max(), decided < latest
      {
        throw RPCError.invalidArgument(
          field: "decided_on",
          "'\(decided)' is before \(latest), the decision date of case '\(request.caseID)''s latest amendment: amendments are decided in order"
        )
      }
      guard try await LandClearanceRepository.setApproved(caseID: request.caseID, amount: amount, in: db) else {
        throw RPCError(
          .failedPrecondition,
          "case '\(request.caseID)' has \(clearance.clearanceCase.paidAmount?.vnd ?? 0) VND paid, more than \(amount) VND"
        )
      }
      let amendment = LandClearanceV1.Amendment().with {
        $0.id = amendmentID
        $0.caseID = request.caseID
        $0.previousAmount = clearance.clearanceCase.approvedAmount
        $0.approvedAmount = LandClearanceRepository.money(amount)
        $0.decidedOn = decided.description
        $0.decision = request.decision
        $0.recorded = stamp
      }
      guard try await LandClearanceRepository.insert(amendment, in: db) else {
        throw RPCError(.alreadyExists, "amendment '\(amendmentID)' already exists", details: ["id": amendmentID])
      }
      try await requirePaidWithinApproved(caseID: request.caseID, in: db) { date, paid, approved in
        "case '\(request.caseID)': \(paid) VND had been paid by \(date), more than the \(approved) VND this amendment would approve then"
      }
      return (amendment, nil, clearance.clearanceCase.communeID)
    }
  }

  /// Refuses (FAILED_PRECONDITION, worded by `message`) a write after which the case's net paid
  /// would be above its approved amount on some date (``ApprovedInForce``); the write's
  /// transaction then rolls back.
  func requirePaidWithinApproved(
    caseID: String, in db: any SQLDatabase, _ message: (CalendarDate, Int64, Int64) -> String
  ) async throws {
    let steps = try await LandClearanceRepository.steps(caseID: caseID, in: db)
    // In the order they were recorded, as the views break ties between one day's amendments.
    let amendments = try await LandClearanceRepository.amendments(caseID: caseID, in: db).sorted {
      ($0.decidedOn, $0.recorded?.at ?? "") < ($1.decidedOn, $1.recorded?.at ?? "")
    }
    let payments = try await LandClearanceRepository.payments(caseID: caseID, in: db)
    guard let stored = try await LandClearanceRepository.storedCase(id: caseID, in: db) else { return }
    let rule = ApprovedInForce(
      planApprovedOn: steps.last { $0.state == .planApproved }.flatMap { CalendarDate($0.on) },
      planAmount: amendments.first?.previousAmount?.vnd ?? stored.clearanceCase.approvedAmount?.vnd ?? 0,
      amendments: amendments.compactMap { amendment in
        CalendarDate(amendment.decidedOn).map { ($0, amendment.approvedAmount?.vnd ?? 0) }
      })
    let dated = payments.compactMap { payment in CalendarDate(payment.paidOn).map { ($0, payment.amount?.vnd ?? 0) } }
    if let excess = rule.firstExcess(dated) {
      throw RPCError(
        .failedPrecondition, message(excess.date, excess.paid, excess.approved),
        details: ["date": excess.date.description, "paid_vnd": "\(excess.paid)", "approved_vnd": "\(excess.approved)"])
    }
  }
}
