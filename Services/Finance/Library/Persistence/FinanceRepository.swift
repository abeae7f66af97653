internal import DistrictSchema
internal import DistrictStore
internal import Foundation
internal import SQLKit

/// The SQL of the Finance service. Sums are computed by the database (`SUM … GROUP BY`, cast to
/// `BIGINT` because PostgreSQL sums `BIGINT` as `NUMERIC`).
enum FinanceRepository {
  static func sum(_ expression: String) -> String { "CAST(COALESCE(SUM(\(expression)), 0) AS BIGINT)" }

  // MARK: Sources

  static func upsert(_ source: FinanceV1.RevenueSource, in db: any SQLDatabase) async throws {
    try await db.raw(
      """
      INSERT INTO revenue_source (year, code, name_vi, name_en, counts_balanced, is_land_use_fee, is_lottery)
      VALUES (\(bind: Int64(source.year)), \(bind: source.code), \(bind: source.nameVi), \(bind: source.nameEn), \
      \(bind: source.countsTowardBalanced ? Int64(1) : 0), \(bind: source.isLandUseFee ? Int64(1) : 0), \
      \(bind: source.isLottery ? Int64(1) : 0))
      ON CONFLICT (year, code) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
        counts_balanced = excluded.counts_balanced, is_land_use_fee = excluded.is_land_use_fee,
        is_lottery = excluded.is_lottery
      """
    ).run()
  }

  static func sources(year: Int, in db: any SQLDatabase) async throws -> [FinanceV1.RevenueSource] {
    try await sources(where: "year = \(bind: Int64(year))", in: db)
  }

  /// The source `code` of `year`, if it is configured.
  static func source(year: Int, code: String, in db: any SQLDatabase) async throws -> FinanceV1.RevenueSource? {
    try await sources(where: "year = \(bind: Int64(year)) AND code = \(bind: code)", in: db).first
  }

  private static func sources(
    where condition: SQLQueryString, in db: any SQLDatabase
  ) async throws
    -> [FinanceV1.RevenueSource]
  {
    try await db.raw(
      """
      SELECT year, code, name_vi, name_en, counts_balanced, is_land_use_fee, is_lottery FROM revenue_source
      WHERE \(condition) ORDER BY code
      """
    ).all().map { row in
      try FinanceV1.RevenueSource().with {
        $0.year = Int32(try row.decode(column: "year", as: Int64.self))
        $0.code = try row.decode(column: "code", as: String.self)
        $0.nameVi = try row.decode(column: "name_vi", as: String.self)
        $0.nameEn = try row.decode(column: "name_en", as: String.self)
        $0.countsTowardBalanced = try row.decode(column: "counts_balanced", as: Int64.self) != 0
        $0.isLandUseFee = try row.decode(column: "is_land_use_fee", as: Int64.self) != 0
        $0.isLottery = try row.decode(column: "is_lottery", as: Int64.self) != 0
      }
    }
  }

  static func sourceExists(year: Int, code: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      "SELECT code FROM revenue_source WHERE year = \(bind: Int64(year)) AND code = \(bind: code)"
    ).first() != nil
  }

  // MARK: Estimates

  /// Records one version of an estimate: its amount as decided on `estimate.decidedOn`.
  static func upsert(_ estimate: FinanceV1.Estimate, in db: any SQLDatabase) async throws {
    try await db.raw(
      """
      INSERT INTO revenue_estimate (year, issuer, source_code, commune_id, decided_on, amount_vnd)
      VALUES (\(bind: Int64(estimate.year)), \(bind: Int64(estimate.issuer.rawValue)), \(bind: estimate.sourceCode), \
      \(bind: estimate.communeID), \(bind: estimate.decidedOn), \(bind: estimate.amount?.vnd ?? 0))
      ON CONFLICT (year, issuer, source_code, commune_id, decided_on) DO UPDATE SET amount_vnd = excluded.amount_vnd
      """
    ).run()
  }

  /// Every version of `year`'s estimates decided on or before `date`, oldest decision first.
  static func estimateVersions(
    year: Int, decidedBy date: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> [EstimateTable.Version]
  {
    try await db.raw(
      """
      SELECT issuer, source_code, commune_id, decided_on, amount_vnd FROM revenue_estimate
      WHERE year = \(bind: Int64(year)) AND decided_on <= \(bind: date.description) ORDER BY decided_on
      """
    ).all().map { row in
      EstimateTable.Version(
        row: EstimateTable.Row(
          issuer: FinanceV1.EstimateIssuer(rawValue: Int32(try row.decode(column: "issuer", as: Int64.self))),
          source: try row.decode(column: "source_code", as: String.self),
          commune: try row.decode(column: "commune_id", as: String.self),
          amount: try row.decode(column: "amount_vnd", as: Int64.self)),
        decidedOn: try row.decode(column: "decided_on", as: String.self))
    }
  }

  /// `year`'s estimates in force on `date`: for each slice, the version decided last by then.
  static func estimates(year: Int, inForceOn date: CalendarDate, in db: any SQLDatabase) async throws -> EstimateTable {
    EstimateTable(inForce: try await estimateVersions(year: year, decidedBy: date, in: db))
  }

  // MARK: Collections

  /// Inserts a collection; returns `false` when a row with its id, or another reversal of the
  /// same original, exists (a concurrent writer got there first).
  @discardableResult
  static func insert(_ collection: FinanceV1.Collection, year: Int, in db: any SQLDatabase) async throws -> Bool {
    let stamp = collection.recorded ?? CommonV1.AuditStamp()
    let reverses: String? = collection.reversesCollectionID.isEmpty ? nil : collection.reversesCollectionID
    return try await db.raw(
      """
      INSERT INTO collection (id, year, collected_on, source_code, commune_id, amount_vnd, reverses_id, note,
        recorded_by, recorded_at_ms, recorded_rpc)
      VALUES (\(bind: collection.id), \(bind: Int64(year)), \(bind: collection.collectedOn), \
      \(bind: collection.sourceCode), \(bind: collection.communeID), \(bind: collection.amount?.vnd ?? 0), \
      \(bind: reverses), \(bind: collection.note), \(bind: stamp.subject), \(bind: Timestamp.milliseconds(Date())), \
      \(bind: stamp.rpc))
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  /// A stored collection, its year, and whether a reversing entry exists for it.
  struct StoredCollection {
    var collection: FinanceV1.Collection
    var year: Int
    var isReversed: Bool
  }

  static func collection(id: String, in db: any SQLDatabase) async throws -> StoredCollection? {
    guard
      let row = try await db.raw(
        """
        SELECT c.id, c.year, c.collected_on, c.source_code, c.commune_id, c.amount_vnd, c.reverses_id, c.note,
          c.recorded_by, c.recorded_at_ms, c.recorded_rpc,
          (SELECT COUNT(*) FROM collection r WHERE r.reverses_id = c.id) AS reversals
        FROM collection c WHERE c.id = \(bind: id)
        """
      ).first()
    else { return nil }
    let collection = try FinanceV1.Collection().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.collectedOn = try row.decode(column: "collected_on", as: String.self)
      $0.sourceCode = try row.decode(column: "source_code", as: String.self)
      $0.communeID = try row.decode(column: "commune_id", as: String.self)
      $0.amount = try CommonV1.Money().with { $0.vnd = try row.decode(column: "amount_vnd", as: Int64.self) }
      $0.reversesCollectionID = try row.decode(column: "reverses_id", as: String?.self) ?? ""
      $0.note = try row.decode(column: "note", as: String.self)
      $0.recorded = try CommonV1.AuditStamp().with {
        $0.subject = try row.decode(column: "recorded_by", as: String.self)
        $0.at = Timestamp.iso8601(milliseconds: try row.decode(column: "recorded_at_ms", as: Int64.self))
        $0.rpc = try row.decode(column: "recorded_rpc", as: String.self)
      }
    }
    return StoredCollection(
      collection: collection, year: Int(try row.decode(column: "year", as: Int64.self)),
      isReversed: try row.decode(column: "reversals", as: Int64.self) > 0)
  }

  static func collectionExists(id: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw("SELECT id FROM collection WHERE id = \(bind: id)").first() != nil
  }

  /// Collected in `year` up to `cutoff`, by (source, commune).
  static func collected(
    year: Int, through cutoff: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> [(source: String, commune: String, amount: Int64)]
  {
    try await db.raw(
      """
      SELECT source_code, commune_id, \(unsafeRaw: sum("amount_vnd")) AS total FROM collection
      WHERE year = \(bind: Int64(year)) AND collected_on <= \(bind: cutoff.description)
      GROUP BY source_code, commune_id
      """
    ).all().map {
      (
        try $0.decode(column: "source_code", as: String.self), try $0.decode(column: "commune_id", as: String.self),
        try $0.decode(column: "total", as: Int64.self)
      )
    }
  }

  /// Balanced revenue (sources flagged for the year) collected in `year` up to `cutoff`, by commune.
  static func balancedCollected(
    year: Int, through cutoff: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> [String: Int64]
  {
    let rows = try await db.raw(
      """
      SELECT c.commune_id, \(unsafeRaw: sum("c.amount_vnd")) AS total FROM collection c
      JOIN revenue_source s ON s.year = c.year AND s.code = c.source_code
      WHERE c.year = \(bind: Int64(year)) AND c.collected_on <= \(bind: cutoff.description) AND s.counts_balanced = 1
      GROUP BY c.commune_id
      """
    ).all()
    var result: [String: Int64] = [:]
    for row in rows {
      result[try row.decode(column: "commune_id", as: String.self)] = try row.decode(column: "total", as: Int64.self)
    }
    return result
  }

  /// For each of `years`: collected up to the same month and day as `cutoff`, and in the whole
  /// year; all sources, or balanced revenue only.
  static func earlierYears(
    _ years: [Int], sameDayAs cutoff: CalendarDate, balancedOnly: Bool, in db: any SQLDatabase
  ) async throws -> [ExpectedShare.EarlierYear] {
    var result: [ExpectedShare.EarlierYear] = []
    for year in years {
      let day = cutoff.inYear(year).description
      let join =
        balancedOnly
        ? " JOIN revenue_source s ON s.year = c.year AND s.code = c.source_code AND s.counts_balanced = 1" : ""
      let row = try await db.raw(
        """
        SELECT \(unsafeRaw: sum("CASE WHEN c.collected_on <= '\(day)' THEN c.amount_vnd ELSE 0 END")) AS upto,
          \(unsafeRaw: sum("c.amount_vnd")) AS total
        FROM collection c\(unsafeRaw: join) WHERE c.year = \(bind: Int64(year))
        """
      ).first()
      guard let row else { continue }
      result.append(
        ExpectedShare.EarlierYear(
          year: year, upToSameDay: try row.decode(column: "upto", as: Int64.self),
          wholeYear: try row.decode(column: "total", as: Int64.self)))
    }
    return result
  }

  // MARK: Year-end estimates

  static func upsert(_ estimate: FinanceV1.YearEndEstimate, in db: any SQLDatabase) async throws {
    try await db.raw(
      """
      INSERT INTO year_end_estimate (year, estimated_on, amount_vnd, note)
      VALUES (\(bind: Int64(estimate.year)), \(bind: estimate.estimatedOn), \(bind: estimate.amount?.vnd ?? 0), \
      \(bind: estimate.note))
      ON CONFLICT (year, estimated_on) DO UPDATE SET amount_vnd = excluded.amount_vnd, note = excluded.note
      """
    ).run()
  }

  /// The latest year-end estimate of `year` made on or before `date`.
  static func latestYearEndEstimate(
    year: Int, onOrBefore date: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> FinanceV1.YearEndEstimate?
  {
    guard
      let row = try await db.raw(
        """
        SELECT year, estimated_on, amount_vnd, note FROM year_end_estimate
        WHERE year = \(bind: Int64(year)) AND estimated_on <= \(bind: date.description)
        ORDER BY estimated_on DESC LIMIT 1
        """
      ).first()
    else { return nil }
    return try FinanceV1.YearEndEstimate().with {
      $0.year = Int32(try row.decode(column: "year", as: Int64.self))
      $0.estimatedOn = try row.decode(column: "estimated_on", as: String.self)
      $0.amount = try CommonV1.Money().with { $0.vnd = try row.decode(column: "amount_vnd", as: Int64.self) }
      $0.note = try row.decode(column: "note", as: String.self)
    }
  }

  // MARK: Investment

  static func upsert(_ project: FinanceV1.Project, in db: any SQLDatabase) async throws {
    try await db.raw(
      """
      INSERT INTO project (id, name, year, capital_plan_vnd, basis, commune_id)
      VALUES (\(bind: project.id), \(bind: project.name), \(bind: Int64(project.year)), \
      \(bind: project.capitalPlan?.vnd ?? 0), \(bind: project.basis), \(bind: project.communeID))
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, year = excluded.year,
        capital_plan_vnd = excluded.capital_plan_vnd, basis = excluded.basis, commune_id = excluded.commune_id
      """
    ).run()
  }

  static func project(id: String, in db: any SQLDatabase) async throws -> FinanceV1.Project? {
    try await projects(where: "id = \(bind: id)", in: db).first
  }

  static func projects(year: Int, in db: any SQLDatabase) async throws -> [FinanceV1.Project] {
    try await projects(where: "year = \(bind: Int64(year))", in: db)
  }

  private static func projects(
    where condition: SQLQueryString, in db: any SQLDatabase
  ) async throws
    -> [FinanceV1.Project]
  {
    var sql: SQLQueryString = "SELECT id, name, year, capital_plan_vnd, basis, commune_id FROM project WHERE "
    sql += condition
    sql += " ORDER BY id"
    return try await db.raw(sql).all().map { row in
      try FinanceV1.Project().with {
        $0.id = try row.decode(column: "id", as: String.self)
        $0.name = try row.decode(column: "name", as: String.self)
        $0.year = Int32(try row.decode(column: "year", as: Int64.self))
        $0.capitalPlan = try CommonV1.Money().with {
          $0.vnd = try row.decode(column: "capital_plan_vnd", as: Int64.self)
        }
        $0.basis = try row.decode(column: "basis", as: String.self)
        $0.communeID = try row.decode(column: "commune_id", as: String.self)
      }
    }
  }

  static func upsert(_ allocation: FinanceV1.ProgrammeAllocation, in db: any SQLDatabase) async throws {
    try await db.raw(
      """
      INSERT INTO programme_allocation (year, programme, allocation_vnd, basis)
      VALUES (\(bind: Int64(allocation.year)), \(bind: Int64(allocation.programme.rawValue)), \
      \(bind: allocation.allocation?.vnd ?? 0), \(bind: allocation.basis))
      ON CONFLICT (year, programme) DO UPDATE SET allocation_vnd = excluded.allocation_vnd, basis = excluded.basis
      """
    ).run()
  }

  static func allocations(year: Int, in db: any SQLDatabase) async throws -> [FinanceV1.ProgrammeAllocation] {
    try await db.raw(
      """
      SELECT year, programme, allocation_vnd, basis FROM programme_allocation
      WHERE year = \(bind: Int64(year)) ORDER BY programme
      """
    ).all().map { row in
      try FinanceV1.ProgrammeAllocation().with {
        $0.year = Int32(try row.decode(column: "year", as: Int64.self))
        $0.programme = FinanceV1.NationalProgramme(rawValue: Int32(try row.decode(column: "programme", as: Int64.self)))
        $0.allocation = try CommonV1.Money().with { $0.vnd = try row.decode(column: "allocation_vnd", as: Int64.self) }
        $0.basis = try row.decode(column: "basis", as: String.self)
      }
    }
  }

  static func disbursementExists(id: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw("SELECT id FROM disbursement WHERE id = \(bind: id)").first() != nil
  }

  /// Inserts a disbursement; returns `false` when a row with its id exists.
  @discardableResult
  static func insert(_ disbursement: FinanceV1.Disbursement, in db: any SQLDatabase) async throws -> Bool {
    let stamp = disbursement.recorded ?? CommonV1.AuditStamp()
    return try await db.raw(
      """
      INSERT INTO disbursement (id, year, disbursed_on, project_id, programme, amount_vnd, note,
        recorded_by, recorded_at_ms, recorded_rpc)
      VALUES (\(bind: disbursement.id), \(bind: Int64(disbursement.year)), \(bind: disbursement.disbursedOn), \
      \(bind: disbursement.projectID), \(bind: Int64(disbursement.programme.rawValue)), \
      \(bind: disbursement.amount?.vnd ?? 0), \(bind: disbursement.note), \(bind: stamp.subject), \
      \(bind: Timestamp.milliseconds(Date())), \(bind: stamp.rpc))
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  /// Disbursed for `year`'s capital up to `date`, by project and by programme.
  static func disbursed(
    year: Int, through date: CalendarDate, in db: any SQLDatabase
  ) async throws
    -> (projects: [String: Int64], programmes: [Int32: Int64])
  {
    let rows = try await db.raw(
      """
      SELECT project_id, programme, \(unsafeRaw: sum("amount_vnd")) AS total FROM disbursement
      WHERE year = \(bind: Int64(year)) AND disbursed_on <= \(bind: date.description)
      GROUP BY project_id, programme
      """
    ).all()
    var projects: [String: Int64] = [:]
    var programmes: [Int32: Int64] = [:]
    for row in rows {
      let project = try row.decode(column: "project_id", as: String.self)
      let total = try row.decode(column: "total", as: Int64.self)
      if project.isEmpty {
        let programme = Int32(clamping: try row.decode(column: "programme", as: Int64.self))
        programmes[programme] = try Amounts.add(programmes[programme] ?? 0, total)
      } else {
        projects[project] = try Amounts.add(projects[project] ?? 0, total)
      }
    }
    return (projects, programmes)
  }
}
