internal import DistrictSchema
internal import DistrictStore
internal import SQLKit

extension LandClearanceRepository {
  /// Adds `amount` (negative for a reversal) to the case's net paid, unless that would take it
  /// above the approved amount; `false` when it would. One conditional update, so concurrent
  /// payments of a case cannot together pass the approved amount.
  static func addPaid(caseID: String, amount: Int64, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      """
      UPDATE clearance_case SET paid_vnd = paid_vnd + \(bind: amount)
      WHERE id = \(bind: caseID) AND paid_vnd + \(bind: amount) <= approved_vnd RETURNING id
      """
    ).first() != nil
  }

  /// Inserts a ledger row; `false` when its id, or another reversal of the same payment, exists.
  static func insert(_ payment: LandClearanceV1.Payment, projectID: String, in db: any SQLDatabase) async throws -> Bool
  {
    let stamp = payment.recorded ?? CommonV1.AuditStamp()
    let reverses: String? = payment.reversesPaymentID.isEmpty ? nil : payment.reversesPaymentID
    return try await db.raw(
      """
      INSERT INTO clearance_payment (id, case_id, project_id, component, amount_vnd, paid_on, deposited, reverses_id, note,
        recorded_by, recorded_at, recorded_rpc)
      VALUES (\(bind: payment.id), \(bind: payment.caseID), \(bind: projectID), \(bind: Int64(payment.component.rawValue)), \
      \(bind: payment.amount?.vnd ?? 0), \(bind: payment.paidOn), \(bind: payment.deposited ? Int64(1) : 0), \
      \(bind: reverses), \(bind: payment.note), \(bind: stamp.subject), \(bind: stamp.at), \(bind: stamp.rpc))
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  static func paymentExists(id: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw("SELECT id FROM clearance_payment WHERE id = \(bind: id)").first() != nil
  }

  static let paymentColumns = """
    p.id, p.case_id, p.component, p.amount_vnd, p.paid_on, p.deposited, p.reverses_id, p.note, p.recorded_by,
    p.recorded_at, p.recorded_rpc
    """

  static func payment(_ row: any SQLRow) throws -> LandClearanceV1.Payment {
    try LandClearanceV1.Payment().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.caseID = try row.decode(column: "case_id", as: String.self)
      $0.component = LandClearanceV1.PaymentComponent(
        rawValue: Int32(try row.decode(column: "component", as: Int64.self)))
      $0.amount = money(try row.decode(column: "amount_vnd", as: Int64.self))
      $0.paidOn = try row.decode(column: "paid_on", as: String.self)
      $0.deposited = try row.decode(column: "deposited", as: Int64.self) != 0
      $0.reversesPaymentID = try row.decode(column: "reverses_id", as: String?.self) ?? ""
      $0.note = try row.decode(column: "note", as: String.self)
      $0.recorded = try CommonV1.AuditStamp().with {
        $0.subject = try row.decode(column: "recorded_by", as: String.self)
        $0.at = try row.decode(column: "recorded_at", as: String.self)
        $0.rpc = try row.decode(column: "recorded_rpc", as: String.self)
      }
    }
  }

  /// A payment and whether it has been reversed.
  static func payment(
    id: String, in db: any SQLDatabase
  ) async throws -> (payment: LandClearanceV1.Payment, reversed: Bool)? {
    guard
      let row = try await db.raw(
        """
        SELECT \(unsafeRaw: paymentColumns), (SELECT COUNT(*) FROM clearance_payment r WHERE r.reverses_id = p.id) AS reversals
        FROM clearance_payment p WHERE p.id = \(bind: id)
        """
      ).first()
    else { return nil }
    return (try payment(row), try row.decode(column: "reversals", as: Int64.self) > 0)
  }

  static func payments(caseID: String, in db: any SQLDatabase) async throws -> [LandClearanceV1.Payment] {
    try await db.raw(
      "SELECT \(unsafeRaw: paymentColumns) FROM clearance_payment p WHERE p.case_id = \(bind: caseID) ORDER BY p.seq"
    ).all().map { try payment($0) }
  }

  // MARK: Amendments

  static func insert(_ amendment: LandClearanceV1.Amendment, in db: any SQLDatabase) async throws -> Bool {
    let stamp = amendment.recorded ?? CommonV1.AuditStamp()
    return try await db.raw(
      """
      INSERT INTO clearance_amendment (id, case_id, previous_vnd, approved_vnd, decided_on, decision, recorded_by,
        recorded_at, recorded_rpc)
      VALUES (\(bind: amendment.id), \(bind: amendment.caseID), \(bind: amendment.previousAmount?.vnd ?? 0), \
      \(bind: amendment.approvedAmount?.vnd ?? 0), \(bind: amendment.decidedOn), \(bind: amendment.decision), \
      \(bind: stamp.subject), \(bind: stamp.at), \(bind: stamp.rpc))
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  /// Sets the approved amount of a case, unless it is below what is paid; `false` then.
  static func setApproved(caseID: String, amount: Int64, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      """
      UPDATE clearance_case SET approved_vnd = \(bind: amount)
      WHERE id = \(bind: caseID) AND paid_vnd <= \(bind: amount) RETURNING id
      """
    ).first() != nil
  }

  static func amendments(caseID: String, in db: any SQLDatabase) async throws -> [LandClearanceV1.Amendment] {
    try await db.raw(
      """
      SELECT id, case_id, previous_vnd, approved_vnd, decided_on, decision, recorded_by, recorded_at, recorded_rpc
      FROM clearance_amendment WHERE case_id = \(bind: caseID) ORDER BY decided_on, id
      """
    ).all().map { row in
      try LandClearanceV1.Amendment().with {
        $0.id = try row.decode(column: "id", as: String.self)
        $0.caseID = try row.decode(column: "case_id", as: String.self)
        $0.previousAmount = money(try row.decode(column: "previous_vnd", as: Int64.self))
        $0.approvedAmount = money(try row.decode(column: "approved_vnd", as: Int64.self))
        $0.decidedOn = try row.decode(column: "decided_on", as: String.self)
        $0.decision = try row.decode(column: "decision", as: String.self)
        $0.recorded = try CommonV1.AuditStamp().with {
          $0.subject = try row.decode(column: "recorded_by", as: String.self)
          $0.at = try row.decode(column: "recorded_at", as: String.self)
          $0.rpc = try row.decode(column: "recorded_rpc", as: String.self)
        }
      }
    }
  }
}
