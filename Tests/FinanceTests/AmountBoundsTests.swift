import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Finance
import SQLKit
import Testing

/// Every amount has a maximum (10^14 VND an entry), and a sum that does not fit 64 bits is
/// OUT_OF_RANGE with a message, never an INTERNAL or a trap.
@Suite("Amount bounds", .timeLimit(.minutes(2)))
struct AmountBoundsTests {
  @Test(
    "A collection of 10^14 VND is accepted; one more VND, 2^63-1 and 5 x 10^18 are refused", arguments: TestBackend.all)
  func collectionMaximum(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.collect(Amounts.maximumEntryVND, on: "2023-05-01", source: "business-tax")
      for vnd in [Amounts.maximumEntryVND + 1, Int64.max, 5_000_000_000_000_000_000] {
        await expectRPCError(.invalidArgument, field: "collection.amount") {
          try await f.collect(vnd, on: "2023-05-02", source: "business-tax")
        }
      }
      #expect(try await f.summary("2023-11-22").total?.collected?.vnd == Amounts.maximumEntryVND)
    }
  }

  @Test("Sums past 64 bits (records older than the bound) are OUT_OF_RANGE on every view", arguments: TestBackend.all)
  func sumsPastSixtyFourBits(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.estimate(.province, 636 * billion)
      // As if written before the bound existed: two entries of 5 x 10^18 straight into the table.
      try await f.store.transaction { db in
        for n in 1...2 {
          try await db.raw(
            """
            INSERT INTO collection (id, year, collected_on, source_code, commune_id, amount_vnd, note, recorded_by,
              recorded_at_ms, recorded_rpc)
            VALUES (\(bind: "legacy-\(n)"), 2023, '2023-06-01', 'business-tax', '', \(bind: Int64(5_000_000_000_000_000_000)),
              '', 'legacy', 0, 'legacy')
            """
          ).run()
        }
      }
      let error = await expectRPCError(.outOfRange) { _ = try await f.summary("2023-11-22") }
      #expect(error?.message.contains("reverse") == true)
      await expectRPCError(.outOfRange) {
        _ = try await f.client.unary(
          FinanceV1.FinanceService.getYearEndProjection,
          .init().with {
            $0.year = 2023
            $0.asOf = "2023-11-22"
          },
          options: Token.options(Token.reader))
      }
      // A date before the entries still answers.
      #expect(try await f.summary("2023-05-01").total?.collected?.vnd == 0)
    }
  }

  @Test("Checked sums: exact up to Int64.max, OUT_OF_RANGE one past it")
  func checkedSums() throws {
    #expect(try Amounts.sum([Int64.max - 1, 1]) == Int64.max)
    #expect(throws: StoreFailure.overflow) { try Amounts.sum([Int64.max, 1]) }
    #expect(throws: StoreFailure.overflow) { try Amounts.sum([Int64.min, -1]) }
    #expect(try Amounts.sum([Int64]()) == 0)
  }
}
