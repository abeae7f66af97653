/// Where a unit stands in its approval, and the moves between the states (a pure state machine).
///
/// ```
/// OPEN ──submit──▶ SUBMITTED ──approve──▶ APPROVED ──reopen──▶ REOPENED
///                      ▲                                          │
///                      └──────────────────submit──────────────────┘
/// ```
/// Writes dated in the unit are refused only while it is APPROVED.
public enum ApprovalState: String, Sendable, Hashable, CaseIterable {
  case open
  case submitted
  case approved
  case reopened

  /// A move from one state to the next.
  public enum Transition: String, Sendable, Hashable, CaseIterable {
    case submit
    case approve
    case reopen
  }

  /// The state `transition` leads to from this one, or `nil` when it may not be made here.
  public func after(_ transition: Transition) -> ApprovalState? {
    switch (self, transition) {
    case (.open, .submit), (.reopened, .submit): .submitted
    case (.submitted, .approve): .approved
    case (.approved, .reopen): .reopened
    default: nil
    }
  }

  /// The transitions that may be made from this state.
  public var transitions: [Transition] { Transition.allCases.filter { after($0) != nil } }

  /// Whether writes dated in the unit are accepted.
  public var acceptsWrites: Bool { self != .approved }
}
