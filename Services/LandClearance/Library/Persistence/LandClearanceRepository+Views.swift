internal import DistrictSchema
internal import DistrictStore
internal import SQLKit

/// The aggregates of the views, each one SQL statement over the indexes (no rows loaded).
extension LandClearanceRepository {
  /// Paid cases as of a date (``PaidDefinition``): the net of each case's payments up to it.
  static func paidCases(through date: CalendarDate, projectID: String?) -> SQLQueryString {
    var sql: SQLQueryString = "SELECT case_id, SUM(amount_vnd) AS net FROM clearance_payment WHERE "
    if let projectID { sql += "project_id = \(bind: projectID) AND " }
    sql += "deposited = 0 AND paid_on <= \(bind: date.description) GROUP BY case_id HAVING SUM(amount_vnd) > 0"
    return sql
  }

  struct Totals {
    var households: Int64
    var individuals: Int64
    var organisations: Int64
    var area: Int64
    var amount: Int64
  }

  /// Parties paid by kind, their recovered area and the net paid, as of `date`.
  static func totals(through date: CalendarDate, in db: any SQLDatabase) async throws -> Totals {
    var sql: SQLQueryString = """
      SELECT \(unsafeRaw: PartyCounts.columns(of: "c")),
        \(unsafeRaw: sum("c.recovered_m2")) AS area, \(unsafeRaw: sum("p.net")) AS amount
      FROM (
      """
    sql += paidCases(through: date, projectID: nil)
    sql += ") p JOIN clearance_case c ON c.id = p.case_id"
    let row = try await db.raw(sql).first()
    let parties = try PartyCounts(row)
    return Totals(
      households: parties.households, individuals: parties.individuals, organisations: parties.organisations,
      area: try row?.decode(column: "area", as: Int64.self) ?? 0,
      amount: try row?.decode(column: "amount", as: Int64.self) ?? 0)
  }

  /// Parties counted by kind.
  struct PartyCounts {
    var households: Int64 = 0
    var individuals: Int64 = 0
    var organisations: Int64 = 0

    var total: Int64 { households + individuals + organisations }

    /// The columns `households`, `individuals` and `organisations` of `row`; none: zeros.
    init(_ row: (any SQLRow)?) throws {
      guard let row else { return }
      households = try row.decode(column: "households", as: Int64?.self) ?? 0
      individuals = try row.decode(column: "individuals", as: Int64?.self) ?? 0
      organisations = try row.decode(column: "organisations", as: Int64?.self) ?? 0
    }

    /// SQL for those three columns over the cases `alias`: each party once, by its kind.
    static func columns(of alias: String) -> String {
      """
      COUNT(DISTINCT CASE WHEN \(alias).party_kind = 1 THEN \(alias).party_id END) AS households,
        COUNT(DISTINCT CASE WHEN \(alias).party_kind = 2 THEN \(alias).party_id END) AS individuals,
        COUNT(DISTINCT CASE WHEN \(alias).party_kind = 3 THEN \(alias).party_id END) AS organisations
      """
    }
  }

  struct Progress {
    var casesByState: [LandClearanceV1.CaseState: Int64]
    var handedOver: Int64
    var approved: Int64
    var paid: Int64
    /// The parties paid, each once (a party has one kind).
    var partiesPaid: PartyCounts
    /// The parties with a case opened by the date.
    var partiesAffected: PartyCounts
  }

  /// A project's cases per state as of `date` (each case's last step on or before it), area
  /// handed over, approved amount, and paid as of `date`.
  static func progress(projectID: String, through date: CalendarDate, in db: any SQLDatabase) async throws -> Progress {
    let day = date.description
    let states = try await db.raw(
      """
      SELECT s.state, COUNT(*) AS cases FROM (
        SELECT case_id, MAX(seq) AS seq FROM clearance_step
        WHERE project_id = \(bind: projectID) AND on_date <= \(bind: day) GROUP BY case_id
      ) l JOIN clearance_step s ON s.seq = l.seq GROUP BY s.state
      """
    ).all()
    var byState: [LandClearanceV1.CaseState: Int64] = [:]
    for row in states {
      byState[LandClearanceV1.CaseState(rawValue: Int32(try row.decode(column: "state", as: Int64.self)))] =
        try row.decode(column: "cases", as: Int64.self)
    }
    let approvedThen = approvedAmount(of: "c", on: date)
    let cases = try await db.raw(
      """
      SELECT \(unsafeRaw: sum("CASE WHEN c.handed_over_on <> '' AND c.handed_over_on <= '\(day)' THEN c.recovered_m2 ELSE 0 END"))
          AS handed_over, \(unsafeRaw: sum(approvedThen)) AS approved
      FROM clearance_case c WHERE c.project_id = \(bind: projectID)
      """
    ).first()
    var paidSQL: SQLQueryString =
      "SELECT \(unsafeRaw: PartyCounts.columns(of: "c")), \(unsafeRaw: sum("p.net")) AS paid FROM ("
    paidSQL += paidCases(through: date, projectID: projectID)
    paidSQL += ") p JOIN clearance_case c ON c.id = p.case_id"
    let paid = try await db.raw(paidSQL).first()
    // A case exists on a date from its first step (NOTIFIED) on or before it.
    let affected = try await db.raw(
      """
      SELECT \(unsafeRaw: PartyCounts.columns(of: "c")) FROM clearance_case c
      WHERE c.project_id = \(bind: projectID) AND EXISTS (SELECT 1 FROM clearance_step s
        WHERE s.case_id = c.id AND s.on_date <= \(bind: day))
      """
    ).first()
    return Progress(
      casesByState: byState,
      handedOver: try cases?.decode(column: "handed_over", as: Int64.self) ?? 0,
      approved: try cases?.decode(column: "approved", as: Int64.self) ?? 0,
      paid: try paid?.decode(column: "paid", as: Int64.self) ?? 0,
      partiesPaid: try PartyCounts(paid),
      partiesAffected: try PartyCounts(affected))
  }

  /// SQL for the amount approved for case `alias` on `date`: nothing before the plan's approval
  /// (its PLAN_APPROVED step); then the last amendment decided by then, or, before any, the
  /// plan's own amount (the first amendment's previous amount, or the case's amount when it was
  /// never amended). `date` is a validated date, so it is written into the SQL as it is.
  static func approvedAmount(of alias: String, on date: CalendarDate) -> String {
    let day = date.description
    let planApproved = LandClearanceV1.CaseState.planApproved.rawValue
    return """
      CASE WHEN NOT EXISTS (SELECT 1 FROM clearance_step s WHERE s.case_id = \(alias).id AND s.state = \(planApproved)
          AND s.on_date <= '\(day)') THEN 0
        ELSE COALESCE(
          (SELECT a.approved_vnd FROM clearance_amendment a WHERE a.case_id = \(alias).id AND a.decided_on <= '\(day)'
            ORDER BY a.decided_on DESC, a.recorded_at DESC LIMIT 1),
          (SELECT a.previous_vnd FROM clearance_amendment a WHERE a.case_id = \(alias).id ORDER BY a.recorded_at LIMIT 1),
          \(alias).approved_vnd)
      END
      """
  }

  /// SQL for the net paid to case `alias` by `date`: every payment and reversal dated on or
  /// before it, deposits included (as the case's `paid_amount` counts them).
  static func paidAmount(of alias: String, on date: CalendarDate) -> String {
    """
    (SELECT \(sum("m.amount_vnd")) FROM clearance_payment m
      WHERE m.case_id = \(alias).id AND m.paid_on <= '\(date.description)')
    """
  }

  /// A case that may be a blocker on `date`, as it was then, with what the reasons need.
  struct BlockerCandidate {
    /// The case, with the state it was in on the date and the date it entered it.
    var clearanceCase: LandClearanceV1.ClearanceCase
    var stateSinceDay: Int64
    /// The enforcement decision's day, when the case was under enforcement on the date.
    var enforcementDay: Int64?
    /// The receipt of the oldest complaint open on the date.
    var oldestComplaintDay: Int64?
    var projectName: String
    var partyName: String
  }

  /// Cases of `projectID` (empty: all) that, on `date`, were under enforcement, had an open
  /// complaint, or had been before hand-over in their state (their last step on or before the
  /// date) longer than the shortest blocking period.
  static func blockerCandidates(
    projectID: String, on date: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> [BlockerCandidate]
  {
    let text = date.description
    let shortest = min(StatutoryDeadlines.decisionDays, StatutoryDeadlines.postingDays, StatutoryDeadlines.paymentDays)
    var complaint: SQLQueryString = " FROM clearance_complaint k WHERE k.case_id = c.id"
    complaint +=
      " AND k.received_day <= \(bind: date.dayNumber) AND (k.resolved_on = '' OR k.resolved_on > \(bind: text))"
    var sql: SQLQueryString = """
      SELECT \(unsafeRaw: caseColumns), s.state AS state_then, s.on_date AS since_then, p.name AS project_name,
        a.name AS party_name, \(unsafeRaw: approvedAmount(of: "c", on: date)) AS approved_then,
        \(unsafeRaw: paidAmount(of: "c", on: date)) AS paid_then, (SELECT COUNT(*)
      """
    sql += complaint
    sql += ") AS complaints_then, (SELECT MIN(k.received_day)"
    sql += complaint
    sql += """
      ) AS complaint_day
      FROM (SELECT case_id, MAX(seq) AS seq FROM clearance_step
        WHERE on_date <= \(bind: text) AND (\(bind: projectID) = '' OR project_id = \(bind: projectID)) GROUP BY case_id) l
      JOIN clearance_step s ON s.seq = l.seq JOIN clearance_case c ON c.id = l.case_id
      JOIN clearance_project p ON p.id = c.project_id JOIN clearance_party a ON a.id = c.party_id
      WHERE (s.state < \(bind: Int64(LandClearanceV1.CaseState.handedOver.rawValue))
          AND s.on_date < \(bind: date.adding(days: -shortest).description))
        OR (c.enforcement_day >= 0 AND c.enforcement_day <= \(bind: date.dayNumber)
          AND (c.handed_over_on = '' OR c.handed_over_on > \(bind: text)))
        OR EXISTS (SELECT 1
      """
    sql += complaint
    sql += ")"
    return try await db.raw(sql).all().map { row in
      // The case as it was on the date: its state then, and what had been decided, received and
      // handed over by then — never what came later.
      var clearanceCase = try clearanceCase(row)
      clearanceCase.state = LandClearanceV1.CaseState(
        rawValue: Int32(try row.decode(column: "state_then", as: Int64.self)))
      clearanceCase.stateSince = try row.decode(column: "since_then", as: String.self)
      clearanceCase.openComplaints = Int32(clamping: try row.decode(column: "complaints_then", as: Int64.self))
      let approved = try row.decode(column: "approved_then", as: Int64.self)
      let paid = try row.decode(column: "paid_then", as: Int64.self)
      clearanceCase.approvedAmount = CommonV1.Money().with { $0.vnd = approved }
      clearanceCase.paidAmount = CommonV1.Money().with { $0.vnd = paid }
      if let handedOver = CalendarDate(clearanceCase.handedOverOn), handedOver > date {
        clearanceCase.handedOverOn = ""
      }
      let decided = try row.decode(column: "enforcement_day", as: Int64.self)
      if decided > date.dayNumber { clearanceCase.enforcementSince = "" }
      clearanceCase.underEnforcement = !clearanceCase.enforcementSince.isEmpty && clearanceCase.handedOverOn.isEmpty
      return BlockerCandidate(
        clearanceCase: clearanceCase,
        stateSinceDay: CalendarDate(clearanceCase.stateSince)?.dayNumber ?? date.dayNumber,
        enforcementDay: decided >= 0 && clearanceCase.underEnforcement ? decided : nil,
        oldestComplaintDay: try row.decode(column: "complaint_day", as: Int64?.self),
        projectName: try row.decode(column: "project_name", as: String.self),
        partyName: try row.decode(column: "party_name", as: String.self))
    }
  }

  struct Resettlement {
    var committed: Int64
    var allocated: Int64
    var certified: Int64
  }

  /// Plots committed by `projectID`'s project (empty: every project), and those allocated to its
  /// cases and certified on or before `date`.
  static func resettlement(
    projectID: String, through date: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> Resettlement
  {
    let committed =
      try await db.raw(
        """
        SELECT \(unsafeRaw: sum("committed_plots")) AS committed FROM clearance_project
        WHERE \(bind: projectID) = '' OR id = \(bind: projectID)
        """
      ).first()?.decode(column: "committed", as: Int64.self) ?? 0
    let day = date.description
    let row = try await db.raw(
      """
      SELECT COUNT(*) AS allocated,
        \(unsafeRaw: sum("CASE WHEN certificate_on <> '' AND certificate_on <= '\(day)' THEN 1 ELSE 0 END")) AS certified
      FROM clearance_plot WHERE (\(bind: projectID) = '' OR project_id = \(bind: projectID)) AND allocated_on <= \(bind: day)
      """
    ).first()
    return Resettlement(
      committed: committed, allocated: try row?.decode(column: "allocated", as: Int64.self) ?? 0,
      certified: try row?.decode(column: "certified", as: Int64.self) ?? 0)
  }
}
