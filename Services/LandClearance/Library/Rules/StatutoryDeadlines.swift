public import DistrictSchema

/// The statutory periods a case is measured against, and what makes a case a blocker
/// ("vướng mắc") on a date.
///
/// - Posting: the compensation plan is posted for 30 days (Art. 87.3); still PLAN_POSTED more
///   than 30 days after posting, the consultation is overdue.
/// - Decision: recovery is decided within 10 days of the plan's approval (Art. 87.5).
/// - Payment: compensation is paid within 30 days of the recovery decision (Art. 94); late
///   interest accrues after.
/// - Stuck: before hand-over and in the same state for more than 180 days.
/// - Under enforcement, or with an open complaint, whatever the state.
public enum StatutoryDeadlines {
  public static let postingDays: Int64 = 30
  public static let decisionDays: Int64 = 10
  public static let paymentDays: Int64 = 30
  public static let stuckDays: Int64 = 180
  /// First-level complaint resolution (Complaints Law 2011, Art. 28).
  public static let complaintDays: Int64 = 30

  public typealias Kind = LandClearanceV1.BlockerKind

  /// The statutory period of `state`, and the blocker passing it makes.
  public static func deadline(_ state: LandClearanceV1.CaseState) -> (days: Int64, kind: Kind)? {
    switch state {
    case .planPosted: (postingDays, .postingOverdue)
    case .planApproved: (decisionDays, .decisionOverdue)
    case .recoveryDecided: (paymentDays, .paymentOverdue)
    default: nil
    }
  }

  /// Whether a case in `state` for `age` days is a blocker by its state, and which.
  public static func stateBlocker(_ state: LandClearanceV1.CaseState, age: Int64) -> Kind? {
    if let deadline = deadline(state) { return age > deadline.days ? deadline.kind : nil }
    guard state.rawValue < LandClearanceV1.CaseState.handedOver.rawValue, age > stuckDays else { return nil }
    return .stuck
  }

  /// Whether `kind` is a statutory deadline passed.
  public static func isOverdue(_ kind: Kind) -> Bool {
    kind == .postingOverdue || kind == .decisionOverdue || kind == .paymentOverdue
  }

  /// The reason shown for a blocker.
  public static func reason(_ kind: Kind, state: LandClearanceV1.CaseState, age: Int64) -> String {
    switch kind {
    case .postingOverdue: "plan posted \(age) days ago (30-day posting) and not yet consulted"
    case .decisionOverdue: "plan approved \(age) days ago and no recovery decision (due within 10 days)"
    case .paymentOverdue: "recovery decided \(age) days ago and nothing paid or deposited (due within 30 days)"
    case .openComplaint: "complaint open for \(age) days"
    case .enforcement: "under enforcement for \(age) days"
    default: "in \(CaseTransitions.name(state)) for \(age) days"
    }
  }
}
