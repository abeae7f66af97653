internal import DistrictSchema
internal import DistrictStore
internal import SQLKit

/// The SQL of the Land Clearance service: projects, parties and parcels. Cases, payments and
/// the views are in the extensions. Sums are computed by the database, cast to `BIGINT` because
/// PostgreSQL sums `BIGINT` as `NUMERIC`.
enum LandClearanceRepository {
  static func sum(_ expression: String) -> String { "CAST(COALESCE(SUM(\(expression)), 0) AS BIGINT)" }

  static func money(_ vnd: Int64) -> CommonV1.Money { CommonV1.Money().with { $0.vnd = vnd } }
  static func area(_ squareMeters: Int64) -> CommonV1.Area { CommonV1.Area().with { $0.squareMeters = squareMeters } }

  // MARK: Projects

  /// Inserts a project; `false` when its id exists.
  static func insert(_ project: LandClearanceV1.Project, in db: any SQLDatabase) async throws -> Bool {
    let stamp = project.created ?? CommonV1.AuditStamp()
    return try await db.raw(
      """
      INSERT INTO clearance_project (id, name, kind, key_project, commune_ids, area_to_clear_m2, deadline, budget_vnd,
        committed_plots, created_by, created_at, created_rpc, land_use_plan_on)
      VALUES (\(bind: project.id), \(bind: project.name), \(bind: Int64(project.kind.rawValue)), \
      \(bind: project.keyProject ? Int64(1) : 0), \(bind: project.communeIDs.joined(separator: ",")), \
      \(bind: project.areaToClear?.squareMeters ?? 0), \(bind: project.deadline), \
      \(bind: project.compensationBudget?.vnd ?? 0), \(bind: Int64(project.committedPlots)), \(bind: stamp.subject), \
      \(bind: stamp.at), \(bind: stamp.rpc), \(bind: project.landUsePlanOn))
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  static let projectColumns =
    """
    id, name, kind, key_project, commune_ids, area_to_clear_m2, deadline, budget_vnd, committed_plots, created_by, \
    created_at, created_rpc, land_use_plan_on
    """

  static func project(id: String, in db: any SQLDatabase) async throws -> LandClearanceV1.Project? {
    try await db.raw("SELECT \(unsafeRaw: projectColumns) FROM clearance_project WHERE id = \(bind: id)").first()
      .map { try project($0) }
  }

  /// Projects after `after` in id order, at most `limit`.
  static func projects(
    keyOnly: Bool, after: String, limit: Int, in db: any SQLDatabase
  ) async throws
    -> [LandClearanceV1.Project]
  {
    try await db.raw(
      """
      SELECT \(unsafeRaw: projectColumns) FROM clearance_project
      WHERE id > \(bind: after) AND (\(bind: keyOnly ? Int64(0) : 1) = 1 OR key_project = 1)
      ORDER BY id LIMIT \(bind: Int64(limit))
      """
    ).all().map { try project($0) }
  }

  static func project(_ row: any SQLRow) throws -> LandClearanceV1.Project {
    try LandClearanceV1.Project().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.name = try row.decode(column: "name", as: String.self)
      $0.kind = LandClearanceV1.ProjectKind(rawValue: Int32(try row.decode(column: "kind", as: Int64.self)))
      $0.keyProject = try row.decode(column: "key_project", as: Int64.self) != 0
      $0.communeIDs = try row.decode(column: "commune_ids", as: String.self).split(separator: ",").map(String.init)
      $0.areaToClear = area(try row.decode(column: "area_to_clear_m2", as: Int64.self))
      $0.deadline = try row.decode(column: "deadline", as: String.self)
      $0.compensationBudget = money(try row.decode(column: "budget_vnd", as: Int64.self))
      $0.committedPlots = Int32(try row.decode(column: "committed_plots", as: Int64.self))
      $0.landUsePlanOn = try row.decode(column: "land_use_plan_on", as: String.self)
      $0.created = try CommonV1.AuditStamp().with {
        $0.subject = try row.decode(column: "created_by", as: String.self)
        $0.at = try row.decode(column: "created_at", as: String.self)
        $0.rpc = try row.decode(column: "created_rpc", as: String.self)
      }
    }
  }

  // MARK: Parties and parcels

  /// Inserts a party without its parcels; `false` when its id exists.
  static func insert(_ party: LandClearanceV1.AffectedParty, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      """
      INSERT INTO clearance_party (id, kind, name, commune_id)
      VALUES (\(bind: party.id), \(bind: Int64(party.kind.rawValue)), \(bind: party.name), \(bind: party.communeID))
      ON CONFLICT DO NOTHING RETURNING id
      """
    ).first() != nil
  }

  /// Inserts a parcel of `partyID`; `false` when the party already has it in its project.
  static func insert(_ parcel: LandClearanceV1.Parcel, partyID: String, in db: any SQLDatabase) async throws -> Bool {
    try await db.raw(
      """
      INSERT INTO clearance_parcel (party_id, project_id, reference, land_type, area_m2, recovered_m2)
      VALUES (\(bind: partyID), \(bind: parcel.projectID), \(bind: parcel.reference), \(bind: parcel.landType), \
      \(bind: parcel.area?.squareMeters ?? 0), \(bind: parcel.recoveredArea?.squareMeters ?? 0))
      ON CONFLICT DO NOTHING RETURNING reference
      """
    ).first() != nil
  }

  /// The party `id` with its parcels.
  static func party(id: String, in db: any SQLDatabase) async throws -> LandClearanceV1.AffectedParty? {
    guard
      let row = try await db.raw("SELECT id, kind, name, commune_id FROM clearance_party WHERE id = \(bind: id)")
        .first()
    else { return nil }
    let parcels = try await db.raw(
      """
      SELECT project_id, reference, land_type, area_m2, recovered_m2 FROM clearance_parcel
      WHERE party_id = \(bind: id) ORDER BY project_id, reference
      """
    ).all().map { row in
      try LandClearanceV1.Parcel().with {
        $0.projectID = try row.decode(column: "project_id", as: String.self)
        $0.reference = try row.decode(column: "reference", as: String.self)
        $0.landType = try row.decode(column: "land_type", as: String.self)
        $0.area = area(try row.decode(column: "area_m2", as: Int64.self))
        $0.recoveredArea = area(try row.decode(column: "recovered_m2", as: Int64.self))
      }
    }
    return try LandClearanceV1.AffectedParty().with {
      $0.id = try row.decode(column: "id", as: String.self)
      $0.kind = LandClearanceV1.PartyKind(rawValue: Int32(try row.decode(column: "kind", as: Int64.self)))
      $0.name = try row.decode(column: "name", as: String.self)
      $0.communeID = try row.decode(column: "commune_id", as: String.self)
      $0.parcels = parcels
    }
  }

  /// The recovered area of `partyID`'s parcels in `projectID`.
  static func recoveredArea(partyID: String, projectID: String, in db: any SQLDatabase) async throws -> Int64 {
    try await db.raw(
      """
      SELECT \(unsafeRaw: sum("recovered_m2")) AS area FROM clearance_parcel
      WHERE party_id = \(bind: partyID) AND project_id = \(bind: projectID)
      """
    ).first()?.decode(column: "area", as: Int64.self) ?? 0
  }

  /// Brings the recovered area of the party's case in `projectID` (if any) up to date.
  static func refreshRecoveredArea(partyID: String, projectID: String, in db: any SQLDatabase) async throws {
    let area = try await recoveredArea(partyID: partyID, projectID: projectID, in: db)
    try await db.raw(
      """
      UPDATE clearance_case SET recovered_m2 = \(bind: area)
      WHERE party_id = \(bind: partyID) AND project_id = \(bind: projectID)
      """
    ).run()
  }
}
