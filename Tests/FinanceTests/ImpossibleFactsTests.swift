import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Finance
import Testing

/// Facts finance refuses because they cannot be (issue 19, point 11; the rules and their
/// sources are in docs/FINANCE.md). The service's "today" is 2023-11-22.
@Suite("Facts that cannot be: finance")
struct ImpossibleFactsTests {
  typealias S = FinanceV1.FinanceService

  @Test("A collection or a correction dated after today is refused", arguments: TestBackend.all)
  func nothingFromTheFuture(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      let refused = await expectRPCError(.invalidArgument, field: "collection.collected_on") {
        try await f.collect(5, on: "2023-11-23", source: "business-tax")
      }
      #expect(refused?.message.contains("after today (2023-11-22") == true)
      try await f.collect(5, on: "2023-11-22", source: "business-tax", id: "today")
      await expectRPCError(.invalidArgument, field: "corrected_on") {
        _ = try await f.client.unary(
          S.correctCollection,
          .init().with {
            $0.collectionID = "today"
            $0.reason = "typo"
            $0.correctedOn = "2023-12-01"
          },
          options: Token.options(Token.editor, key: "fix-future"))
      }
      #expect(try await f.summary("2023-11-22").total?.collected?.vnd == 5)
    }
  }

  @Test("Lottery revenue is the district's, never a commune's", arguments: TestBackend.all)
  func lotteryHasNoCommune(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      _ = try await f.client.unary(
        S.setRevenueSource,
        .init().with {
          $0.source = .init().with {
            $0.year = 2023
            $0.code = "lottery"
            $0.nameVi = "Xổ số kiến thiết"
            $0.nameEn = "Lottery"
            $0.isLottery = true
          }
        }, options: Token.options(Token.admin))
      await expectRPCError(.invalidArgument, field: "collection.commune_id") {
        try await f.collect(7, on: "2023-05-01", source: "lottery", commune: TestCommune.longHau)
      }
      try await f.collect(7, on: "2023-05-01", source: "lottery")
      #expect(try await f.summary("2023-11-22").total?.collected?.vnd == 7)
    }
  }
}
