public import Foundation

/// One recorded change.
public struct AuditEntry: Sendable, Hashable {
  /// Increases with every change recorded in the database: the order of the log.
  public var id: Int64
  /// The service that made the change.
  public var service: String
  /// When, to the millisecond.
  public var at: Date
  /// Who: the token's subject.
  public var subject: String
  /// Which RPC made it.
  public var rpc: String
  /// What kind of thing changed (`payment`, `admin_unit`) and which one.
  public var entity: String
  public var entityID: String
  public var action: AuditAction
  /// The entity before and after the change, as JSON text; `nil` before a creation and after a
  /// deletion.
  public var before: String?
  public var after: String?
  /// The call's trace id and idempotency key (``AuditStamp``), when it had them.
  public var traceID: String?
  public var idempotencyKey: String?
  /// The commune whose data changed (an org-unit id); `nil` for district-wide data (projects,
  /// estimates, resolutions) and rows written before communes were recorded.
  public var commune: String?

  public init(
    id: Int64, service: String, at: Date, subject: String, rpc: String, entity: String, entityID: String,
    action: AuditAction, before: String?, after: String?, traceID: String? = nil, idempotencyKey: String? = nil,
    commune: String? = nil
  ) {
    self.id = id
    self.service = service
    self.at = at
    self.subject = subject
    self.rpc = rpc
    self.entity = entity
    self.entityID = entityID
    self.action = action
    self.before = before
    self.after = after
    self.traceID = traceID
    self.idempotencyKey = idempotencyKey
    self.commune = commune
  }
}
