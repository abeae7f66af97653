import DistrictStore
import DistrictTestSupport
import Foundation
import SQLKit
import Testing

/// Reading the audit log as its API does (newest first, filtered, a page at a time) and the
/// database refusing to change it.
@Suite("Audit reads and append-only", .timeLimit(.minutes(2)))
struct AuditReadTests {
  /// Records `count` changes: alternately by two callers, on two kinds of entity, in two communes,
  /// one second apart from 2023-11-01T00:00Z.
  static func record(_ count: Int, in store: Store) async throws {
    let start = Date(timeIntervalSince1970: 1_698_796_800)
    try await store.transaction { db in
      for index in 0..<count {
        let stamp = AuditStamp(
          subject: index % 2 == 0 ? "ke-toan" : "truong-phong", rpc: "/district.finance.v1.Finance/RecordCollection",
          traceID: String(format: "%032x", index + 1), idempotencyKey: "key-\(index)")
        try await store.audit.record(
          in: db, stamp: stamp, entity: index % 3 == 0 ? "payment" : "collection", entityID: "\(index)",
          action: .create, before: nil, after: #"{"n":\#(index)}"#, commune: index % 2 == 0 ? "long-hau" : nil,
          at: start.addingTimeInterval(Double(index)))
      }
    }
  }

  @Test("Newest first, every filter, the call's trace and key, pages that add up", arguments: TestBackend.all)
  func newestFirst(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      try await Self.record(30, in: store)
      let all = try await store.audit.newestFirst(AuditFilter(), limit: 1_000)
      #expect(all.count == 30)
      #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
      #expect(all.first?.entityID == "29")
      #expect(all.first?.traceID == String(format: "%032x", 30))
      #expect(all.first?.idempotencyKey == "key-29")
      #expect(all.last?.commune == "long-hau")
      #expect(all.first?.commune == nil)

      // Pages of 7 give every entry once, in the same order.
      var paged: [AuditEntry] = []
      var cursor: Int64?
      while true {
        let page = try await store.audit.newestFirst(AuditFilter(), beforeID: cursor, limit: 7)
        paged += page
        guard page.count == 7, let last = page.last else { break }
        cursor = last.id
      }
      #expect(paged == all)

      // Each filter against the same filter applied to the whole list.
      let start = Date(timeIntervalSince1970: 1_698_796_800)
      let filters: [(AuditFilter, (AuditEntry) -> Bool)] = [
        (AuditFilter(entity: "payment"), { $0.entity == "payment" }),
        (AuditFilter(entity: "collection", entityID: "4"), { $0.entity == "collection" && $0.entityID == "4" }),
        (AuditFilter(subject: "truong-phong"), { $0.subject == "truong-phong" }),
        (AuditFilter(rpc: "/district.finance.v1.Finance/RecordCollection"), { _ in true }),
        (AuditFilter(rpc: "/district.finance.v1.Finance/CorrectCollection"), { _ in false }),
        (
          AuditFilter(since: start.addingTimeInterval(10), until: start.addingTimeInterval(20)),
          { $0.at >= start.addingTimeInterval(10) && $0.at < start.addingTimeInterval(20) }
        ),
        (AuditFilter(commune: "long-hau"), { $0.commune == "long-hau" }),
        (AuditFilter(subject: "ke-toan", commune: "phuoc-ly"), { _ in false }),
      ]
      for (filter, holds) in filters {
        let listed = try await store.audit.newestFirst(filter, limit: 1_000)
        #expect(listed == all.filter(holds), "\(filter)")
      }
      #expect(
        try await store.audit.newestFirst(AuditFilter(since: start.addingTimeInterval(10)), limit: 1_000).count == 20)
    }
  }

  @Test("The database refuses to update, delete or truncate an audit row", arguments: TestBackend.all)
  func appendOnly(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      try await Self.record(3, in: store)
      var statements = [
        "UPDATE audit_log SET subject = 'someone-else'",
        "UPDATE audit_log SET after_json = '{}' WHERE entity_id = '1'",
        "DELETE FROM audit_log WHERE entity_id = '2'",
        "DELETE FROM audit_log",
      ]
      if store.dialect == .postgres { statements.append("TRUNCATE audit_log") }
      for statement in statements {
        await #expect(throws: (any Error).self, "\(statement)") {
          try await store.transaction { db in try await db.raw(SQLQueryString(statement)).run() }
        }
      }
      let entries = try await store.audit.newestFirst(AuditFilter(), limit: 10)
      #expect(entries.map(\.entityID) == ["2", "1", "0"])
      #expect(entries.allSatisfy { $0.subject != "someone-else" && $0.after != "{}" })
      // Appending still works.
      try await Self.record(1, in: store)
      #expect(try await store.audit.newestFirst(AuditFilter(), limit: 10).count == 4)
    }
  }
}
