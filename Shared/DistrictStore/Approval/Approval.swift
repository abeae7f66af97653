public import Foundation

/// A unit's approval: its state and its last transition.
public struct Approval: Sendable, Hashable, Encodable {
  public var unit: ApprovalUnit
  public var state: ApprovalState
  /// Who made the last transition, when and through which method; `nil` for a unit never submitted.
  public var changedBy: String?
  public var changedAt: Date?
  public var changedByMethod: String?
  /// The reason given with the last reopening.
  public var reason: String?

  public init(
    unit: ApprovalUnit, state: ApprovalState, changedBy: String? = nil, changedAt: Date? = nil,
    changedByMethod: String? = nil, reason: String? = nil
  ) {
    self.unit = unit
    self.state = state
    self.changedBy = changedBy
    self.changedAt = changedAt
    self.changedByMethod = changedByMethod
    self.reason = reason
  }
}

extension ApprovalState: Encodable {}
