import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Finance
import Foundation
import Testing

@Suite("Lagging communes, projection and disbursement over the wire")
struct ViewsTests {
  typealias S = FinanceV1.FinanceService

  func lagging(_ f: FinanceHarness, margin: Int64 = 0) async throws -> FinanceV1.ListLaggingCommunesResponse {
    try await f.client.unary(
      S.listLaggingCommunes,
      .init().with {
        $0.year = 2023
        $0.asOf = "2023-11-01"
        $0.marginBp = margin
      },
      options: Token.options(Token.reader))
  }

  func projection(_ f: FinanceHarness, asOf: String) async throws -> FinanceV1.YearEndProjection {
    try await f.client.unary(
      S.getYearEndProjection,
      .init().with {
        $0.year = 2023
        $0.asOf = asOf
      }, options: Token.options(Token.reader))
  }

  @Test(
    "Without earlier years the expectation is the elapsed days; only balanced sources count",
    arguments: TestBackend.all)
  func laggingElapsedDays(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.source("land-use-fee", balanced: false)
      for commune in [TestCommune.longHau, TestCommune.phuocLai] {
        try await f.estimate(.districtCouncil, 1_000, source: "business-tax", commune: commune)
        try await f.estimate(.districtCouncil, 1_000, source: "land-use-fee", commune: commune)
      }
      try await f.collect(800, on: "2023-10-01", source: "business-tax", commune: TestCommune.longHau)  // 8000 bp
      try await f.collect(780, on: "2023-10-01", source: "business-tax", commune: TestCommune.phuocLai)  // 7800 bp
      // Not balanced:
      try await f.collect(1_000, on: "2023-10-01", source: "land-use-fee", commune: TestCommune.phuocLai)
      let response = try await lagging(f)
      #expect(response.expectationBasis.hasPrefix("elapsed days: 305/365"))
      #expect(response.marginBp == 500)
      #expect(response.asOf == "2023-11-01")
      #expect(response.asOfPrecision == .day)
      #expect(response.allCommunes.map(\.communeID) == [TestCommune.phuocLai, TestCommune.longHau])
      #expect(response.allCommunes.map(\.expectedBp) == [8356, 8356])
      #expect(response.communes.map(\.communeID) == [TestCommune.phuocLai])
      #expect(response.communes.first?.gapBp == 556)
      #expect(response.communes.first?.balancedEstimate?.vnd == 1_000)
      #expect(response.communes.first?.name == "Phước Lại")
      // A wider margin flags nobody.
      #expect(try await lagging(f, margin: 600).communes.isEmpty)
    }
  }

  @Test("With earlier years the expectation is seasonal; worst first", arguments: TestBackend.all)
  func laggingSeasonal(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      for year: Int32 in [2021, 2022, 2023] { try await f.source("business-tax", year: year) }
      // 2021 reached 60 % by 1 November, 2022 70 %: the expectation is 65 %.
      try await f.collect(600, on: "2021-10-20", source: "business-tax")
      try await f.collect(400, on: "2021-12-20", source: "business-tax")
      try await f.collect(700, on: "2022-11-01", source: "business-tax")
      try await f.collect(300, on: "2022-11-02", source: "business-tax")
      let communes = [TestCommune.longHau, TestCommune.phuocLai, ReferenceGeography.oldCommune("tan-tap")]
      for (commune, collected) in zip(communes, [Int64(640), 550, 590]) {
        try await f.estimate(.districtCouncil, 1_000, source: "business-tax", commune: commune)
        try await f.collect(collected, on: "2023-09-01", source: "business-tax", commune: commune)
      }
      let response = try await lagging(f)
      #expect(response.expectationBasis.hasPrefix("seasonal"))
      #expect(response.expectationBasis.contains("2021, 2022"))
      #expect(response.allCommunes.first?.expectedBp == 6500)
      #expect(response.communes.map(\.communeID) == [TestCommune.phuocLai, ReferenceGeography.oldCommune("tan-tap")])
      #expect(response.communes.map(\.gapBp) == [1000, 600])
      // The province's commune estimates: none, so nobody to compare.
      let province = try await f.client.unary(
        S.listLaggingCommunes,
        .init().with {
          $0.year = 2023
          $0.asOf = "2023-11-01"
          $0.issuer = .province
        },
        options: Token.options(Token.reader))
      #expect(province.allCommunes.isEmpty)
    }
  }

  @Test("Projection: run-rate, then seasonal, and the recorded estimate wins", arguments: TestBackend.all)
  func projections(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.estimate(.province, 636 * billion)
      try await f.estimate(.districtCouncil, 644 * billion)
      try await f.collect(610 * billion, on: "2023-10-15", source: "business-tax")
      let runRate = try await projection(f, asOf: "2023-11-01")
      #expect(runRate.method == .runRate)
      #expect(runRate.projected?.vnd == 730 * billion)  // 610 × 365 / 305
      #expect(runRate.seasonal?.vnd == 0)
      #expect(runRate.basis.hasPrefix("run-rate"))
      try await f.source("business-tax", year: 2022)
      try await f.collect(80, on: "2022-06-01", source: "business-tax")
      try await f.collect(20, on: "2022-12-01", source: "business-tax")
      let seasonal = try await projection(f, asOf: "2023-11-01")
      #expect(seasonal.method == .seasonal)
      #expect(seasonal.seasonalShareBp == 8000)
      #expect(seasonal.seasonalYears == [2022])
      #expect(seasonal.projected?.vnd == 762_500_000_000)  // 610 / 0.8
      #expect(seasonal.runRate?.vnd == 730 * billion)
      _ = try await f.client.unary(
        S.setYearEndEstimate,
        .init().with {
          $0.estimate = .init().with {
            $0.year = 2023
            $0.estimatedOn = "2023-11-15"
            $0.amount = .vnd(650 * billion)
            $0.note = "ước"
          }
        },
        options: Token.options(Token.admin))
      // Before the estimate was made it does not apply; from its date it wins.
      #expect(try await projection(f, asOf: "2023-11-01").method == .seasonal)
      let recorded = try await projection(f, asOf: "2023-11-22")
      #expect(recorded.method == .recorded)
      #expect(recorded.projected?.vnd == 650 * billion)
      #expect(recorded.ofProvinceBp == 10220)
      #expect(recorded.ofCouncilBp == 10093)
      #expect(recorded.basis.contains("2023-11-15"))
      await expectRPCError(.permissionDenied) {
        _ = try await f.client.unary(
          S.setYearEndEstimate,
          .init().with {
            $0.estimate = .init().with {
              $0.year = 2023
              $0.estimatedOn = "2023-11-15"
              $0.amount = .vnd(1)
            }
          },
          options: Token.options(Token.editor))
      }
    }
  }

  @Test("Disbursement rates state their basis; programmes and projects are checked", arguments: TestBackend.all)
  func disbursement(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      let project = FinanceV1.Project().with {
        $0.id = "road"
        $0.name = "Đường"
        $0.year = 2023
        $0.capitalPlan = .vnd(40 * billion)
        $0.basis = "kế hoạch vốn HĐND huyện giao 2023"
        $0.communeID = TestCommune.longHau
      }
      _ = try await f.client.unary(
        S.setProject, .init().with { $0.project = project }, options: Token.options(Token.admin))
      _ = try await f.client.unary(
        S.setProgrammeAllocation,
        .init().with {
          $0.allocation = .init().with {
            $0.year = 2023
            $0.programme = .newRuralDevelopment
            $0.allocation = .vnd(30 * billion)
            $0.basis = "vốn tỉnh phân bổ"
          }
        },
        options: Token.options(Token.admin))
      func disburse(
        _ vnd: Int64, on date: String, project: String = "", programme: FinanceV1.NationalProgramme = .unspecified,
        token: String = Token.editor, key: String? = UUID().uuidString
      ) async throws {
        _ = try await f.client.unary(
          S.recordDisbursement,
          .init().with {
            $0.disbursement = .init().with {
              $0.disbursedOn = date
              $0.projectID = project
              $0.programme = programme
              $0.year = 2023
              $0.amount = .vnd(vnd)
            }
          },
          options: Token.options(token, key: key))
      }
      try await disburse(10 * billion, on: "2023-05-01", project: "road", token: Token.scopedEditor)
      try await disburse(20 * billion, on: "2024-01-31", project: "road")  // until 31 January of the next year
      try await disburse(12 * billion, on: "2023-09-01", programme: .newRuralDevelopment)
      await expectRPCError(.invalidArgument, field: "disbursement.disbursed_on") {
        try await disburse(1, on: "2024-02-01", project: "road")
      }
      await expectRPCError(.notFound) { try await disburse(1, on: "2023-05-01", project: "missing") }
      await expectRPCError(.notFound) {
        try await disburse(1, on: "2023-05-01", programme: .sustainablePovertyReduction)
      }
      await expectRPCError(.invalidArgument, field: "disbursement.project_id") {
        try await disburse(1, on: "2023-05-01", project: "road", programme: .newRuralDevelopment)
      }
      await expectRPCError(.invalidArgument, field: "idempotency-key") {
        try await disburse(1, on: "2023-05-01", project: "road", key: nil)
      }
      await expectRPCError(.permissionDenied) {
        try await disburse(1, on: "2023-05-01", programme: .newRuralDevelopment, token: Token.scopedEditor)
      }
      let asOf2023 = try await f.client.unary(
        S.getDisbursement,
        .init().with {
          $0.year = 2023
          $0.asOf = "2023-12-31"
        }, options: Token.options(Token.reader))
      #expect(asOf2023.publicInvestment?.disbursedBp == 2500)
      #expect(asOf2023.publicInvestment?.basis.hasPrefix("kế hoạch vốn HĐND huyện giao 2023") == true)
      #expect(asOf2023.projects.first?.basis == "kế hoạch vốn HĐND huyện giao 2023")
      let programme = try #require(asOf2023.nationalProgrammes.first)
      #expect(programme.id == "new-rural-development")
      #expect(programme.disbursedBp == 4000)
      #expect(programme.basis == "vốn tỉnh phân bổ")
      let final = try await f.client.unary(
        S.getDisbursement,
        .init().with {
          $0.year = 2023
          $0.asOf = "2024-01-31"
        }, options: Token.options(Token.reader))
      #expect(final.publicInvestment?.disbursedBp == 7500)
      #expect(final.asOf == "2024-01-31")
      // Never beyond the plan: 30 of 40 tỉ paid, 10 tỉ left; the programme: 12 of 30 tỉ.
      let beyond = await expectRPCError(.failedPrecondition) {
        try await disburse(10 * billion + 1, on: "2023-10-01", project: "road")
      }
      #expect(beyond?.details["left_vnd"] == String(10 * billion))
      #expect(beyond?.message.contains("project 'road'") == true)
      try await disburse(10 * billion, on: "2023-10-01", project: "road")
      await expectRPCError(.failedPrecondition) {
        try await disburse(18 * billion + 1, on: "2023-10-01", programme: .newRuralDevelopment)
      }
      // Raised first, as its own write: then it fits.
      var raised = project
      raised.capitalPlan = .vnd(45 * billion)
      _ = try await f.client.unary(
        S.setProject, .init().with { $0.project = raised }, options: Token.options(Token.admin))
      try await disburse(5 * billion, on: "2023-11-01", project: "road")
    }
  }
}
