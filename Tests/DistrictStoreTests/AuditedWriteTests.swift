import DistrictRPC
import DistrictSchema
import DistrictServiceSupport
import DistrictStore
import DistrictTestSupport
import Logging
import SQLKit
import Testing

/// The context of a call to `method` by `subject`, with `key` as its idempotency key.
private func context(
  key: String?, subject: String = "ke-toan", method: String = "/district.finance.v1.Finance/SetBalance"
)
  -> ServerContext
{
  var metadata = Metadata()
  if let key { metadata.add(MetadataKey.idempotencyKey, key) }
  return ServerContext(
    method: method, metadata: metadata, deadline: nil, peer: "test", traceParent: .random(),
    principal: Principal(subject: subject, role: .editor), logger: Logger(label: "test"))
}

/// Sets the one balance of the `payments` table to `vnd`, through ``Store/auditedWrite(_:request:entity:entityID:_:)``.
private func setBalance(_ store: Store, _ vnd: Int64, key: String?) async throws -> CommonV1.Money {
  let request = CommonV1.Money().with { $0.vnd = vnd }
  return try await store.auditedWrite(context(key: key), request: request, entity: "balance", entityID: "1") { db in
    let before = try await db.raw("SELECT amount_vnd FROM payment WHERE id = 1").first().map { row in
      var money = CommonV1.Money()
      money.vnd = try row.decode(column: "amount_vnd", as: Int64.self)
      return money
    }
    if before == nil {
      try await db.raw("INSERT INTO payment (id, amount_vnd) VALUES (1, \(bind: vnd))").run()
    } else {
      try await db.raw("UPDATE payment SET amount_vnd = \(bind: vnd) WHERE id = 1").run()
    }
    return (request, before)
  }
}

@Suite("Audited write", .timeLimit(.minutes(2)))
struct AuditedWriteTests {
  @Test("A write and its audit row commit together: create, then update with the old state", arguments: TestBackend.all)
  func createThenUpdate(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      #expect(try await setBalance(store, 5, key: "a").vnd == 5)
      #expect(try await setBalance(store, 7, key: nil).vnd == 7)
      let entries = try await store.audit.query(entity: "balance", entityID: "1")
      #expect(entries.map(\.action) == [.create, .update])
      #expect(entries.map(\.before) == [nil, #"{"vnd":"5"}"#])
      #expect(entries.map(\.after) == [#"{"vnd":"5"}"#, #"{"vnd":"7"}"#])
      #expect(entries.allSatisfy { $0.subject == "ke-toan" && $0.rpc == "/district.finance.v1.Finance/SetBalance" })
    }
  }

  @Test("A retry returns the stored response; another request with the key is refused", arguments: TestBackend.all)
  func idempotent(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      let first = try await setBalance(store, 5, key: "a")
      let retry = try await setBalance(store, 5, key: "a")
      await expectRPCError(.failedPrecondition) { _ = try await setBalance(store, 6, key: "a") }
      #expect(first.vnd == 5 && retry == first)
      #expect(try await store.audit.query().count == 1)
    }
  }

  @Test("A failed write leaves no audit row", arguments: TestBackend.all)
  func failed(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      await expectRPCError(.notFound) {
        _ = try await store.auditedWrite(context(key: "a"), request: CommonV1.Money(), entity: "balance", entityID: "1")
        {
          db -> (response: CommonV1.Money, before: (any Encodable)?) in
          try await db.raw("INSERT INTO payment (amount_vnd) VALUES (1)").run()
          throw RPCError.notFound("balance", id: "1")
        }
      }
      let entries = try await store.audit.query()
      #expect(entries.isEmpty)
      #expect(try await paymentCount(store) == 0)
    }
  }

  @Test("A service's stamp is the caller, the method and the instant")
  func stamp() {
    let stamp = CommonV1.AuditStamp(context(key: nil), atMilliseconds: 1_000)
    #expect(stamp.subject == "ke-toan")
    #expect(stamp.rpc == "/district.finance.v1.Finance/SetBalance")
    #expect(stamp.at == "1970-01-01T00:00:01.000Z")
  }
}
