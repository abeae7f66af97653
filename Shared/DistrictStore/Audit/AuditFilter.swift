public import Foundation

/// Which audit entries a reader asks for: every condition that is set must hold.
public struct AuditFilter: Sendable, Hashable {
  /// The kind of entity (`collection`, `payment`).
  public var entity: String?
  /// One entity of that kind.
  public var entityID: String?
  /// The caller who made the change.
  public var subject: String?
  /// The full method that made it.
  public var rpc: String?
  /// Made at or after this instant.
  public var since: Date?
  /// Made before this instant.
  public var until: Date?
  /// Only changes of this commune's data (a commune-scoped reader's bound).
  public var commune: String?

  public init(
    entity: String? = nil, entityID: String? = nil, subject: String? = nil, rpc: String? = nil, since: Date? = nil,
    until: Date? = nil, commune: String? = nil
  ) {
    self.entity = entity
    self.entityID = entityID
    self.subject = subject
    self.rpc = rpc
    self.since = since
    self.until = until
    self.commune = commune
  }
}
