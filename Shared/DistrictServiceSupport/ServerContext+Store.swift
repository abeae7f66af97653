public import DistrictRPC
public import DistrictSchema
public import DistrictStore
public import Foundation
public import SQLKit

extension AuditStamp {
  /// The caller, method, trace id and idempotency key of the call `context` serves.
  public init(_ context: ServerContext) {
    self.init(
      subject: context.principal.subject, rpc: context.method, traceID: context.traceParent.traceID,
      idempotencyKey: context.idempotencyKey)
  }
}

extension CommonV1.AuditStamp {
  /// The stamp a service keeps on what it writes: the caller and method of the call `context`
  /// serves (as ``DistrictStore/AuditStamp/init(_:)``), at `milliseconds` since the epoch (now
  /// unless given) as ISO 8601 text.
  public init(_ context: ServerContext, atMilliseconds milliseconds: Int64 = Timestamp.milliseconds(Date())) {
    let stamp = AuditStamp(context)
    self.init()
    self.subject = stamp.subject
    self.at = Timestamp.iso8601(milliseconds: milliseconds)
    self.rpc = stamp.rpc
  }
}

extension IdempotencyStore {
  /// ``DistrictStore/IdempotencyStore/idempotent(key:method:request:subject:_:)`` with the key,
  /// method and subject of the call `context` serves.
  public func idempotent(
    context: ServerContext, request: [UInt8], _ write: (any SQLDatabase) async throws -> [UInt8]
  ) async throws -> [UInt8] {
    try await idempotent(
      key: context.idempotencyKey, method: context.method, request: request, subject: context.principal.subject,
      write)
  }
}

extension Store {
  /// ``DistrictStore/Store/auditedWrite(stamp:idempotencyKey:request:entity:entityID:_:)`` for
  /// the call `context` serves: its caller and method stamp the audit row, its idempotency key
  /// (if any) guards the write.
  ///
  /// ```swift
  /// try await store.auditedWrite(context, request: request, entity: "project", entityID: project.id) { db in
  ///   let before = try await Repository.project(id: project.id, in: db)
  ///   try await Repository.upsert(project, in: db)
  ///   return (project, before)
  /// }
  /// ```
  public func auditedWrite<Response: SchemaMessage>(
    _ context: ServerContext, request: some SchemaMessage, entity: String, entityID: String,
    _ body: (any SQLDatabase) async throws -> (response: Response, before: (any Encodable)?)
  ) async throws -> Response {
    try await auditedWrite(
      stamp: AuditStamp(context), idempotencyKey: context.idempotencyKey, request: request, entity: entity,
      entityID: entityID, body)
  }

  /// The same for a change of one commune's data: `body` also returns the commune (an org-unit
  /// id), which the audit row keeps so that the commune's officers can read it.
  public func auditedWrite<Response: SchemaMessage>(
    _ context: ServerContext, request: some SchemaMessage, entity: String, entityID: String,
    _ body: (any SQLDatabase) async throws -> (response: Response, before: (any Encodable)?, commune: String?)
  ) async throws -> Response {
    try await auditedWrite(
      stamp: AuditStamp(context), idempotencyKey: context.idempotencyKey, request: request, entity: entity,
      entityID: entityID, body)
  }
}
