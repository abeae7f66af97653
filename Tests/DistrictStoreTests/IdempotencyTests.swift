import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import SQLKit
import Testing

@testable import DistrictStore

/// A table of payments, written through idempotency keys.
let payments = ServiceMigrations(
  service: "payments",
  [
    Migration(version: 1, name: "payments") { dialect in
      ["CREATE TABLE payment (id \(dialect.autoIncrementPrimaryKey), amount_vnd BIGINT NOT NULL)"]
    }
  ])

func paymentCount(_ store: Store) async throws -> Int {
  try await store.read { db in
    try await db.raw("SELECT COUNT(*) AS n FROM payment").first()?.decode(column: "n", as: Int.self) ?? -1
  }
}

/// Records a payment of `amount` and answers with its id.
func pay(_ store: Store, key: String?, amount: Int64, subject: String = "cashier") async throws -> [UInt8] {
  let request = Array("amount=\(amount)".utf8)
  return try await store.idempotency.idempotent(
    key: key, method: "/district.finance.v1.Finance/RecordPayment", request: request, subject: subject
  ) { db in
    try await db.raw("INSERT INTO payment (amount_vnd) VALUES (\(bind: amount))").run()
    let count = try await db.raw("SELECT COUNT(*) AS n FROM payment").first()?.decode(column: "n", as: Int.self) ?? 0
    return Array("payment #\(count)".utf8)
  }
}

@Suite("Idempotency", .timeLimit(.minutes(2)))
struct IdempotencyTests {
  @Test("A repeat with the same key returns the stored response and changes nothing", arguments: TestBackend.all)
  func repeatReturnsStoredResponse(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      let first = try await pay(store, key: "key-1", amount: 1_000_000)
      let again = try await pay(store, key: "key-1", amount: 1_000_000)
      #expect(String(decoding: first, as: UTF8.self) == "payment #1")
      #expect(again == first)
      #expect(try await paymentCount(store) == 1)
      let other = try await pay(store, key: "key-2", amount: 1_000_000)
      #expect(String(decoding: other, as: UTF8.self) == "payment #2")
      #expect(try await paymentCount(store) == 2)
    }
  }

  @Test("The same key with a different request is FAILED_PRECONDITION, saying so", arguments: TestBackend.all)
  func differentRequestRefused(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      _ = try await pay(store, key: "key-1", amount: 1_000_000)
      let error = await expectRPCError(.failedPrecondition) {
        _ = try await pay(store, key: "key-1", amount: 2_000_000)
      }
      let message = error?.message ?? ""
      #expect(
        message.hasPrefix(
          "you already used idempotency key 'key-1' for a different request to /district.finance.v1.Finance/RecordPayment at 20"
        ))
      #expect(message.hasSuffix("; use a new key for a new request"))
      #expect(error?.details["idempotency-key"] == "key-1")
      #expect(try await paymentCount(store) == 1)
    }
  }

  @Test(
    "Keys are each caller's own: another caller's key neither blocks a write nor is revealed",
    arguments: TestBackend.all)
  func keysPerCaller(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      // A clerk "squats" a key; the district-wide write with the same key is its own, and applies.
      let clerk = try await pay(store, key: "sec-idem-A1", amount: 1_000_000, subject: "clerk@long-hau")
      let district = try await pay(store, key: "sec-idem-A1", amount: 2_000_000)
      #expect(clerk != district)
      #expect(try await paymentCount(store) == 2)
      // Each caller's retry returns its own answer.
      #expect(try await pay(store, key: "sec-idem-A1", amount: 1_000_000, subject: "clerk@long-hau") == clerk)
      #expect(try await pay(store, key: "sec-idem-A1", amount: 2_000_000) == district)
      #expect(try await paymentCount(store) == 2)
    }
  }

  @Test("Without a key every call writes", arguments: TestBackend.all)
  func noKey(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      _ = try await pay(store, key: nil, amount: 5)
      _ = try await pay(store, key: nil, amount: 5)
      #expect(try await paymentCount(store) == 2)
    }
  }

  @Test("A write that fails stores no key: the retry runs", arguments: TestBackend.all)
  func failedWriteLeavesKeyFree(backend: TestBackend) async throws {
    struct Refused: Error {}
    try await withStore(backend, migrations: payments) { store in
      await #expect(throws: Refused.self) {
        _ = try await store.idempotency.idempotent(key: "k", method: "/m", request: [1], subject: "s") { db in
          try await db.raw("INSERT INTO payment (amount_vnd) VALUES (1)").run()
          throw Refused()
        }
      }
      #expect(try await paymentCount(store) == 0)
      _ = try await store.idempotency.idempotent(key: "k", method: "/m", request: [1], subject: "s") { db in
        try await db.raw("INSERT INTO payment (amount_vnd) VALUES (1)").run()
        return []
      }
      #expect(try await paymentCount(store) == 1)
      // An empty response is stored and returned as empty.
      let replay = try await store.idempotency.idempotent(key: "k", method: "/m", request: [1], subject: "s") { _ in
        Issue.record("the write ran twice")
        return [9]
      }
      #expect(replay == [])
    }
  }

  @Test("Concurrent calls with the same key write once", arguments: TestBackend.all)
  func concurrentSameKey(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      let responses = try await withThrowingTaskGroup(of: [UInt8].self) { group in
        for _ in 0..<8 {
          group.addTask { try await pay(store, key: "same", amount: 7) }
        }
        return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
      }
      #expect(Set(responses).count == 1)
      #expect(try await paymentCount(store) == 1)
    }
  }

  @Test("Keys are scoped to their service", arguments: TestBackend.all)
  func scopedByService(backend: TestBackend) async throws {
    try await withDatabase(backend) { database in
      let finance = try await database.open(payments)
      let other = try await database.open(ServiceMigrations(service: "land-clearance", []))
      _ = try await pay(finance, key: "k", amount: 1)
      let response = try await other.idempotency.idempotent(key: "k", method: "/other", request: [], subject: "s") {
        _ in [42]
      }
      #expect(response == [42])
      await finance.shutdown()
      await other.shutdown()
    }
  }

  @Test("Keys are kept at least 24 hours; purge removes older ones", arguments: TestBackend.all)
  func purge(backend: TestBackend) async throws {
    try await withStore(backend, migrations: payments) { store in
      _ = try await pay(store, key: "old", amount: 1)
      // Asking to keep only a minute still keeps 24 hours.
      #expect(try await store.idempotency.purge(olderThan: .seconds(60)) == 0)
      #expect(
        try await store.idempotency.purge(olderThan: .seconds(60), now: Date().addingTimeInterval(23 * 3600)) == 0)
      #expect(try await store.idempotency.purge(now: Date().addingTimeInterval(25 * 3600)) == 1)
      // The key is free again: the same request writes anew.
      _ = try await pay(store, key: "old", amount: 1)
      #expect(try await paymentCount(store) == 2)
    }
  }

  @Test("Empty and overlong keys are INVALID_ARGUMENT")
  func badKeys() async throws {
    try await withStore(.sqlite, migrations: payments) { store in
      await expectRPCError(.invalidArgument) { _ = try await pay(store, key: "", amount: 1) }
      await expectRPCError(.invalidArgument) {
        _ = try await pay(store, key: String(repeating: "k", count: 256), amount: 1)
      }
      let count = try await paymentCount(store)
      #expect(count == 0)
    }
  }

  @Test("The fingerprint covers method, subject and bytes, unambiguously")
  func fingerprint() {
    let base = RequestFingerprint.of(method: "/a", subject: "s", request: [1, 2])
    #expect(base.hasPrefix("sha256:") && base.count == 7 + 64)
    #expect(base == RequestFingerprint.of(method: "/a", subject: "s", request: [1, 2]))
    #expect(base != RequestFingerprint.of(method: "/b", subject: "s", request: [1, 2]))
    #expect(base != RequestFingerprint.of(method: "/a", subject: "t", request: [1, 2]))
    #expect(base != RequestFingerprint.of(method: "/a", subject: "s", request: [1, 3]))
    #expect(
      RequestFingerprint.of(method: "/a", subject: "bc", request: [])
        != RequestFingerprint.of(method: "/ab", subject: "c", request: []))
  }
}
