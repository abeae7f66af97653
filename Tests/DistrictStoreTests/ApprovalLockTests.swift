import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import Testing

/// The unit's lock, one transaction against another: a transition waits for a write that
/// checked the unit until that write commits, so it never approves past a write in flight.
@Suite("Approval lock", .timeLimit(.minutes(1)))
struct ApprovalLockTests {
  static let unit = ApprovalUnit(
    dataSet: "collections", scopeID: "c", date: CalendarDate(year: 2023, month: 10, day: 5))

  @Test("An approval waits for a write that checked the month, and comes after it", arguments: TestBackend.all)
  func approvalWaitsForAWriteInFlight(backend: TestBackend) async throws {
    try await withStore(backend) { store in
      let stamp = AuditStamp(subject: "clerk", rpc: "/test/Write")
      try await store.transaction { db in
        _ = try await store.approvals.apply(.submit, to: Self.unit, stamp: stamp, in: db)
      }
      let (checked, checkedNow) = AsyncStream.makeStream(of: Void.self)
      let (release, releaseNow) = AsyncStream.makeStream(of: Void.self)
      // The write: checks the month, then holds its transaction open until released.
      let write = Task {
        try await store.transaction { db in
          try await store.approvals.requireWritable(Self.unit, what: "a write", in: db)
          checkedNow.yield()
          for await _ in release { break }
          try await store.audit.record(
            in: db, stamp: stamp, entity: "collection", entityID: "w", action: .create, before: nil, after: "{}")
        }
      }
      for await _ in checked { break }
      let approval = Task {
        try await store.transaction { db in
          _ = try await store.approvals.apply(
            .approve, to: Self.unit, stamp: AuditStamp(subject: "approver", rpc: "/test/Approve"), in: db)
        }
      }
      // Give the approval every chance to get past the write; it must not.
      try await Task.sleep(for: .milliseconds(300))
      #expect(try await store.approvals.approval(of: Self.unit).state == .submitted)
      releaseNow.yield()
      try await write.value
      try await approval.value
      let entries = try await store.audit.query(limit: 10)
      let writeID = try #require(entries.first { $0.entity == "collection" }?.id)
      let approveID = try #require(entries.first { $0.action == "approve" }?.id)
      #expect(writeID < approveID)
      // And after it, a write is refused.
      await #expect(throws: StoreFailure.self) {
        try await store.transaction { db in try await store.approvals.requireWritable(Self.unit, what: "late", in: db) }
      }
    }
  }
}
