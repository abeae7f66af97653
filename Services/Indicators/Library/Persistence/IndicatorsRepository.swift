internal import DistrictSchema
internal import DistrictStore
internal import SQLKit

/// The SQL of the service: reads and writes of resolutions, indicators and measurements, inside a
/// transaction the caller holds.
enum IndicatorsRepository {
  // MARK: Resolutions

  static func insert(_ r: IndicatorsV1.Resolution, atMs: Int64, in db: any SQLDatabase) async throws {
    let stamp = r.created ?? CommonV1.AuditStamp()
    try await db.raw(
      """
      INSERT INTO resolution (id, code, title_vi, title_en, issuing_body, issued_on, kind, period_from_year,
        period_to_year, org_unit_id, created_by, created_at_ms, created_rpc)
      VALUES (\(bind: r.id), \(bind: r.code), \(bind: r.titleVi), \(bind: r.titleEn), \(bind: r.issuingBody),
        \(bind: r.issuedOn), \(bind: Int64(r.kind.rawValue)), \(bind: Int64(r.periodFromYear)),
        \(bind: Int64(r.periodToYear)), \(bind: r.orgUnitID), \(bind: stamp.subject), \(bind: atMs), \(bind: stamp.rpc))
      """
    ).run()
  }

  static func resolution(id: String, in db: any SQLDatabase) async throws -> IndicatorsV1.Resolution? {
    try await db.raw("SELECT * FROM resolution WHERE id = \(bind: id)").first().map(resolution(from:))
  }

  static func resolutionExists(code: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw("SELECT id FROM resolution WHERE code = \(bind: code)").first() != nil
  }

  static func resolutions(year: Int32, in db: any SQLDatabase) async throws -> [IndicatorsV1.Resolution] {
    var sql: SQLQueryString = "SELECT * FROM resolution"
    if year != 0 {
      sql += " WHERE period_from_year <= \(bind: Int64(year)) AND period_to_year >= \(bind: Int64(year))"
    }
    sql += " ORDER BY issued_on, code"
    return try await db.raw(sql).all().map(resolution(from:))
  }

  private static func resolution(from row: any SQLRow) throws -> IndicatorsV1.Resolution {
    var r = IndicatorsV1.Resolution()
    r.id = try row.decode(column: "id", as: String.self)
    r.code = try row.decode(column: "code", as: String.self)
    r.titleVi = try row.decode(column: "title_vi", as: String.self)
    r.titleEn = try row.decode(column: "title_en", as: String.self)
    r.issuingBody = try row.decode(column: "issuing_body", as: String.self)
    r.issuedOn = try row.decode(column: "issued_on", as: String.self)
    r.kind = .init(rawValue: Int32(try row.decode(column: "kind", as: Int64.self)))
    r.periodFromYear = Int32(try row.decode(column: "period_from_year", as: Int64.self))
    r.periodToYear = Int32(try row.decode(column: "period_to_year", as: Int64.self))
    r.orgUnitID = try row.decode(column: "org_unit_id", as: String.self)
    r.created = try stamp(row, "created")
    return r
  }

  // MARK: Indicators

  static func upsert(_ i: IndicatorsV1.Indicator, isNew: Bool, atMs: Int64, in db: any SQLDatabase) async throws {
    let source: String =
      switch i.dataSource?.source {
      case .manual(let manual)?: manual ? "manual" : ""
      case .linkedFigure(let figure)?: "linked:" + figure
      case nil: ""
      }
    let stamp = i.updated ?? CommonV1.AuditStamp()
    if isNew {
      try await db.raw(
        """
        INSERT INTO indicator (id, resolution_id, code, name_vi, name_en, unit, direction, comparator, target_milli,
          target_high_milli, baseline_milli, category, org_unit_id, data_source, published_decimals,
          updated_by, updated_at_ms, updated_rpc)
        VALUES (\(bind: i.id), \(bind: i.resolutionID), \(bind: i.code), \(bind: i.nameVi), \(bind: i.nameEn),
          \(bind: i.unit), \(bind: Int64(i.direction.rawValue)), \(bind: Int64(i.comparator.rawValue)),
          \(bind: i.targetMilli), \(bind: i.targetHighMilli), \(bind: i.baselineMilli), \(bind: Int64(i.category.rawValue)),
          \(bind: i.orgUnitID), \(bind: source), \(bind: Int64(i.publishedDecimals)),
          \(bind: stamp.subject), \(bind: atMs), \(bind: stamp.rpc))
        """
      ).run()
    } else {
      try await db.raw(
        """
        UPDATE indicator SET code = \(bind: i.code), name_vi = \(bind: i.nameVi), name_en = \(bind: i.nameEn),
          unit = \(bind: i.unit), direction = \(bind: Int64(i.direction.rawValue)),
          comparator = \(bind: Int64(i.comparator.rawValue)), target_milli = \(bind: i.targetMilli),
          target_high_milli = \(bind: i.targetHighMilli), baseline_milli = \(bind: i.baselineMilli),
          category = \(bind: Int64(i.category.rawValue)), org_unit_id = \(bind: i.orgUnitID),
          data_source = \(bind: source), published_decimals = \(bind: Int64(i.publishedDecimals)),
          updated_by = \(bind: stamp.subject), updated_at_ms = \(bind: atMs), updated_rpc = \(bind: stamp.rpc)
        WHERE id = \(bind: i.id)
        """
      ).run()
    }
  }

  static func indicator(id: String, in db: any SQLDatabase) async throws -> IndicatorsV1.Indicator? {
    try await db.raw("SELECT * FROM indicator WHERE id = \(bind: id)").first().map(indicator(from:))
  }

  static func indicatorCodeTaken(
    resolutionID: String, code: String, exceptID: String, in db: any SQLDatabase
  ) async throws -> Bool {
    try await db.raw(
      "SELECT id FROM indicator WHERE resolution_id = \(bind: resolutionID) AND code = \(bind: code) AND id <> \(bind: exceptID)"
    ).first() != nil
  }

  static func indicators(
    resolutionID: String?, category: Int32, orgUnitID: String, in db: any SQLDatabase
  ) async throws -> [IndicatorsV1.Indicator] {
    var sql: SQLQueryString = "SELECT * FROM indicator WHERE 1 = 1"
    if let resolutionID, !resolutionID.isEmpty { sql += " AND resolution_id = \(bind: resolutionID)" }
    if category != 0 { sql += " AND category = \(bind: Int64(category))" }
    if !orgUnitID.isEmpty { sql += " AND org_unit_id = \(bind: orgUnitID)" }
    sql += " ORDER BY resolution_id, code, id"
    return try await db.raw(sql).all().map(indicator(from:))
  }

  private static func indicator(from row: any SQLRow) throws -> IndicatorsV1.Indicator {
    var i = IndicatorsV1.Indicator()
    i.id = try row.decode(column: "id", as: String.self)
    i.resolutionID = try row.decode(column: "resolution_id", as: String.self)
    i.code = try row.decode(column: "code", as: String.self)
    i.nameVi = try row.decode(column: "name_vi", as: String.self)
    i.nameEn = try row.decode(column: "name_en", as: String.self)
    i.unit = try row.decode(column: "unit", as: String.self)
    i.direction = .init(rawValue: Int32(try row.decode(column: "direction", as: Int64.self)))
    i.comparator = .init(rawValue: Int32(try row.decode(column: "comparator", as: Int64.self)))
    i.targetMilli = try row.decode(column: "target_milli", as: Int64.self)
    i.targetHighMilli = try row.decode(column: "target_high_milli", as: Int64.self)
    i.baselineMilli = try row.decode(column: "baseline_milli", as: Int64?.self)
    i.category = .init(rawValue: Int32(try row.decode(column: "category", as: Int64.self)))
    i.orgUnitID = try row.decode(column: "org_unit_id", as: String.self)
    let source = try row.decode(column: "data_source", as: String.self)
    if source == "manual" {
      i.dataSource = IndicatorsV1.DataSource().with { $0.source = .manual(true) }
    } else if source.hasPrefix("linked:") {
      i.dataSource = IndicatorsV1.DataSource().with { $0.source = .linkedFigure(String(source.dropFirst(7))) }
    }
    i.publishedDecimals = Int32(try row.decode(column: "published_decimals", as: Int64.self))
    i.updated = try stamp(row, "updated")
    return i
  }

  // MARK: Measurements

  static func insert(_ m: IndicatorsV1.Measurement, atMs: Int64, in db: any SQLDatabase) async throws {
    let stamp = m.recorded ?? CommonV1.AuditStamp()
    try await db.raw(
      """
      INSERT INTO measurement (id, indicator_id, as_of, as_of_precision, value_milli, qualifier, kind, note,
        recorded_by, recorded_at_ms, recorded_rpc)
      VALUES (\(bind: m.id), \(bind: m.indicatorID), \(bind: m.asOf), \(bind: Int64(m.asOfPrecision.rawValue)),
        \(bind: m.valueMilli), \(bind: Int64(m.qualifier.rawValue)), \(bind: Int64(m.kind.rawValue)), \(bind: m.note),
        \(bind: stamp.subject), \(bind: atMs), \(bind: stamp.rpc))
      """
    ).run()
  }

  static func measurementExists(id: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw("SELECT id FROM measurement WHERE id = \(bind: id)").first() != nil
  }

  /// The measurements of the given indicators (all when `nil`), in recording order.
  static func measurements(
    indicatorIDs: [String]?, in db: any SQLDatabase
  ) async throws -> [String: [IndicatorsV1.Measurement]] {
    var sql: SQLQueryString = "SELECT * FROM measurement"
    if let indicatorIDs {
      if indicatorIDs.isEmpty { return [:] }
      sql += " WHERE indicator_id IN ("
      for (index, id) in indicatorIDs.enumerated() {
        if index > 0 { sql += ", " }
        sql += "\(bind: id)"
      }
      sql += ")"
    }
    sql += " ORDER BY seq"
    var result: [String: [IndicatorsV1.Measurement]] = [:]
    for row in try await db.raw(sql).all() {
      var m = IndicatorsV1.Measurement()
      m.id = try row.decode(column: "id", as: String.self)
      m.indicatorID = try row.decode(column: "indicator_id", as: String.self)
      m.asOf = try row.decode(column: "as_of", as: String.self)
      m.asOfPrecision = .init(rawValue: Int32(try row.decode(column: "as_of_precision", as: Int64.self)))
      m.valueMilli = try row.decode(column: "value_milli", as: Int64.self)
      m.qualifier = .init(rawValue: Int32(try row.decode(column: "qualifier", as: Int64.self)))
      m.kind = .init(rawValue: Int32(try row.decode(column: "kind", as: Int64.self)))
      m.note = try row.decode(column: "note", as: String.self)
      m.recorded = try stamp(row, "recorded")
      result[m.indicatorID, default: []].append(m)
    }
    return result
  }

  // MARK: Stamps

  private static func stamp(_ row: any SQLRow, _ prefix: String) throws -> CommonV1.AuditStamp {
    var stamp = CommonV1.AuditStamp()
    stamp.subject = try row.decode(column: "\(prefix)_by", as: String.self)
    stamp.at = Timestamp.iso8601(milliseconds: try row.decode(column: "\(prefix)_at_ms", as: Int64.self))
    stamp.rpc = try row.decode(column: "\(prefix)_rpc", as: String.self)
    return stamp
  }
}
