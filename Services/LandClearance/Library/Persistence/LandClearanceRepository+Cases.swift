internal import DistrictSchema
internal import DistrictStore
internal import SQLKit

extension LandClearanceRepository {
  /// A case as stored, with what the rules need beyond the message.
  struct StoredCase {
    var clearanceCase: LandClearanceV1.ClearanceCase
    var recoveryDecidedOn: String

    var state: LandClearanceV1.CaseState { clearanceCase.state }
  }

  static let caseColumns = """
    c.id, c.project_id, c.party_id, c.party_kind, c.commune_id, c.state, c.state_since, c.state_since_day,
    c.compulsory_inventory, c.enforcement_since, c.enforcement_day, c.open_complaints, c.approved_vnd, c.paid_vnd,
    c.recovered_m2, c.recovery_decided_on, c.handed_over_on
    """

  static func clearanceCase(_ row: any SQLRow) throws -> LandClearanceV1.ClearanceCase {
    try LandClearanceV1.ClearanceCase().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.projectID = try row.decode(column: "project_id", as: String.self)
      $0.partyID = try row.decode(column: "party_id", as: String.self)
      $0.partyKind = LandClearanceV1.PartyKind(rawValue: Int32(try row.decode(column: "party_kind", as: Int64.self)))
      $0.communeID = try row.decode(column: "commune_id", as: String.self)
      $0.state = LandClearanceV1.CaseState(rawValue: Int32(try row.decode(column: "state", as: Int64.self)))
      $0.stateSince = try row.decode(column: "state_since", as: String.self)
      $0.compulsoryInventory = try row.decode(column: "compulsory_inventory", as: Int64.self) != 0
      $0.enforcementSince = try row.decode(column: "enforcement_since", as: String.self)
      $0.openComplaints = Int32(try row.decode(column: "open_complaints", as: Int64.self))
      $0.approvedAmount = money(try row.decode(column: "approved_vnd", as: Int64.self))
      $0.paidAmount = money(try row.decode(column: "paid_vnd", as: Int64.self))
      $0.recoveredArea = area(try row.decode(column: "recovered_m2", as: Int64.self))
      $0.handedOverOn = try row.decode(column: "handed_over_on", as: String.self)
      $0.underEnforcement = !$0.enforcementSince.isEmpty && $0.handedOverOn.isEmpty
    }
  }

  static func storedCase(id: String, in db: any SQLDatabase) async throws -> StoredCase? {
    guard
      let row = try await db.raw("SELECT \(unsafeRaw: caseColumns) FROM clearance_case c WHERE c.id = \(bind: id)")
        .first()
    else { return nil }
    return StoredCase(
      clearanceCase: try clearanceCase(row),
      recoveryDecidedOn: try row.decode(column: "recovery_decided_on", as: String.self))
  }

  /// Inserts a new NOTIFIED case; `false` when its id, or a case of the party in the project, exists.
  static func insert(_ clearanceCase: LandClearanceV1.ClearanceCase, in db: any SQLDatabase) async throws -> Bool {
    let day = CalendarDate(clearanceCase.stateSince)?.dayNumber ?? 0
    return try await db.raw(
      """
      INSERT INTO clearance_case (id, project_id, party_id, party_kind, commune_id, state, state_since, state_since_day,
        compulsory_inventory, enforcement_since, enforcement_day, open_complaints, approved_vnd, paid_vnd, recovered_m2,
        recovery_decided_on, handed_over_on)
      VALUES (\(bind: clearanceCase.id), \(bind: clearanceCase.projectID), \(bind: clearanceCase.partyID), \
      \(bind: Int64(clearanceCase.partyKind.rawValue)), \(bind: clearanceCase.communeID), \
      \(bind: Int64(clearanceCase.state.rawValue)), \(bind: clearanceCase.stateSince), \(bind: day), 0, '', -1, 0, 0, 0, \
      \(bind: clearanceCase.recoveredArea?.squareMeters ?? 0), '', '')
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  /// Moves case `id` from `from` to `to` on `on`, and appends the step. `false` when the case is
  /// no longer in `from` (a concurrent writer moved it).
  static func move(
    caseID id: String, projectID: String, from: LandClearanceV1.CaseState, to step: LandClearanceV1.CaseStep,
    approvedAmount: Int64? = nil, in db: any SQLDatabase
  ) async throws -> Bool {
    let day = CalendarDate(step.on)?.dayNumber ?? 0
    var sql: SQLQueryString = "UPDATE clearance_case SET state = \(bind: Int64(step.state.rawValue)), "
    sql += "state_since = \(bind: step.on), state_since_day = \(bind: day)"
    switch step.state {
    case .inventoried: sql += ", compulsory_inventory = \(bind: step.compulsoryInventory ? Int64(1) : 0)"
    case .planApproved: sql += ", approved_vnd = \(bind: approvedAmount ?? 0)"
    case .recoveryDecided: sql += ", recovery_decided_on = \(bind: step.on)"
    case .handedOver: sql += ", handed_over_on = \(bind: step.on)"
    default: break
    }
    sql += " WHERE id = \(bind: id) AND state = \(bind: Int64(from.rawValue)) RETURNING id"
    guard try await db.raw(sql).first() != nil else { return false }
    try await appendStep(step, caseID: id, projectID: projectID, in: db)
    return true
  }

  /// The date case `caseID` was notified (its NOTIFIED step), if it exists.
  static func noticeDate(caseID: String, in db: any SQLDatabase) async throws -> CalendarDate? {
    let notified = Int64(LandClearanceV1.CaseState.notified.rawValue)
    return try await db.raw(
      "SELECT MIN(on_date) AS on_date FROM clearance_step WHERE case_id = \(bind: caseID) AND state = \(bind: notified)"
    ).first()?.decode(column: "on_date", as: String?.self).flatMap { CalendarDate($0) }
  }

  static func appendStep(
    _ step: LandClearanceV1.CaseStep, caseID: String, projectID: String, in db: any SQLDatabase
  )
    async throws
  {
    let stamp = step.recorded ?? CommonV1.AuditStamp()
    try await db.raw(
      """
      INSERT INTO clearance_step (case_id, project_id, state, on_date, note, compulsory, recorded_by, recorded_at, recorded_rpc)
      VALUES (\(bind: caseID), \(bind: projectID), \(bind: Int64(step.state.rawValue)), \(bind: step.on), \
      \(bind: step.note), \(bind: step.compulsoryInventory ? Int64(1) : 0), \(bind: stamp.subject), \(bind: stamp.at), \
      \(bind: stamp.rpc))
      """
    ).run()
  }

  static func steps(caseID: String, in db: any SQLDatabase) async throws -> [LandClearanceV1.CaseStep] {
    try await db.raw(
      """
      SELECT state, on_date, note, compulsory, recorded_by, recorded_at, recorded_rpc FROM clearance_step
      WHERE case_id = \(bind: caseID) ORDER BY seq
      """
    ).all().map { row in
      try LandClearanceV1.CaseStep().with {
        $0.state = LandClearanceV1.CaseState(rawValue: Int32(try row.decode(column: "state", as: Int64.self)))
        $0.on = try row.decode(column: "on_date", as: String.self)
        $0.note = try row.decode(column: "note", as: String.self)
        $0.compulsoryInventory = try row.decode(column: "compulsory", as: Int64.self) != 0
        $0.recorded = try CommonV1.AuditStamp().with {
          $0.subject = try row.decode(column: "recorded_by", as: String.self)
          $0.at = try row.decode(column: "recorded_at", as: String.self)
          $0.rpc = try row.decode(column: "recorded_rpc", as: String.self)
        }
      }
    }
  }

  /// Cases after `after` in id order, of a project and in a state (empty and UNSPECIFIED: all).
  static func cases(
    projectID: String, state: LandClearanceV1.CaseState, after: String, limit: Int, in db: any SQLDatabase
  ) async throws -> [LandClearanceV1.ClearanceCase] {
    try await db.raw(
      """
      SELECT \(unsafeRaw: caseColumns) FROM clearance_case c
      WHERE c.id > \(bind: after) AND (\(bind: projectID) = '' OR c.project_id = \(bind: projectID))
        AND (\(bind: Int64(state.rawValue)) = 0 OR c.state = \(bind: Int64(state.rawValue)))
      ORDER BY c.id LIMIT \(bind: Int64(limit))
      """
    ).all().map { try clearanceCase($0) }
  }

  /// Marks case `id` under enforcement since `date` (until its hand-over); `false` when
  /// enforcement was already decided.
  static func decideEnforcement(caseID id: String, on date: CalendarDate, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      """
      UPDATE clearance_case SET enforcement_since = \(bind: date.description), enforcement_day = \(bind: date.dayNumber)
      WHERE id = \(bind: id) AND enforcement_since = '' RETURNING id
      """
    ).first() != nil
  }

  // MARK: Complaints

  static func insert(_ complaint: LandClearanceV1.Complaint, in db: any SQLDatabase) async throws -> Bool {
    guard
      try await db.raw(
        """
        INSERT INTO clearance_complaint (id, case_id, kind, received_on, received_day, due_on, summary, resolved_on, outcome)
        VALUES (\(bind: complaint.id), \(bind: complaint.caseID), \(bind: Int64(complaint.kind.rawValue)), \
        \(bind: complaint.receivedOn), \(bind: CalendarDate(complaint.receivedOn)?.dayNumber ?? 0), \(bind: complaint.dueOn), \
        \(bind: complaint.summary), '', '')
        ON CONFLICT DO NOTHING RETURNING id
        """
      ).first() != nil
    else { return false }
    try await db.raw(
      "UPDATE clearance_case SET open_complaints = open_complaints + 1 WHERE id = \(bind: complaint.caseID)"
    ).run()
    return true
  }

  static let complaintColumns = "id, case_id, kind, received_on, due_on, summary, resolved_on, outcome"

  static func complaint(_ row: any SQLRow) throws -> LandClearanceV1.Complaint {
    try LandClearanceV1.Complaint().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.caseID = try row.decode(column: "case_id", as: String.self)
      $0.kind = LandClearanceV1.ComplaintKind(rawValue: Int32(try row.decode(column: "kind", as: Int64.self)))
      $0.receivedOn = try row.decode(column: "received_on", as: String.self)
      $0.dueOn = try row.decode(column: "due_on", as: String.self)
      $0.summary = try row.decode(column: "summary", as: String.self)
      $0.resolvedOn = try row.decode(column: "resolved_on", as: String.self)
      $0.outcome = try row.decode(column: "outcome", as: String.self)
    }
  }

  static func complaint(id: String, in db: any SQLDatabase) async throws -> LandClearanceV1.Complaint? {
    try await db.raw("SELECT \(unsafeRaw: complaintColumns) FROM clearance_complaint WHERE id = \(bind: id)").first()
      .map { try complaint($0) }
  }

  static func complaints(caseID: String, in db: any SQLDatabase) async throws -> [LandClearanceV1.Complaint] {
    try await db.raw(
      "SELECT \(unsafeRaw: complaintColumns) FROM clearance_complaint WHERE case_id = \(bind: caseID) ORDER BY received_on, id"
    ).all().map { try complaint($0) }
  }

  /// Resolves an open complaint; `false` when it is no longer open.
  static func resolve(_ complaint: LandClearanceV1.Complaint, in db: any SQLDatabase) async throws -> Bool {
    guard
      try await db.raw(
        """
        UPDATE clearance_complaint SET resolved_on = \(bind: complaint.resolvedOn), outcome = \(bind: complaint.outcome)
        WHERE id = \(bind: complaint.id) AND resolved_on = '' RETURNING id
        """
      ).first() != nil
    else { return false }
    try await db.raw(
      "UPDATE clearance_case SET open_complaints = open_complaints - 1 WHERE id = \(bind: complaint.caseID)"
    ).run()
    return true
  }

  // MARK: Plots

  static func insert(
    _ plot: LandClearanceV1.ResettlementPlot, projectID: String, in db: any SQLDatabase
  ) async throws
    -> Bool
  {
    try await db.raw(
      """
      INSERT INTO clearance_plot (id, site_project_id, plot_number, area_m2, case_id, project_id, allocated_on,
        certificate_number, certificate_on)
      VALUES (\(bind: plot.id), \(bind: plot.siteProjectID), \(bind: plot.plotNumber), \
      \(bind: plot.area?.squareMeters ?? 0), \(bind: plot.caseID), \(bind: projectID), \(bind: plot.allocatedOn), '', '')
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  static let plotColumns =
    "id, site_project_id, plot_number, area_m2, case_id, allocated_on, certificate_number, certificate_on"

  static func plot(_ row: any SQLRow) throws -> LandClearanceV1.ResettlementPlot {
    try LandClearanceV1.ResettlementPlot().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.siteProjectID = try row.decode(column: "site_project_id", as: String.self)
      $0.plotNumber = try row.decode(column: "plot_number", as: String.self)
      $0.area = area(try row.decode(column: "area_m2", as: Int64.self))
      $0.caseID = try row.decode(column: "case_id", as: String.self)
      $0.allocatedOn = try row.decode(column: "allocated_on", as: String.self)
      $0.certificateNumber = try row.decode(column: "certificate_number", as: String.self)
      $0.certificateOn = try row.decode(column: "certificate_on", as: String.self)
    }
  }

  static func plot(id: String, in db: any SQLDatabase) async throws -> LandClearanceV1.ResettlementPlot? {
    try await db.raw("SELECT \(unsafeRaw: plotColumns) FROM clearance_plot WHERE id = \(bind: id)").first()
      .map { try plot($0) }
  }

  /// Plots of the cases of `projectID` (empty: every project), by id.
  static func plots(
    projectID: String, caseID: String = "", in db: any SQLDatabase
  ) async throws
    -> [LandClearanceV1.ResettlementPlot]
  {
    try await db.raw(
      """
      SELECT \(unsafeRaw: plotColumns) FROM clearance_plot
      WHERE (\(bind: projectID) = '' OR project_id = \(bind: projectID)) AND (\(bind: caseID) = '' OR case_id = \(bind: caseID))
      ORDER BY id
      """
    ).all().map { try plot($0) }
  }

  /// Records the certificate of a plot; `false` when it already has one.
  /// The plot that holds certificate `number`, if one does.
  static func plotID(certificate number: String, in db: any SQLDatabase) async throws -> String? {
    try await db.raw("SELECT id FROM clearance_plot WHERE certificate_number = \(bind: number)").first()?
      .decode(column: "id", as: String.self)
  }

  static func certify(plotID: String, number: String, on date: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      """
      UPDATE clearance_plot SET certificate_number = \(bind: number), certificate_on = \(bind: date)
      WHERE id = \(bind: plotID) AND certificate_on = '' RETURNING id
      """
    ).first() != nil
  }
}
