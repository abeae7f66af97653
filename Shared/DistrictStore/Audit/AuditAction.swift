/// What a change did to an entity. The common ones are named; a service may add its own
/// (`"approve"`, `"reopen"`) as string literals.
public struct AuditAction: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
  public var rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public var description: String { rawValue }

  /// The entity came to be.
  public static let create: AuditAction = "create"
  /// The entity changed.
  public static let update: AuditAction = "update"
  /// The entity was removed.
  public static let delete: AuditAction = "delete"
}
