public import Foundation
public import SQLKit

/// The append-only record of every change: who (the token's subject), when, which RPC, and
/// what changed (the entity before and after, as JSON).
///
/// A change and its audit row are written in the same transaction (pass the `db` the change
/// uses), so there is no change without its row and no row without its change. Rows are never
/// updated or deleted by the store.
public struct AuditLog: Sendable {
  let store: Store

  /// Records a change made in the transaction `db`.
  ///
  /// - Parameters:
  ///   - before: The entity before the change as JSON text, `nil` for a creation.
  ///   - after: The entity after the change as JSON text, `nil` for a deletion.
  ///   - at: When; the current time unless given.
  /// - Throws: ``StoreFailure/invalidValue(field:_:)`` when `before` or `after` is not JSON; the driver's error.
  public func record(
    in db: any SQLDatabase, subject: String, rpc: String, entity: String, entityID: String, action: AuditAction,
    before: String?, after: String?, at: Date = Date()
  ) async throws {
    for (field, json) in [("before", before), ("after", after)] {
      if let json, (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)) == nil {
        throw StoreFailure.invalidValue(field: field, "the audit record of \(entity) '\(entityID)' is not JSON")
      }
    }
    try await db.raw(
      """
      INSERT INTO audit_log (service, at_ms, subject, rpc, entity, entity_id, action, before_json, after_json)
      VALUES (\(bind: store.service), \(bind: Timestamp.milliseconds(at)), \(bind: subject), \(bind: rpc), \
      \(bind: entity), \(bind: entityID), \(bind: action.rawValue), \(bind: before), \(bind: after))
      """
    ).run()
  }

  /// Records a change made in the transaction `db` by the caller `stamp` names.
  public func record(
    in db: any SQLDatabase, stamp: AuditStamp, entity: String, entityID: String, action: AuditAction,
    before: String?, after: String?, at: Date = Date()
  ) async throws {
    try await record(
      in: db, subject: stamp.subject, rpc: stamp.rpc, entity: entity, entityID: entityID, action: action,
      before: before, after: after, at: at)
  }

  /// The changes of this service, oldest first, optionally only those of one kind of entity,
  /// of one entity, or made at or after `since`; at most `limit` (1…10,000) of them.
  public func query(
    entity: String? = nil, entityID: String? = nil, since: Date? = nil, limit: Int = 100
  ) async throws -> [AuditEntry] {
    try await store.read { db in try await query(in: db, entity: entity, entityID: entityID, since: since, limit: limit)
    }
  }

  /// ``query(entity:entityID:since:limit:)`` inside a transaction of the caller's.
  public func query(
    in db: any SQLDatabase, entity: String? = nil, entityID: String? = nil, since: Date? = nil, limit: Int = 100
  ) async throws -> [AuditEntry] {
    var sql: SQLQueryString = """
      SELECT id, service, at_ms, subject, rpc, entity, entity_id, action, before_json, after_json
      FROM audit_log WHERE service = \(bind: store.service)
      """
    if let entity { sql += " AND entity = \(bind: entity)" }
    if let entityID { sql += " AND entity_id = \(bind: entityID)" }
    if let since { sql += " AND at_ms >= \(bind: Timestamp.milliseconds(since))" }
    sql += " ORDER BY id LIMIT \(literal: min(max(limit, 1), 10_000))"
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
        after: try row.decode(column: "after_json", as: String?.self))
    }
  }

  /// `value` as JSON text with sorted keys, for ``record(in:stamp:entity:entityID:action:before:after:at:)``.
  public static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
