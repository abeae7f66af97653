public import DistrictRPC
public import DistrictSchema
public import SQLKit

extension Store {
  /// Runs a service's write in one transaction with its audit row, under the caller's
  /// idempotency key (if any), and returns the response.
  ///
  /// `body` makes the change in `db` and returns the response and, for a change of an existing
  /// entity, that entity as it was (`nil` for a new one). The audit row names the caller and
  /// method of `context`, `entity` and `entityID`, the action `update` with the old state as
  /// `before` (or `create` without one), and the response as `after` (JSON, ``AuditLog/json(_:)``).
  /// A retry with the same key returns the stored response without running `body`, and a
  /// different request with that key is refused (``IdempotencyStore``).
  ///
  /// ```swift
  /// try await store.auditedWrite(context, request: request, entity: "project", entityID: project.id) { db in
  ///   let before = try await Repository.project(id: project.id, in: db)
  ///   try await Repository.upsert(project, in: db)
  ///   return (project, before)
  /// }
  /// ```
  ///
  /// - Throws: what ``IdempotencyStore/idempotent(context:request:_:)`` and `body` throw.
  public func auditedWrite<Response: SchemaMessage>(
    _ context: ServerContext, request: some SchemaMessage, entity: String, entityID: String,
    _ body: (any SQLDatabase) async throws -> (response: Response, before: (any Encodable)?)
  ) async throws -> Response {
    let bytes = try await idempotency.idempotent(context: context, request: try request.serializedBytes()) { db in
      let (response, previous) = try await body(db)
      let before = try previous.map { try AuditLog.json($0) }
      try await audit.record(
        in: db, stamp: AuditStamp(context), entity: entity, entityID: entityID,
        action: before == nil ? .create : .update, before: before, after: try AuditLog.json(response))
      return try response.serializedBytes()
    }
    return try Response(serializedBytes: bytes)
  }
}
