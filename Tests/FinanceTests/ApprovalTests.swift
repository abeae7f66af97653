import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import Testing

/// Data approval of a commune's collections of a month: the states, who may move them, the lock
/// on writes, and the lock under concurrent writes, on SQLite and PostgreSQL.
@Suite("Approvals of collections", .timeLimit(.minutes(2)))
struct ApprovalTests {
  typealias A = ApprovalV1.ApprovalsService

  static let october = ApprovalV1.ApprovalUnit().with {
    $0.dataSet = "collections"
    $0.scopeID = TestCommune.longHau
    $0.period = "2023-10"
  }

  static func submit(
    _ f: FinanceHarness, _ token: String, unit: ApprovalV1.ApprovalUnit = october
  ) async throws
    -> ApprovalV1.Approval
  {
    try await f.client.unary(A.submit, .init().with { $0.unit = unit }, options: Token.options(token))
  }

  static func approve(
    _ f: FinanceHarness, _ token: String, unit: ApprovalV1.ApprovalUnit = october
  ) async throws
    -> ApprovalV1.Approval
  {
    try await f.client.unary(A.approve, .init().with { $0.unit = unit }, options: Token.options(token))
  }

  static func reopen(_ f: FinanceHarness, _ token: String, reason: String) async throws -> ApprovalV1.Approval {
    try await f.client.unary(
      A.reopen,
      .init().with {
        $0.unit = october
        $0.reason = reason
      }, options: Token.options(token))
  }

  static func state(_ f: FinanceHarness) async throws -> ApprovalV1.ApprovalState {
    try await f.client.unary(A.getApproval, .init().with { $0.unit = october }, options: Token.options(Token.reader))
      .state
  }

  @Test("OPEN → SUBMITTED → APPROVED → REOPENED → SUBMITTED, each by whom it must be", arguments: TestBackend.all)
  func cycle(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      let first = try await f.collect(
        5 * billion, on: "2023-10-10", source: "business-tax", commune: TestCommune.longHau)
      #expect(try await Self.state(f) == .open)

      // Submitted by the commune's editor, not another commune's; writes still accepted.
      await expectRPCError(.permissionDenied) { _ = try await Self.submit(f, Token.phuocLyEditor) }
      await expectRPCError(.permissionDenied) { _ = try await Self.submit(f, Token.reader) }
      await expectRPCError(.failedPrecondition) { _ = try await Self.approve(f, Token.approver) }
      let submitted = try await Self.submit(f, Token.scopedEditor)
      #expect(submitted.state == .submitted)
      #expect(submitted.changedBy == "long-hau-editor@test")
      try await f.collect(1 * billion, on: "2023-10-20", source: "business-tax", commune: TestCommune.longHau)

      // Approved by the district's approver: not an editor, not a commune's approver.
      await expectRPCError(.permissionDenied) { _ = try await Self.approve(f, Token.editor) }
      await expectRPCError(.permissionDenied) { _ = try await Self.approve(f, Token.scopedApprover) }
      let approved = try await Self.approve(f, Token.approver)
      #expect(approved.state == .approved)
      #expect(approved.changedBy == "approver@test")
      #expect(try await Self.state(f) == .approved)

      // Locked: a collection, a correction of an October one, even a correction dated later.
      let refused = await expectRPCError(.failedPrecondition) {
        try await f.collect(2 * billion, on: "2023-10-31", source: "business-tax", commune: TestCommune.longHau)
      }
      #expect(refused?.message.contains("approved by 'approver@test'") == true, "\(String(describing: refused))")
      #expect(refused?.message.contains("reopen") == true)
      #expect(refused?.details["approval"] == "collections/\(TestCommune.longHau)/2023-10")
      for correctedOn in ["", "2023-11-15"] {
        await expectRPCError(.failedPrecondition) {
          _ = try await f.client.unary(
            FinanceV1.FinanceService.correctCollection,
            .init().with {
              $0.collectionID = first.id
              $0.reason = "mis-keyed"
              $0.correctedOn = correctedOn
            }, options: Token.options(Token.editor, key: UUID().uuidString))
        }
      }
      // Other months and other communes are not locked.
      try await f.collect(3 * billion, on: "2023-11-01", source: "business-tax", commune: TestCommune.longHau)
      try await f.collect(4 * billion, on: "2023-10-31", source: "business-tax", commune: TestCommune.phuocLy)
      try await f.collect(4 * billion, on: "2023-10-31", source: "business-tax")
      let summary = try await f.summary("2023-10-31")
      #expect(summary.total?.collected?.vnd == 14 * billion)

      // Approving twice is refused; reopening needs an unscoped admin and a reason.
      await expectRPCError(.failedPrecondition) { _ = try await Self.approve(f, Token.approver) }
      await expectRPCError(.permissionDenied) { _ = try await Self.reopen(f, Token.approver, reason: "x") }
      await expectRPCError(.permissionDenied) { _ = try await Self.reopen(f, Token.scopedAdmin, reason: "x") }
      await expectRPCError(.invalidArgument, field: "reason") { _ = try await Self.reopen(f, Token.admin, reason: "") }
      let reopened = try await Self.reopen(f, Token.admin, reason: "a receipt of 30/10 was keyed twice")
      #expect(reopened.state == .reopened)
      #expect(reopened.reason == "a receipt of 30/10 was keyed twice")
      try await f.collect(2 * billion, on: "2023-10-31", source: "business-tax", commune: TestCommune.longHau)
      #expect(try await Self.submit(f, Token.scopedEditor).state == .submitted)

      // Every transition is in the audit log, with the state before and after.
      let audit = try await f.store.audit.query(
        entity: "approval", entityID: "collections/\(TestCommune.longHau)/2023-10")
      #expect(audit.map(\.action) == ["submit", "approve", "reopen", "submit"])
      #expect(audit.map(\.subject) == ["long-hau-editor@test", "approver@test", "admin@test", "long-hau-editor@test"])
      #expect(audit.allSatisfy { $0.commune == TestCommune.longHau })
      #expect(audit[2].after?.contains("keyed twice") == true)
    }
  }

  @Test("Units are checked: the data set, the month, the commune", arguments: TestBackend.all)
  func badUnits(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      let cases: [(String, ApprovalV1.ApprovalUnit)] = [
        ("unit.data_set", Self.october.with { $0.dataSet = "payments" }),
        ("unit.period", Self.october.with { $0.period = "2023-13" }),
        ("unit.period", Self.october.with { $0.period = "2023-1" }),
        ("unit.period", Self.october.with { $0.period = "2023-10-01" }),
        ("unit.scope_id", Self.october.with { $0.scopeID = "nowhere" }),
      ]
      for (field, unit) in cases {
        await expectRPCError(.invalidArgument, field: field) { _ = try await Self.submit(f, Token.editor, unit: unit) }
      }
      // The collections of no commune are a unit of their own, for a district editor.
      let district = Self.october.with { $0.scopeID = "" }
      let submitted = try await Self.submit(f, Token.editor, unit: district)
      #expect(submitted.state == .submitted)
      await expectRPCError(.permissionDenied) { _ = try await Self.submit(f, Token.scopedEditor, unit: district) }
    }
  }

  @Test("Writes racing an approval: each lands before it or is refused, none after", arguments: TestBackend.all)
  func concurrentWrites(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      _ = try await Self.submit(f, Token.scopedEditor)
      let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
        for index in 0..<40 {
          group.addTask {
            let id = "race-\(index)"
            do {
              try await f.collect(
                1_000_000, on: "2023-10-\(String(format: "%02d", index % 28 + 1))", source: "business-tax",
                commune: TestCommune.longHau, id: id)
              return (id, true)
            } catch let error as RPCError where error.code == .failedPrecondition {
              return (id, false)
            }
          }
          if index == 20 {
            group.addTask {
              _ = try await Self.approve(f, Token.approver)
              return ("approval", true)
            }
          }
        }
        var outcomes: [String: Bool] = [:]
        for try await (id, accepted) in group { outcomes[id] = accepted }
        return outcomes
      }
      #expect(outcomes["approval"] == true)
      let audit = try await f.store.audit.query(limit: 1_000)
      let approvalEntry = try #require(audit.first { $0.entity == "approval" && $0.action == "approve" })
      let accepted = outcomes.filter { $0.key.hasPrefix("race-") && $0.value }.map(\.key)
      let rows = audit.filter { $0.entity == "collection" && $0.entityID.hasPrefix("race-") }
      // Exactly the accepted writes are stored, each committed before the approval.
      #expect(Set(rows.map(\.entityID)) == Set(accepted))
      #expect(rows.allSatisfy { $0.id < approvalEntry.id })
      let summary = try await f.summary("2023-10-31")
      #expect(summary.total?.collected?.vnd == Int64(accepted.count) * 1_000_000)
      print("approval race on \(backend): \(accepted.count) of 40 writes landed before the approval")
    }
  }
}
