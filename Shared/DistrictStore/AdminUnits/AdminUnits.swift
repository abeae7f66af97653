public import DistrictGeography
internal import DistrictSchema
internal import Foundation
public import SQLKit

/// The shared, valid-dated table of administrative units (`admin_unit`), their parentage
/// (`admin_parentage`) and successions (`admin_succession`).
///
/// Facts stay on the unit valid at their date; the tree is asked for as of a date
/// (``hierarchy(asOf:)``), and a fact of a unit that no longer exists is re-mapped to the units
/// of a later date through ``successors(of:asOf:since:)``. Vietnam's 2025 reform (districts
/// removed, Long An merged into Tây Ninh, Cần Giuộc's communes merged into five) is data here:
/// see ``seedReferenceGeography(stamp:)``.
///
/// Writes take the caller's transaction and an ``AuditStamp``, and record their audit rows in it.
/// Refusals are ``StoreFailure``s.
public struct AdminUnits: Sendable {
  let store: Store

  // MARK: Writes

  /// Adds a unit.
  ///
  /// - Throws: `.invalidValue` for an empty id or name, a malformed date or `validTo` before
  ///   `validFrom`; `.alreadyExists` when the id is taken.
  public func add(_ unit: AdminUnit, in db: any SQLDatabase, stamp: AuditStamp) async throws {
    guard !unit.id.isEmpty else { throw StoreFailure.invalidValue(field: "id", "must not be empty") }
    guard !unit.nameVi.isEmpty else { throw StoreFailure.invalidValue(field: "name_vi", "must not be empty") }
    guard !unit.kind.rawValue.isEmpty else { throw StoreFailure.invalidValue(field: "kind", "must not be empty") }
    try Self.validatePeriod(from: unit.validFrom, to: unit.validTo)
    if try await self.unit(id: unit.id, in: db) != nil {
      throw StoreFailure.alreadyExists("administrative unit '\(unit.id)' already exists", details: ["id": unit.id])
    }
    try await db.raw(
      """
      INSERT INTO admin_unit (id, official_code, name_vi, name_en, kind, valid_from, valid_to, legal_basis)
      VALUES (\(bind: unit.id), \(bind: unit.officialCode), \(bind: unit.nameVi), \(bind: unit.nameEn), \
      \(bind: unit.kind.rawValue), \(bind: unit.validFrom), \(bind: unit.validTo), \(bind: unit.legalBasis))
      """
    ).run()
    try await store.audit.record(
      in: db, stamp: stamp, entity: "admin_unit", entityID: unit.id, action: .create, before: nil,
      after: AuditLog.json(unit))
  }

  /// Records that `child` lay within `parent` from `validFrom` to `validTo` (inclusive; `nil`
  /// ends are open).
  ///
  /// - Throws: `.notFound` for an unknown unit; `.invalidValue` for malformed dates or a unit
  ///   made its own parent; `.conflictingState` when the child already has a parent on one of
  ///   those days.
  public func setParent(
    child: String, parent: String, validFrom: String?, validTo: String?, in db: any SQLDatabase, stamp: AuditStamp
  ) async throws {
    try Self.validatePeriod(from: validFrom, to: validTo)
    guard child != parent else {
      throw StoreFailure.invalidValue(field: "parent_id", "a unit cannot be its own parent")
    }
    try await requireUnit(child, in: db)
    try await requireUnit(parent, in: db)
    let parentage = AdminParentage(childID: child, parentID: parent, validFrom: validFrom, validTo: validTo)
    let existing = try await db.raw(
      "SELECT child_id, parent_id, valid_from, valid_to FROM admin_parentage WHERE child_id = \(bind: child)"
    ).all().map(Self.parentage)
    if let clash = existing.first(where: { $0.overlaps(parentage) }) {
      throw StoreFailure.conflictingState(
        """
        '\(child)' already lies within '\(clash.parentID)' from \(clash.validFrom ?? "the beginning") to \
        \(clash.validTo ?? "now"); end that parentage before giving it another parent
        """)
    }
    try await db.raw(
      """
      INSERT INTO admin_parentage (child_id, parent_id, valid_from, valid_to)
      VALUES (\(bind: child), \(bind: parent), \(bind: validFrom), \(bind: validTo))
      """
    ).run()
    try await store.audit.record(
      in: db, stamp: stamp, entity: "admin_parentage", entityID: "\(child)<\(parent)@\(validFrom ?? "-")",
      action: .create, before: nil, after: AuditLog.json(parentage))
  }

  /// Records a succession.
  ///
  /// - Throws: `.notFound` for an unknown unit; `.invalidValue` for a malformed date, shares
  ///   outside 0…10,000 or a unit succeeding itself; `.alreadyExists` for the same arrow twice.
  public func recordSuccession(_ succession: AdminSuccession, in db: any SQLDatabase, stamp: AuditStamp) async throws {
    _ = try Self.date(succession.effectiveOn, field: "effective_on")
    guard succession.predecessorID != succession.successorID else {
      throw StoreFailure.invalidValue(field: "successor_id", "a unit cannot succeed itself")
    }
    let shares = [("area_share_bp", succession.areaShareBP), ("population_share_bp", succession.populationShareBP)]
    for (field, share) in shares {
      guard (0...10_000).contains(share) else {
        throw StoreFailure.invalidValue(field: field, "\(share) is outside 0…10000 basis points")
      }
    }
    try await requireUnit(succession.predecessorID, in: db)
    try await requireUnit(succession.successorID, in: db)
    let duplicate = try await db.raw(
      """
      SELECT kind FROM admin_succession WHERE predecessor_id = \(bind: succession.predecessorID)
      AND successor_id = \(bind: succession.successorID) AND effective_on = \(bind: succession.effectiveOn)
      """
    ).first()
    if duplicate != nil {
      throw StoreFailure.alreadyExists(
        """
        the succession of '\(succession.predecessorID)' by '\(succession.successorID)' on \
        \(succession.effectiveOn) is already recorded
        """)
    }
    try await db.raw(
      """
      INSERT INTO admin_succession
        (predecessor_id, successor_id, effective_on, kind, area_share_bp, population_share_bp, legal_basis)
      VALUES (\(bind: succession.predecessorID), \(bind: succession.successorID), \(bind: succession.effectiveOn), \
      \(bind: succession.kind.rawValue), \(bind: succession.areaShareBP), \(bind: succession.populationShareBP), \
      \(bind: succession.legalBasis))
      """
    ).run()
    try await store.audit.record(
      in: db, stamp: stamp, entity: "admin_succession",
      entityID: "\(succession.predecessorID)>\(succession.successorID)@\(succession.effectiveOn)", action: .create,
      before: nil, after: AuditLog.json(succession))
  }

  // MARK: Reads

  /// The unit with `id`, whatever its dates; `nil` when there is none.
  public func unit(id: String) async throws -> AdminUnit? {
    try await store.read { db in try await unit(id: id, in: db) }
  }

  /// ``unit(id:)`` inside a transaction of the caller's.
  public func unit(id: String, in db: any SQLDatabase) async throws -> AdminUnit? {
    try await db.raw("SELECT \(unsafeRaw: Self.unitColumns("u")) FROM admin_unit u WHERE u.id = \(bind: id)")
      .first().map(Self.unit)
  }

  /// Every unit valid on `date` (`YYYY-MM-DD`) with its parent on that date, ordered by id.
  public func hierarchy(asOf date: String) async throws -> [AdminHierarchyEntry] {
    _ = try Self.date(date, field: "as_of")
    return try await store.read { db in
      try await db.raw(
        """
        SELECT \(unsafeRaw: Self.unitColumns("u")), p.parent_id AS parent_id
        FROM admin_unit u LEFT JOIN admin_parentage p ON p.child_id = u.id AND \(Self.valid("p", on: date))
        WHERE \(Self.valid("u", on: date))
        ORDER BY u.id
        """
      ).all().map { row in
        AdminHierarchyEntry(unit: try Self.unit(row), parentID: try row.decode(column: "parent_id", as: String?.self))
      }
    }
  }

  /// The units valid on `date` that lay within `id` on that date, ordered by id.
  public func children(of id: String, asOf date: String) async throws -> [AdminUnit] {
    _ = try Self.date(date, field: "as_of")
    return try await store.read { db in
      try await db.raw(
        """
        SELECT \(unsafeRaw: Self.unitColumns("u"))
        FROM admin_parentage p JOIN admin_unit u ON u.id = p.child_id
        WHERE p.parent_id = \(bind: id) AND \(Self.valid("p", on: date)) AND \(Self.valid("u", on: date))
        ORDER BY u.id
        """
      ).all().map(Self.unit)
    }
  }

  /// The unit `id` lay within on `date`; `nil` for a root or a unit not valid then.
  public func parent(of id: String, asOf date: String) async throws -> AdminUnit? {
    _ = try Self.date(date, field: "as_of")
    return try await store.read { db in
      try await db.raw(
        """
        SELECT \(unsafeRaw: Self.unitColumns("u"))
        FROM admin_parentage p JOIN admin_unit u ON u.id = p.parent_id
        WHERE p.child_id = \(bind: id) AND \(Self.valid("p", on: date))
        """
      ).first().map(Self.unit)
    }
  }

  /// Where the territory of unit `id` lies on `date`: the units valid then that hold it, each
  /// with its share of the original's area and population (basis points, multiplied along
  /// chains of successions and summed when two chains meet).
  ///
  /// - A unit valid on `date` holds itself (less the shares it handed over by partial transfers).
  /// - A unit ended on or before `date` leads to its successors through the successions effective
  ///   by then, transitively.
  /// - `since` (`YYYY-MM-DD`) restricts the successions to those effective after it: pass the
  ///   date of the fact being re-mapped, so a transfer that happened before the fact is not
  ///   applied to it.
  /// - A unit that ended without a recorded succession (a district removed in 2025) has no
  ///   successors: re-map its facts through its communes (``children(of:asOf:)`` on its last day).
  public func successors(of id: String, asOf date: String, since: String? = nil) async throws -> [AdminSuccessor] {
    _ = try Self.date(date, field: "as_of")
    if let since { _ = try Self.date(since, field: "since") }
    return try await store.read { db in
      var found: [String: AdminSuccessor] = [:]
      try await resolve(
        id, date: date, since: since, area: 10_000, population: 10_000, approximate: false, depth: 0, in: db,
        into: &found)
      return found.values.sorted { $0.unit.id < $1.unit.id }
    }
  }

  private func resolve(
    _ id: String, date: String, since: String?, area: Int64, population: Int64, approximate: Bool, depth: Int,
    in db: any SQLDatabase, into found: inout [String: AdminSuccessor]
  ) async throws {
    guard depth < 64, let unit = try await unit(id: id, in: db) else { return }
    var sql: SQLQueryString = """
      SELECT predecessor_id, successor_id, effective_on, kind, area_share_bp, population_share_bp, legal_basis
      FROM admin_succession WHERE predecessor_id = \(bind: id) AND effective_on <= \(bind: date)
      """
    if let since { sql += " AND effective_on > \(bind: since)" }
    sql += " ORDER BY effective_on, successor_id"
    let successions = try await db.raw(sql).all().map(Self.succession)
    var followed = successions
    if unit.isValid(on: date) {
      followed = successions.filter { $0.kind == .partialTransfer }
      let keptArea = max(0, 10_000 - followed.reduce(0) { $0 + $1.areaShareBP })
      let keptPopulation = max(0, 10_000 - followed.reduce(0) { $0 + $1.populationShareBP })
      Self.add(
        AdminSuccessor(
          unit: unit, areaShareBP: area * keptArea / 10_000, populationShareBP: population * keptPopulation / 10_000,
          approximate: approximate || !followed.isEmpty),
        to: &found)
    }
    for succession in followed {
      try await resolve(
        succession.successorID, date: date, since: succession.effectiveOn,
        area: area * succession.areaShareBP / 10_000, population: population * succession.populationShareBP / 10_000,
        approximate: approximate || succession.kind == .split || succession.kind == .partialTransfer,
        depth: depth + 1, in: db, into: &found)
    }
  }

  private static func add(_ successor: AdminSuccessor, to found: inout [String: AdminSuccessor]) {
    if var existing = found[successor.unit.id] {
      existing.areaShareBP += successor.areaShareBP
      existing.populationShareBP += successor.populationShareBP
      existing.approximate = existing.approximate || successor.approximate
      found[successor.unit.id] = existing
    } else {
      found[successor.unit.id] = successor
    }
  }

  // MARK: Helpers

  /// The date `text` names, or ``StoreFailure/invalidValue(field:_:)`` naming `field` unless it
  /// is a real date written `YYYY-MM-DD`.
  static func date(_ text: String, field: String) throws(StoreFailure) -> CalendarDate {
    guard let date = CalendarDate(text) else {
      throw StoreFailure.invalidValue(field: field, CalendarDate.notADate(text))
    }
    return date
  }

  private func requireUnit(_ id: String, in db: any SQLDatabase) async throws {
    if try await unit(id: id, in: db) == nil {
      throw StoreFailure.notFound("administrative unit", id: id)
    }
  }

  static func validatePeriod(from: String?, to: String?) throws(StoreFailure) {
    if let from { _ = try Self.date(from, field: "valid_from") }
    if let to { _ = try Self.date(to, field: "valid_to") }
    if let from, let to, to < from {
      throw StoreFailure.invalidValue(field: "valid_to", "\(to) is before valid_from \(from)")
    }
  }

  /// `alias`'s period contains `date`: both ends inclusive, `NULL` ends open.
  private static func valid(_ alias: String, on date: String) -> SQLQueryString {
    """
    (\(unsafeRaw: alias).valid_from IS NULL OR \(unsafeRaw: alias).valid_from <= \(bind: date)) \
    AND (\(unsafeRaw: alias).valid_to IS NULL OR \(unsafeRaw: alias).valid_to >= \(bind: date))
    """
  }

  private static func unitColumns(_ alias: String) -> String {
    ["id", "official_code", "name_vi", "name_en", "kind", "valid_from", "valid_to", "legal_basis"]
      .map { "\(alias).\($0) AS \($0)" }.joined(separator: ", ")
  }

  private static func unit(_ row: any SQLRow) throws -> AdminUnit {
    AdminUnit(
      id: try row.decode(column: "id", as: String.self),
      officialCode: try row.decode(column: "official_code", as: String?.self),
      nameVi: try row.decode(column: "name_vi", as: String.self),
      nameEn: try row.decode(column: "name_en", as: String?.self),
      kind: AdminUnitKind(rawValue: try row.decode(column: "kind", as: String.self)),
      validFrom: try row.decode(column: "valid_from", as: String?.self),
      validTo: try row.decode(column: "valid_to", as: String?.self),
      legalBasis: try row.decode(column: "legal_basis", as: String?.self))
  }

  private static func parentage(_ row: any SQLRow) throws -> AdminParentage {
    AdminParentage(
      childID: try row.decode(column: "child_id", as: String.self),
      parentID: try row.decode(column: "parent_id", as: String.self),
      validFrom: try row.decode(column: "valid_from", as: String?.self),
      validTo: try row.decode(column: "valid_to", as: String?.self))
  }

  private static func succession(_ row: any SQLRow) throws -> AdminSuccession {
    let kind = try row.decode(column: "kind", as: String.self)
    guard let kind = SuccessionKind(rawValue: kind) else {
      throw StoreFailure.corrupt("admin_succession holds an unknown kind '\(kind)'")
    }
    return AdminSuccession(
      predecessorID: try row.decode(column: "predecessor_id", as: String.self),
      successorID: try row.decode(column: "successor_id", as: String.self),
      effectiveOn: try row.decode(column: "effective_on", as: String.self),
      kind: kind,
      areaShareBP: try row.decode(column: "area_share_bp", as: Int64.self),
      populationShareBP: try row.decode(column: "population_share_bp", as: Int64.self),
      legalBasis: try row.decode(column: "legal_basis", as: String?.self))
  }
}
