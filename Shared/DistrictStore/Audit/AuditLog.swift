public import Foundation
public import SQLKit

/// The append-only record of every change: who (the token's subject), when, which RPC, and
/// what changed (the entity before and after, as JSON).
///
/// A change and its audit row are written in the same transaction (pass the `db` the change
/// uses), so there is no change without its row and no row without its change. Rows are never
/// updated or deleted: the database refuses it (the triggers of the store's migration 5).
public struct AuditLog: Sendable {
  let store: Store

  /// Records a change made in the transaction `db` by the caller `stamp` names.
  ///
  /// - Parameters:
  ///   - before: The entity before the change as JSON text, `nil` for a creation.
  ///   - after: The entity after the change as JSON text, `nil` for a deletion.
  ///   - commune: The commune whose data changed; `nil` for district-wide data.
  ///   - at: When; the current time unless given.
  /// - Throws: ``StoreFailure/invalidValue(field:_:)`` when `before` or `after` is not JSON; the driver's error.
  public func record(
    in db: any SQLDatabase, stamp: AuditStamp, entity: String, entityID: String, action: AuditAction,
    before: String?, after: String?, commune: String? = nil, at: Date = Date()
  ) async throws {
    for (field, json) in [("before", before), ("after", after)] {
      if let json, (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)) == nil {
        throw StoreFailure.invalidValue(field: field, "the audit record of \(entity) '\(entityID)' is not JSON")
      }
    }
    try await db.raw(
      """
      INSERT INTO audit_log (service, at_ms, subject, rpc, entity, entity_id, action, before_json, after_json, \
      trace_id, idempotency_key, commune_id)
      VALUES (\(bind: store.service), \(bind: Timestamp.milliseconds(at)), \(bind: stamp.subject), \(bind: stamp.rpc), \
      \(bind: entity), \(bind: entityID), \(bind: action.rawValue), \(bind: before), \(bind: after), \
      \(bind: stamp.traceID), \(bind: stamp.idempotencyKey), \(bind: commune))
      """
    ).run()
  }

  /// Records a change made in the transaction `db` by `subject` through `rpc`, outside a call.
  public func record(
    in db: any SQLDatabase, subject: String, rpc: String, entity: String, entityID: String, action: AuditAction,
    before: String?, after: String?, at: Date = Date()
  ) async throws {
    try await record(
      in: db, stamp: AuditStamp(subject: subject, rpc: rpc), entity: entity, entityID: entityID, action: action,
      before: before, after: after, at: at)
  }

  /// The changes of this service, oldest first, optionally only those of one kind of entity,
  /// of one entity, or made at or after `since`; at most `limit` (1…10,000) of them.
  public func query(
    entity: String? = nil, entityID: String? = nil, since: Date? = nil, limit: Int = 100
  ) async throws -> [AuditEntry] {
    try await store.read { db in
      try await entries(
        in: db, AuditFilter(entity: entity, entityID: entityID, since: since), newestFirst: false, after: nil,
        limit: limit)
    }
  }

  /// A page of this service's changes that match `filter`, newest first: those recorded before
  /// the entry `beforeID` (the last of the previous page; `nil` for the first page), at most
  /// `limit` (1…10,000) of them.
  public func newestFirst(_ filter: AuditFilter, beforeID: Int64? = nil, limit: Int) async throws -> [AuditEntry] {
    try await store.read { db in
      try await entries(in: db, filter, newestFirst: true, after: beforeID, limit: limit)
    }
  }

  private func entries(
    in db: any SQLDatabase, _ filter: AuditFilter, newestFirst: Bool, after cursor: Int64?, limit: Int
  ) async throws -> [AuditEntry] {
    var sql: SQLQueryString = """
      SELECT id, service, at_ms, subject, rpc, entity, entity_id, action, before_json, after_json, trace_id, \
      idempotency_key, commune_id
      FROM audit_log WHERE service = \(bind: store.service)
      """
    if let entity = filter.entity { sql += " AND entity = \(bind: entity)" }
    if let entityID = filter.entityID { sql += " AND entity_id = \(bind: entityID)" }
    if let subject = filter.subject { sql += " AND subject = \(bind: subject)" }
    if let rpc = filter.rpc { sql += " AND rpc = \(bind: rpc)" }
    if let since = filter.since { sql += " AND at_ms >= \(bind: Timestamp.milliseconds(since))" }
    if let until = filter.until { sql += " AND at_ms < \(bind: Timestamp.milliseconds(until))" }
    if let commune = filter.commune { sql += " AND commune_id = \(bind: commune)" }
    if let cursor { sql += newestFirst ? " AND id < \(bind: cursor)" : " AND id > \(bind: cursor)" }
    sql += newestFirst ? " ORDER BY id DESC" : " ORDER BY id"
    sql += " LIMIT \(literal: min(max(limit, 1), 10_000))"
    return try await db.raw(sql).all().map { row in
      AuditEntry(
        id: try row.decode(column: "id", as: Int64.self),
        service: try row.decode(column: "service", as: String.self),
        at: Timestamp.date(milliseconds: try row.decode(column: "at_ms", as: Int64.self)),
        subject: try row.decode(column: "subject", as: String.self),
        rpc: try row.decode(column: "rpc", as: String.self),
        entity: try row.decode(column: "entity", as: String.self),
        entityID: try row.decode(column: "entity_id", as: String.self),
        action: AuditAction(rawValue: try row.decode(column: "action", as: String.self)),
        before: try row.decode(column: "before_json", as: String?.self),
        after: try row.decode(column: "after_json", as: String?.self),
        traceID: try row.decode(column: "trace_id", as: String?.self),
        idempotencyKey: try row.decode(column: "idempotency_key", as: String?.self),
        commune: try row.decode(column: "commune_id", as: String?.self))
    }
  }

  /// `value` as JSON text with sorted keys, for ``record(in:stamp:entity:entityID:action:before:after:at:)``.
  public static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
