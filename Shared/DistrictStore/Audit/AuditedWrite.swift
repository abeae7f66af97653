public import DistrictSchema
public import SQLKit

extension Store {
  /// Runs a service's write in one transaction with its audit row, under the caller's
  /// idempotency key (if any), and returns the response.
  ///
  /// A service passes the call's stamp and key with DistrictServiceSupport's
  /// `auditedWrite(_:request:entity:entityID:_:)`, which takes them from the call's context.
  ///
  /// `body` makes the change in `db` and returns the response and, for a change of an existing
  /// entity, that entity as it was (`nil` for a new one). The audit row names the caller and
  /// method of `stamp`, `entity` and `entityID`, the action `update` with the old state as
  /// `before` (or `create` without one), and the response as `after` (JSON, ``AuditLog/json(_:)``).
  /// A retry with the same key returns the stored response without running `body`, and a
  /// different request with that key is refused (``IdempotencyStore``).
  ///
  /// ```swift
  /// try await store.auditedWrite(
  ///   stamp: stamp, idempotencyKey: key, request: request, entity: "project", entityID: project.id
  /// ) { db in
  ///   let before = try await Repository.project(id: project.id, in: db)
  ///   try await Repository.upsert(project, in: db)
  ///   return (project, before)
  /// }
  /// ```
  ///
  /// - Throws: what ``IdempotencyStore/idempotent(key:method:request:subject:_:)`` and `body` throw.
  public func auditedWrite<Response: SchemaMessage>(
    stamp: AuditStamp, idempotencyKey: String?, request: some SchemaMessage, entity: String, entityID: String,
    _ body: (any SQLDatabase) async throws -> (response: Response, before: (any Encodable)?)
  ) async throws -> Response {
    try await auditedWrite(
      stamp: stamp, idempotencyKey: idempotencyKey, request: request, entity: entity, entityID: entityID
    ) { db in
      let (response, before) = try await body(db)
      return (response, before, nil)
    }
  }

  /// ``auditedWrite(stamp:idempotencyKey:request:entity:entityID:_:)`` for a change of one
  /// commune's data: `body` also returns the commune (an org-unit id), which the audit row keeps so
  /// that a commune's officers may read the entries of their commune and no other's.
  public func auditedWrite<Response: SchemaMessage>(
    stamp: AuditStamp, idempotencyKey: String?, request: some SchemaMessage, entity: String, entityID: String,
    _ body: (any SQLDatabase) async throws -> (response: Response, before: (any Encodable)?, commune: String?)
  ) async throws -> Response {
    let bytes = try await idempotency.idempotent(
      key: idempotencyKey, method: stamp.rpc, request: try request.serializedBytes(), subject: stamp.subject
    ) { db in
      let (response, previous, commune) = try await body(db)
      let before = try previous.map { try AuditLog.json($0) }
      try await audit.record(
        in: db, stamp: stamp, entity: entity, entityID: entityID,
        action: before == nil ? .create : .update, before: before, after: try AuditLog.json(response),
        commune: commune.flatMap { $0.isEmpty ? nil : $0 })
      return try response.serializedBytes()
    }
    return try Response(serializedBytes: bytes)
  }
}
