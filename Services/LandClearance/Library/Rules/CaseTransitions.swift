public import DistrictSchema

/// The steps of a clearance case under the 2024 Land Law (31/2024/QH15, Art. 85–94), in order:
///
/// NOTIFIED → INVENTORIED (or compulsory inventory) → PLAN_POSTED → CONSULTED → PLAN_APPROVED →
/// RECOVERY_DECIDED → PAID or DEPOSITED → HANDED_OVER → PLOT_ALLOCATED → CERTIFICATE_ISSUED →
/// CLOSED; a case without resettlement closes from HANDED_OVER.
///
/// Some steps are taken by the write that makes them true, not by `AdvanceCase`: PAID and
/// DEPOSITED by the first payment or deposit (`RecordPayment`), PLOT_ALLOCATED by `AllocatePlot`,
/// CERTIFICATE_ISSUED by `IssueCertificate`. Enforcement and complaints are alongside, not steps.
public enum CaseTransitions {
  public typealias State = LandClearanceV1.CaseState

  /// Who takes a step.
  public enum Taker: Sendable, Equatable {
    case advanceCase
    case recordPayment
    case allocatePlot
    case issueCertificate
  }

  /// The states that may follow `state`, with the RPC that takes each step.
  public static func next(_ state: State) -> [(state: State, taker: Taker)] {
    switch state {
    case .notified: [(.inventoried, .advanceCase)]
    case .inventoried: [(.planPosted, .advanceCase)]
    case .planPosted: [(.consulted, .advanceCase)]
    case .consulted: [(.planApproved, .advanceCase)]
    case .planApproved: [(.recoveryDecided, .advanceCase)]
    case .recoveryDecided: [(.paid, .recordPayment), (.deposited, .recordPayment)]
    case .paid: [(.handedOver, .advanceCase)]
    case .deposited: [(.handedOver, .advanceCase), (.paid, .recordPayment)]
    case .handedOver: [(.plotAllocated, .allocatePlot), (.closed, .advanceCase)]
    case .plotAllocated: [(.certificateIssued, .issueCertificate)]
    case .certificateIssued: [(.closed, .advanceCase)]
    default: []
    }
  }

  /// Whether `taker` may move a case from `from` to `to`.
  public static func allows(from: State, to: State, by taker: Taker) -> Bool {
    next(from).contains { $0.state == to && $0.taker == taker }
  }

  /// Whether a payment (or deposit) may be recorded in `state`: only once the plan is approved
  /// and recovery decided, and not after the case is closed.
  public static func acceptsPayment(_ state: State) -> Bool {
    switch state {
    case .recoveryDecided, .paid, .deposited, .handedOver, .plotAllocated, .certificateIssued: true
    default: false
    }
  }

  /// Whether the approved amount exists and may be amended: from PLAN_APPROVED until closed.
  public static func hasApprovedAmount(_ state: State) -> Bool {
    state.rawValue >= State.planApproved.rawValue && state.rawValue < State.closed.rawValue
  }

  /// Whether enforcement ("cưỡng chế", Art. 89) may be decided: after the recovery decision and
  /// before hand-over.
  public static func allowsEnforcement(_ state: State) -> Bool {
    state == .recoveryDecided || state == .paid || state == .deposited
  }

  /// The protobuf name of a state without its prefix: `PLAN_APPROVED`.
  public static func name(_ state: State) -> String {
    let name = state.protoName ?? "\(state.rawValue)"
    return name.hasPrefix("CASE_STATE_") ? String(name.dropFirst("CASE_STATE_".count)) : name
  }
}
