import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Finance
import Testing

/// An estimate is a decision with a date; a revision ("dự toán điều chỉnh") is a new version
/// and views before it keep the estimate then in force (issue 19, point 10).
@Suite("Estimate versions")
struct EstimateVersionsTests {
  @Test("A revision changes the views from its decision date on, not before", arguments: TestBackend.all)
  func revisionKeepsThePast(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.estimate(.province, 100 * billion, decidedOn: "2022-12-09")
      try await f.estimate(.districtCouncil, 110 * billion)
      try await f.collect(96 * billion, on: "2023-10-20", source: "business-tax")
      try await f.estimate(.province, 102 * billion, decidedOn: "2023-11-10")

      let first = try await f.summary("2023-11-01")
      #expect(first.total?.provinceEstimate?.vnd == 100 * billion)
      #expect(first.total?.ofProvinceBp == 9_600)
      #expect(first.estimatesInForce.map(\.issuer) == [.province, .districtCouncil])
      #expect(first.estimatesInForce.map(\.decidedOn) == ["2022-12-09", ""])
      #expect(first.estimatesInForce.map(\.revised) == [false, false])

      let later = try await f.summary("2023-11-22")
      #expect(later.total?.provinceEstimate?.vnd == 102 * billion)
      #expect(later.total?.ofProvinceBp == 9_412)
      #expect(later.estimatesInForce.first?.decidedOn == "2023-11-10")
      #expect(later.estimatesInForce.first?.revised == true)
      #expect(later.total?.councilEstimate?.vnd == 110 * billion)
      #expect(later.estimatesInForce.last?.revised == false)
    }
  }

  @Test(
    "Before its first decision a year has no estimate; the same date replaces its version", arguments: TestBackend.all)
  func noEstimateBeforeItsDecision(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.estimate(.province, 90 * billion, source: "business-tax", decidedOn: "2023-02-01")
      try await f.estimate(.province, 91 * billion, source: "business-tax", decidedOn: "2023-02-01")
      let before = try await f.summary("2023-01-31")
      #expect(before.total?.provinceEstimate?.vnd == 0)
      #expect(before.estimatesInForce.isEmpty)
      let after = try await f.summary("2023-02-01")
      #expect(after.total?.provinceEstimate?.vnd == 91 * billion)
      #expect(after.bySource.first?.provinceEstimate?.vnd == 91 * billion)
      #expect(after.estimatesInForce.first?.revised == false)
    }
  }

  @Test(
    "A decision date outside the year before and the year itself, or after today, is refused",
    arguments: ["2021-12-31", "2024-01-01", "2023-11-23", "2023-02-30", "yesterday"])
  func decisionDateBounds(date: String) async throws {
    let estimate = try await withFinance(TestBackend.sqlite) { f in
      await expectRPCError(.invalidArgument, field: "estimate.decided_on") {
        try await f.estimate(.province, 100 * billion, decidedOn: date)
      }
      return try await f.summary("2023-11-22").total?.provinceEstimate?.vnd
    }
    #expect(estimate == 0)
  }
}
