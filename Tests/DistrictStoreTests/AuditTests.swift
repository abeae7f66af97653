import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Audit", .timeLimit(.minutes(2)))
struct AuditTests {
  @Test("A change records who, when, which RPC and what changed; services query it", arguments: TestBackend.all)
  func recordAndQuery(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      let before = Date().addingTimeInterval(-1)
      let stamp = AuditStamp(subject: "ke-toan-phuoc-ly", rpc: "/district.finance.v1.Finance/RecordCollection")
      try await store.transaction { db in
        try await db.raw("INSERT INTO payment (amount_vnd) VALUES (1200000000000)").run()
        try await store.audit.record(
          in: db, stamp: stamp, entity: "payment", entityID: "1", action: .create, before: nil,
          after: #"{"amount_vnd":1200000000000}"#)
      }
      try await store.transaction { db in
        try await db.raw("UPDATE payment SET amount_vnd = 1300000000000").run()
        try await store.audit.record(
          in: db, subject: "truong-phong", rpc: "/district.finance.v1.Finance/CorrectCollection", entity: "payment",
          entityID: "1", action: .update, before: #"{"amount_vnd":1200000000000}"#,
          after: #"{"amount_vnd":1300000000000}"#)
        try await store.audit.record(
          in: db, stamp: stamp, entity: "estimate", entityID: "2023", action: "approve", before: nil, after: "true")
      }
      let entries = try await store.audit.query(entity: "payment", entityID: "1")
      #expect(entries.count == 2)
      #expect(entries.map(\.subject) == ["ke-toan-phuoc-ly", "truong-phong"])
      #expect(entries.map(\.action) == [.create, .update])
      #expect(entries[0].rpc == "/district.finance.v1.Finance/RecordCollection")
      #expect(entries[0].before == nil)
      #expect(entries[1].before == #"{"amount_vnd":1200000000000}"#)
      #expect(entries[1].after == #"{"amount_vnd":1300000000000}"#)
      #expect(entries.allSatisfy { $0.service == "payments" && $0.at >= before && $0.at <= Date() })
      #expect(entries[0].id < entries[1].id)
      #expect(try await store.audit.query().count == 3)
      #expect(try await store.audit.query(limit: 1).count == 1)
      #expect(try await store.audit.query(entity: "estimate").map(\.action) == ["approve"])
      #expect(try await store.audit.query(since: Date().addingTimeInterval(60)).isEmpty)
    }
  }

  @Test("A rolled-back change leaves no audit row", arguments: TestBackend.all)
  func rollback(backend: TestBackend) async throws {
    struct Refused: Error {}
    try await withStore(backend, migrations: payments) { store in
      await #expect(throws: Refused.self) {
        try await store.transaction { db in
          try await store.audit.record(
            in: db, subject: "s", rpc: "/r", entity: "payment", entityID: "1", action: .delete, before: "{}", after: nil
          )
          throw Refused()
        }
      }
      let entries = try await store.audit.query()
      #expect(entries.isEmpty)
    }
  }

  @Test("Audit JSON must be JSON; the helper encodes with sorted keys")
  func json() async throws {
    struct Payment: Encodable {
      var id = 1
      var amountVND: Int64 = 5
    }
    #expect(try AuditLog.json(Payment()) == #"{"amountVND":5,"id":1}"#)
    try await withStore(.sqlite) { store in
      await expectRPCError(.invalidArgument) {
        try await store.transaction { db in
          try await store.audit.record(
            in: db, subject: "s", rpc: "/r", entity: "e", entityID: "1", action: .create, before: nil, after: "{oops")
        }
      }
    }
  }

  @Test("Each service sees its own rows", arguments: TestBackend.all)
  func scoped(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      let finance = try await database.open(ServiceMigrations(service: "finance", []))
      let indicators = try await database.open(ServiceMigrations(service: "indicators", []))
      try await finance.transaction { db in
        try await finance.audit.record(
          in: db, subject: "s", rpc: "/r", entity: "e", entityID: "1", action: .create, before: nil, after: "{}")
      }
      #expect(try await finance.audit.query().count == 1)
      #expect(try await indicators.audit.query().isEmpty)
      await finance.shutdown()
      await indicators.shutdown()
    }
  }
}
