public import DistrictRPC
internal import DistrictSchema
public import DistrictStore
internal import Foundation

/// `district.approval.v1.Approvals` for one service's data set: submit, approve, reopen and read
/// a unit's approval. A service registers it with its own methods:
///
/// ```swift
/// ApprovalRoutes(store: store, dataSet: Self.approvals).register(in: &router)
/// ```
///
/// Who may: `Submit` an editor (a commune-scoped one only for a unit of its commune); `Approve`
/// an approver without a commune scope (the level above the editors); `Reopen` an admin without
/// one, with a reason; `GetApproval` a reader. Each transition runs in one transaction with its
/// audit row, under the caller's idempotency key when it sends one.
public struct ApprovalRoutes: RPCService {
  let store: Store
  let dataSet: ApprovalDataSet

  public init(store: Store, dataSet: ApprovalDataSet) {
    self.store = store
    self.dataSet = dataSet
  }

  public func register(in router: inout RPCRouter) {
    typealias S = ApprovalV1.ApprovalsService
    router.register(S.submit, requiredRole: .editor) { request, context in
      let unit = try self.unit(request.unit)
      if let scope = context.principal.communeScope, dataSet.commune(unit.scopeID) != scope {
        throw RPCError(
          .permissionDenied,
          "'\(context.principal.subject)' is scoped to commune \(scope): it submits only its commune's \(dataSet.name); "
            + "\(unit) is submitted by an editor without a commune scope")
      }
      return try await transition(.submit, unit, request, context)
    }
    router.register(S.approve, requiredRole: .approver) { request, context in
      let unit = try self.unit(request.unit)
      if let scope = context.principal.communeScope {
        throw RPCError(
          .permissionDenied,
          "'\(context.principal.subject)' is scoped to commune \(scope); approving is for the level above the editors "
            + "who submit: an approver without a commune scope")
      }
      return try await transition(.approve, unit, request, context)
    }
    router.register(S.reopen, requiredRole: .admin) { request, context in
      let unit = try self.unit(request.unit)
      try RequestValidation.nonEmpty(request.reason, field: "reason")
      return try await transition(.reopen, unit, request, context, reason: request.reason)
    }
    router.register(S.getApproval, requiredRole: .reader) { request, _ in
      Self.message(try await store.approvals.approval(of: try self.unit(request.unit)))
    }
  }

  private func transition(
    _ transition: ApprovalState.Transition, _ unit: ApprovalUnit, _ request: some SchemaMessage,
    _ context: ServerContext, reason: String? = nil
  ) async throws -> ApprovalV1.Approval {
    let bytes = try await store.idempotency.idempotent(context: context, request: try request.serializedBytes()) {
      db in
      try await dataSet.checkScope(unit, db)
      let approval = try await store.approvals.apply(
        transition, to: unit, stamp: AuditStamp(context), reason: reason, in: db)
      return try Self.message(approval).serializedBytes()
    }
    return try ApprovalV1.Approval(serializedBytes: bytes)
  }

  /// The unit `message` names, checked against this service's data set.
  func unit(_ message: ApprovalV1.ApprovalUnit?) throws -> ApprovalUnit {
    let message = message ?? ApprovalV1.ApprovalUnit()
    guard message.dataSet == dataSet.name else {
      throw RPCError.invalidArgument(
        field: "unit.data_set",
        "'\(message.dataSet)' is not the data set this service approves: use '\(dataSet.name)'")
    }
    try RequestValidation.id(message.scopeID, field: "unit.scope_id", required: !dataSet.allowsEmptyScope)
    guard let unit = ApprovalUnit(dataSet: message.dataSet, scopeID: message.scopeID, period: message.period) else {
      throw RPCError.invalidArgument(field: "unit.period", "'\(message.period)' is not a month written YYYY-MM")
    }
    return unit
  }

  /// `approval` on the wire.
  static func message(_ approval: Approval) -> ApprovalV1.Approval {
    ApprovalV1.Approval().with {
      $0.unit = ApprovalV1.ApprovalUnit().with {
        $0.dataSet = approval.unit.dataSet
        $0.scopeID = approval.unit.scopeID
        $0.period = approval.unit.period
      }
      $0.state =
        switch approval.state {
        case .open: .open
        case .submitted: .submitted
        case .approved: .approved
        case .reopened: .reopened
        }
      $0.changedBy = approval.changedBy ?? ""
      $0.changedAt = approval.changedAt.map { Timestamp.iso8601(milliseconds: Timestamp.milliseconds($0)) } ?? ""
      $0.changedByMethod = approval.changedByMethod ?? ""
      $0.reason = approval.reason ?? ""
    }
  }
}
