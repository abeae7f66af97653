import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Finance
import Testing

@Suite("Demo data")
struct DemoTests {
  typealias S = FinanceV1.FinanceService

  @Test(
    "The demo's summary over the wire reads 610 / 636 / 96 % / 644 / 95 %, seeded twice", arguments: TestBackend.all)
  func articleFigures(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await FinanceDemo.seed(f.client, options: Token.options(Token.admin))
      let auditRows = try await f.store.audit.query(limit: 10_000).count
      try await FinanceDemo.seed(f.client, options: Token.options(Token.admin))
      #expect(try await f.store.audit.query(limit: 10_000).count == auditRows)

      let summary = try await f.summary(FinanceDemoData.asOf, precision: .earlyMonth)
      let total = try #require(summary.total)
      let collected = try #require(total.collected?.vnd)
      #expect(collected == FinanceDemoData.collectedByNovember)
      #expect(collected / billion == 610)  // "trên 610 tỉ"
      #expect(total.provinceEstimate?.vnd == 636 * billion)
      #expect(total.councilEstimate?.vnd == 644 * billion)
      #expect(total.ofProvinceBp >= 9600)  // "trên 96 %"
      #expect(BasisPoints.wholePercent(total.ofProvinceBp) == 96)
      #expect(BasisPoints.percentText(total.ofProvinceBp, decimals: 0) == "96 %")
      #expect(BasisPoints.wholePercent(total.ofCouncilBp) == 95)
      #expect(summary.bySource.count == 8)
      #expect(summary.bySource.reduce(0) { $0 + ($1.provinceEstimate?.vnd ?? 0) } == 636 * billion)
      #expect(summary.bySource.reduce(0) { $0 + ($1.councilEstimate?.vnd ?? 0) } == 644 * billion)
      #expect(summary.byCommune.count == 16)
      // The rows by commune add up to the total: the district-level row holds what is not
      // allocated to a commune (it was divided by the whole district's estimate).
      #expect(summary.byCommune.reduce(0) { $0 + ($1.provinceEstimate?.vnd ?? 0) } == 636 * billion)
      #expect(summary.byCommune.reduce(0) { $0 + ($1.councilEstimate?.vnd ?? 0) } == 644 * billion)
      #expect(summary.byCommune.reduce(0) { $0 + ($1.collected?.vnd ?? 0) } == total.collected?.vnd)

      let lagging = try await f.client.unary(
        S.listLaggingCommunes,
        .init().with {
          $0.year = 2023
          $0.asOf = FinanceDemoData.asOf
        },
        options: Token.options(Token.reader))
      #expect(lagging.expectationBasis.hasPrefix("seasonal"))
      #expect(lagging.allCommunes.first?.expectedBp == 8800)
      #expect(lagging.communes.map(\.communeID) == FinanceDemoData.laggingCommunes)
      #expect(lagging.allCommunes.count == 15)

      let projection = try await f.client.unary(
        S.getYearEndProjection,
        .init().with {
          $0.year = 2023
          $0.asOf = "2023-11-22"
        }, options: Token.options(Token.reader))
      #expect(projection.method == .recorded)
      #expect(projection.projected?.vnd == 650 * billion)

      let disbursement = try await f.client.unary(
        S.getDisbursement,
        .init().with {
          $0.year = 2023
          $0.asOf = "2023-11-22"
        }, options: Token.options(Token.reader))
      #expect(disbursement.projects.count == 3)
      #expect(disbursement.nationalProgrammes.map(\.id) == ["new-rural-development", "sustainable-poverty-reduction"])
      #expect(disbursement.nationalProgrammes.allSatisfy { !$0.basis.isEmpty && $0.disbursedBp > 0 })
    }
  }
}
