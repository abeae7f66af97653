public import Foundation
public import SQLKit

/// The approvals of this store's service and the lock they put on writes.
///
/// A transition and every write into a unit take the unit's lock in their transaction
/// (PostgreSQL: an advisory transaction lock; SQLite: its single writer), read the state, and
/// commit; so a write either commits before an approval, and is in what was approved, or sees
/// the approval and is refused. Every transition is recorded in the audit log (entity
/// `approval`, the unit as its id, the approval before and after).
public struct ApprovalLocks: Sendable {
  let store: Store

  /// The approval of `unit` (OPEN when none was ever made).
  public func approval(of unit: ApprovalUnit, in db: any SQLDatabase) async throws -> Approval {
    let rows = try await db.raw(
      """
      SELECT state, changed_by, changed_at_ms, changed_by_rpc, reason FROM approval
      WHERE service = \(bind: store.service) AND data_set = \(bind: unit.dataSet) \
      AND scope_id = \(bind: unit.scopeID) AND period = \(bind: unit.period)
      """
    ).all()
    guard let row = rows.first else { return Approval(unit: unit, state: .open) }
    let stateText = try row.decode(column: "state", as: String.self)
    guard let state = ApprovalState(rawValue: stateText) else {
      throw StoreFailure.corrupt("the approval of \(unit) is in an unknown state '\(stateText)'")
    }
    return Approval(
      unit: unit, state: state, changedBy: try row.decode(column: "changed_by", as: String.self),
      changedAt: Timestamp.date(milliseconds: try row.decode(column: "changed_at_ms", as: Int64.self)),
      changedByMethod: try row.decode(column: "changed_by_rpc", as: String.self),
      reason: try row.decode(column: "reason", as: String?.self))
  }

  /// The approval of `unit`, read in a transaction of its own.
  public func approval(of unit: ApprovalUnit) async throws -> Approval {
    try await store.read { db in try await approval(of: unit, in: db) }
  }

  /// Makes `transition` on `unit` in the transaction `db`, by the caller `stamp` names, and
  /// records it in the audit log.
  ///
  /// - Throws: ``StoreFailure/conflictingState(_:details:)`` naming the state and the
  ///   transitions it allows when `transition` may not be made from it.
  public func apply(
    _ transition: ApprovalState.Transition, to unit: ApprovalUnit, stamp: AuditStamp, reason: String? = nil,
    in db: any SQLDatabase, at date: Date = Date()
  ) async throws -> Approval {
    try await lock(unit, in: db)
    let before = try await approval(of: unit, in: db)
    guard let next = before.state.after(transition) else {
      let allowed = before.state.transitions.map(\.rawValue).joined(separator: " or ")
      throw StoreFailure.conflictingState(
        "\(unit) is \(before.state.rawValue.uppercased()): it cannot be \(transition.pastTense)"
          + (allowed.isEmpty ? "" : "; from \(before.state.rawValue.uppercased()) it can only \(allowed)"),
        details: ["state": before.state.rawValue])
    }
    let after = Approval(
      unit: unit, state: next, changedBy: stamp.subject, changedAt: date, changedByMethod: stamp.rpc,
      reason: reason ?? (next == .submitted ? nil : before.reason))
    try await db.raw(
      """
      DELETE FROM approval WHERE service = \(bind: store.service) AND data_set = \(bind: unit.dataSet) \
      AND scope_id = \(bind: unit.scopeID) AND period = \(bind: unit.period)
      """
    ).run()
    try await db.raw(
      """
      INSERT INTO approval (service, data_set, scope_id, period, state, changed_by, changed_at_ms, changed_by_rpc, reason)
      VALUES (\(bind: store.service), \(bind: unit.dataSet), \(bind: unit.scopeID), \(bind: unit.period), \
      \(bind: next.rawValue), \(bind: stamp.subject), \(bind: Timestamp.milliseconds(date)), \(bind: stamp.rpc), \
      \(bind: after.reason))
      """
    ).run()
    try await store.audit.record(
      in: db, stamp: stamp, entity: "approval", entityID: unit.description,
      action: AuditAction(rawValue: transition.rawValue),
      before: try AuditLog.json(before), after: try AuditLog.json(after),
      commune: unit.dataSet == "collections" && !unit.scopeID.isEmpty ? unit.scopeID : nil, at: date)
    return after
  }

  /// Refuses a write of `what` into `unit` while it is approved; call it in the write's
  /// transaction `db`, before the write.
  ///
  /// - Throws: ``StoreFailure/conflictingState(_:details:)`` naming the approval (what, by whom,
  ///   when) and how to reopen it.
  public func requireWritable(_ unit: ApprovalUnit, what: String, in db: any SQLDatabase) async throws {
    try await lock(unit, in: db)
    let approval = try await approval(of: unit, in: db)
    guard !approval.state.acceptsWrites else { return }
    let at = approval.changedAt.map { Timestamp.iso8601(milliseconds: Timestamp.milliseconds($0)) } ?? "?"
    throw StoreFailure.conflictingState(
      "\(what) falls in \(unit), approved by '\(approval.changedBy ?? "?")' at \(at): approved figures do not change; "
        + "an admin reopens them first (Approvals/Reopen with a reason, or district reopen --data-set \(unit.dataSet) "
        + "--scope '\(unit.scopeID)' --period \(unit.period) --reason …)",
      details: [
        "approval": unit.description, "approved_by": approval.changedBy ?? "", "approved_at": at,
      ])
  }

  private func lock(_ unit: ApprovalUnit, in db: any SQLDatabase) async throws {
    if let statement = store.dialect.lockStatement(key: unit.lockKey) { try await db.raw(statement).run() }
  }
}

extension ApprovalState.Transition {
  fileprivate var pastTense: String {
    switch self {
    case .submit: "submitted"
    case .approve: "approved"
    case .reopen: "reopened"
    }
  }
}

extension Store {
  /// The approvals of this store's service.
  public var approvals: ApprovalLocks { ApprovalLocks(store: self) }
}
