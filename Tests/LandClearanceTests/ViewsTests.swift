import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import LandClearance
import Testing

@Suite("Views over the wire")
struct ViewsTests {
  typealias S = LandClearanceV1.LandClearanceService

  /// "Today" for the scenario, which pays on 2023-12-01: the service refuses what has not happened.
  static let scenarioToday = "2023-12-31"

  /// kcn (100,000 m² to clear, budget 1,000 triệu): a household paid and handed over, an
  /// organisation paid in two parts (the second after 2023-11-22), an individual paid and
  /// handed over, a household with recovery decided and nothing paid, a household whose plan
  /// was posted and never consulted.
  func scenario(_ h: Harness) async throws {
    try await h.project(budget: 1_000 * million, plots: 4)
    try await h.party("a", recovered: 1_000)
    try await h.party("b", kind: .organisation, recovered: 5_000)
    try await h.party("c", recovered: 700)
    try await h.party("d", kind: .individual, recovered: 2_000)
    try await h.party("e", recovered: 300)
    for id in ["a", "b", "c", "d", "e"] { try await h.openCase(id) }
    for id in ["a", "c", "d"] { try await h.advance("case-\(id)", through: .recoveryDecided) }
    try await h.advance("case-b", through: .recoveryDecided, approved: 300 * million)
    try await h.advance("case-e", through: .planPosted)
    try await h.pay("case-a", 100 * million, on: "2023-04-10")
    try await h.pay("case-d", 100 * million, on: "2023-04-10")
    try await h.pay("case-b", 150 * million, on: "2023-06-01")
    try await h.pay("case-b", 150 * million, on: "2023-12-01")
    try await h.advance("case-a", to: .handedOver, on: "2023-05-01")
    try await h.advance("case-d", to: .handedOver, on: "2023-05-02")
  }

  @Test(
    "District totals as of a date count parties paid by kind, their area and the amount", arguments: TestBackend.all)
  func totals(backend: TestBackend) async throws {
    try await withService(backend, today: Self.scenarioToday) { h in
      try await scenario(h)
      let totals = try await h.totals("2023-11-22")
      #expect(totals.asOf == "2023-11-22")
      #expect(totals.householdsPaid == 1)
      #expect(totals.individualsPaid == 1)
      #expect(totals.organisationsPaid == 1)
      #expect(totals.areaPaid?.squareMeters == 8_000)
      #expect(totals.areaPaidCentiHa == 80)
      #expect(totals.amountPaid?.vnd == 350 * million)
      #expect(totals.paidDefinition == PaidDefinition.text)
      #expect(totals.paidDefinition.hasPrefix("any payment"))
      let april = try await h.totals("2023-04-30")
      #expect(april.householdsPaid == 1 && april.organisationsPaid == 0 && april.individualsPaid == 1)
      #expect(april.amountPaid?.vnd == 200 * million)
      let later = try await h.totals("2023-12-31")
      #expect(later.amountPaid?.vnd == 500 * million)
      #expect(try await h.totals("2022-12-31").householdsPaid == 0)
      // Empty as_of: today (the test server's).
      #expect(try await h.totals("").asOf == Self.scenarioToday)
    }
  }

  @Test(
    "Project progress: cases per state as of a date, area handed over in m², ha and bp, paid against approved and budget",
    arguments: TestBackend.all)
  func progress(backend: TestBackend) async throws {
    try await withService(backend, today: Self.scenarioToday) { h in
      try await scenario(h)
      let progress = try await h.progress()
      #expect(progress.casesByState == ["HANDED_OVER": 2, "PAID": 1, "RECOVERY_DECIDED": 1, "PLAN_POSTED": 1])
      #expect(progress.areaHandedOver?.squareMeters == 3_000)
      #expect(progress.areaHandedOverCentiHa == 30)
      #expect(progress.handedOverBp == 300)
      #expect(progress.paid?.vnd == 350 * million)
      #expect(progress.approved?.vnd == 600 * million)
      #expect(progress.paidOfApprovedBp == 5833)
      #expect(progress.paidOfBudgetBp == 3500)
      #expect(progress.partiesPaid == 3)
      #expect(progress.householdsPaid + progress.individualsPaid + progress.organisationsPaid == 3)
      // Five parties, each with a case by then: a, c and e households, b an organisation, d an individual.
      #expect(
        progress.householdsAffected == 3 && progress.organisationsAffected == 1 && progress.individualsAffected == 1)
      #expect(progress.project?.id == "kcn")
      let march = try await h.progress(asOf: "2023-03-22")
      #expect(march.casesByState == ["PLAN_APPROVED": 4, "PLAN_POSTED": 1])
      #expect(march.areaHandedOver?.squareMeters == 0)
      #expect(march.paid?.vnd == 0)
      #expect(march.householdsPaid == 0 && march.householdsAffected == 3)
    }
  }

  @Test(
    "Blockers: overdue against a statutory deadline, stuck, with reason and age, oldest first",
    arguments: TestBackend.all)
  func blockers(backend: TestBackend) async throws {
    try await withService(backend, today: Self.scenarioToday) { h in
      try await scenario(h)
      let asOf = CalendarDate("2023-11-22")!
      let blockers = try await h.blockers()
      #expect(blockers.map(\.clearanceCase?.id) == ["case-e", "case-c"])
      #expect(blockers.map(\.kind) == [.postingOverdue, .paymentOverdue])
      #expect(blockers[0].ageDays == Int32(asOf.dayNumber - CalendarDate("2023-02-01")!.dayNumber))
      #expect(blockers[1].ageDays == Int32(asOf.dayNumber - CalendarDate("2023-03-25")!.dayNumber))
      #expect(blockers[1].reason.contains("nothing paid"))
      #expect(blockers[1].projectName == "Dự án kcn")
      // A household's name is personal data: the officers who handle it see it, readers do not.
      #expect(blockers[1].partyName == "")
      #expect(try await h.blockers(token: Token.editor)[1].partyName == "Hộ c")
      // As of 2023-04-30 the organisation (paid on 2023-06-01) was still waiting for its payment.
      let april = try await h.blockers(asOf: "2023-04-30")
      #expect(april.map(\.clearanceCase?.id) == ["case-e", "case-b", "case-c"])
      #expect(april[1].kind == .paymentOverdue && april[1].ageDays == 36)
      #expect(april[1].clearanceCase?.state == .recoveryDecided)
      #expect(april[1].clearanceCase?.stateSince == "2023-03-25")
      // Before the 30 days have passed there is nothing overdue.
      #expect(try await h.blockers(asOf: "2023-03-02").isEmpty)
      // Paid on 2023-06-01 and not handed over: stuck after 180 days.
      let later = try await h.blockers(asOf: "2023-12-01")
      #expect(later.contains { $0.clearanceCase?.id == "case-b" && $0.kind == .stuck && $0.ageDays == 183 })
      let overdue = try await h.client.unary(
        S.listOverdue, .init().with { $0.asOf = "2023-12-01" }, options: Token.options(Token.reader))
      #expect(overdue.blockers.map(\.kind) == [.postingOverdue, .paymentOverdue])
      try await h.project("road", kind: .road)
      #expect(try await h.blockers("road").isEmpty)
      #expect(try await h.blockers("kcn").count == 2)
    }
  }

  @Test(
    "Blockers come in pages (50 by default, at most 500), oldest first, with the count of them all by kind",
    arguments: TestBackend.all)
  func blockerPages(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      for n in 0..<60 {
        let id = "p\(1000 + n)"
        try await h.party(id)
        // Opened a day apart: the first is the oldest, STUCK the longest.
        try await h.openCase(id, on: CalendarDate(year: 2023, month: 1, day: 1 + n % 28).description)
      }
      try await h.party("late")
      try await h.openCase("late", on: "2023-11-01")
      typealias Page = LandClearanceV1.ListBlockersResponse
      func page(size: Int32 = 0, token: String = "") async throws -> Page {
        try await h.client.unary(
          S.listBlockers,
          .init().with {
            $0.asOf = "2023-11-22"
            $0.page = .init().with {
              $0.pageSize = size
              $0.pageToken = token
            }
          },
          options: Token.options(Token.reader))
      }
      let first = try await page()
      #expect(first.blockers.count == 50)
      #expect(first.total == 60, "the late case is 21 days in NOTIFIED: no blocker")
      #expect(first.counts.map(\.kind) == [.stuck] && first.counts.first?.count == 60)
      #expect(first.page?.nextPageToken == "50")
      let ages = first.blockers.map(\.ageDays)
      #expect(ages == ages.sorted(by: >), "oldest first")
      let second = try await page(token: "50")
      #expect(second.blockers.count == 10 && second.page?.nextPageToken == "")
      #expect(Set((first.blockers + second.blockers).compactMap { $0.clearanceCase?.id }).count == 60)
      #expect(try await page(size: 100_000).blockers.count == 60)
      await expectRPCError(.invalidArgument, field: "page.page_size") { _ = try await page(size: -1) }
      await expectRPCError(.invalidArgument, field: "page.page_token") { _ = try await page(token: "x") }
    }
  }

  @Test(
    "A past date's views hold what was decided by then: the amount approved, enforcement, hand-over",
    arguments: TestBackend.all)
  func asDecidedThen(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided, approved: 100 * million)  // approved 2023-03-20
      _ = try await h.client.unary(
        S.amendApprovedAmount,
        .init().with {
          $0.caseID = "case-a"
          $0.approvedAmount = .vnd(120 * million)
          $0.decidedOn = "2023-05-01"
          $0.decision = "9/QĐ"
        },
        options: Token.options(Token.editor, key: "amend"))
      #expect(try await h.progress(asOf: "2023-03-19").approved?.vnd == 0, "before the plan was approved")
      #expect(try await h.progress(asOf: "2023-03-20").approved?.vnd == 100 * million, "the plan's own amount")
      #expect(try await h.progress(asOf: "2023-04-30").approved?.vnd == 100 * million, "before the amendment")
      #expect(try await h.progress(asOf: "2023-05-01").approved?.vnd == 120 * million)
      #expect(try await h.progress().approved?.vnd == 120 * million)

      _ = try await h.client.unary(
        S.decideEnforcement,
        .init().with {
          $0.caseID = "case-a"
          $0.decidedOn = "2023-06-01"
        }, options: Token.options(Token.editor))
      try await h.pay("case-a", 120 * million, on: "2023-06-10", deposited: true)
      try await h.advance("case-a", to: .handedOver, on: "2023-07-01")
      // Under enforcement in June, whatever happened in July.
      let june = try await h.blockers(asOf: "2023-06-15").filter { $0.clearanceCase?.id == "case-a" }
      #expect(june.map(\.kind).contains(.enforcement))
      #expect(june.allSatisfy { $0.clearanceCase?.underEnforcement == true && $0.clearanceCase?.handedOverOn == "" })
      #expect(june.allSatisfy { $0.clearanceCase?.enforcementSince == "2023-06-01" })
      #expect(
        june.allSatisfy {
          $0.clearanceCase?.approvedAmount?.vnd == 120 * million && $0.clearanceCase?.paidAmount?.vnd == 120 * million
        })
      // Before the decision: a payment overdue, no enforcement yet.
      let may = try await h.blockers(asOf: "2023-05-15").filter { $0.clearanceCase?.id == "case-a" }
      #expect(!may.isEmpty && !may.map(\.kind).contains(.enforcement))
      #expect(
        may.allSatisfy { $0.clearanceCase?.underEnforcement == false && $0.clearanceCase?.enforcementSince == "" })
      // The amounts of that day: approved before the amendment, nothing paid yet.
      let april = try await h.blockers(asOf: "2023-04-30").filter { $0.clearanceCase?.id == "case-a" }
      #expect(!april.isEmpty)
      #expect(
        april.allSatisfy {
          $0.clearanceCase?.approvedAmount?.vnd == 100 * million && $0.clearanceCase?.paidAmount?.vnd == 0
        })
    }
  }

  @Test("Resettlement plots and certificates against the commitment", arguments: TestBackend.all)
  func resettlement(backend: TestBackend) async throws {
    try await withService(backend, today: Self.scenarioToday) { h in
      try await scenario(h)
      try await h.project("tdc", kind: .resettlementArea)
      func allocate(_ id: String, _ number: String, case caseID: String) async throws {
        _ = try await h.client.unary(
          S.allocatePlot,
          .init().with {
            $0.plot = .init().with {
              $0.id = id
              $0.siteProjectID = "tdc"
              $0.plotNumber = number
              $0.area = .m2(100)
              $0.caseID = caseID
              $0.allocatedOn = "2023-06-01"
            }
          }, options: Token.options(Token.editor))
      }
      try await allocate("p1", "A-1", case: "case-a")
      await expectRPCError(.alreadyExists) { try await allocate("p2", "A-1", case: "case-d") }
      await expectRPCError(.notFound) {
        _ = try await h.client.unary(
          S.allocatePlot,
          .init().with {
            $0.plot = .init().with {
              $0.siteProjectID = "nope"
              $0.plotNumber = "Z"
              $0.area = .m2(1)
              $0.caseID = "case-d"
              $0.allocatedOn = "2023-06-01"
            }
          }, options: Token.options(Token.editor))
      }
      try await allocate("p2", "A-2", case: "case-d")
      _ = try await h.client.unary(
        S.issueCertificate,
        .init().with {
          $0.plotID = "p1"
          $0.certificateNumber = "CS-1"
          $0.issuedOn = "2023-07-01"
        },
        options: Token.options(Token.editor))
      await expectRPCError(.failedPrecondition) {
        _ = try await h.client.unary(
          S.issueCertificate,
          .init().with {
            $0.plotID = "p1"
            $0.certificateNumber = "CS-9"
            $0.issuedOn = "2023-07-02"
          },
          options: Token.options(Token.editor))
      }
      let status = try await h.client.unary(
        S.getResettlement, .init().with { $0.projectID = "kcn" }, options: Token.options(Token.reader))
      #expect(status.committedPlots == 4)
      #expect(status.allocatedPlots == 2)
      #expect(status.certificatesIssued == 1)
      #expect(status.allocatedBp == 5000)
      #expect(status.certificatesBp == 2500)
      #expect(status.plots.map(\.id) == ["p1", "p2"])
      let district = try await h.client.unary(S.getResettlement, .init(), options: Token.options(Token.reader))
      #expect(district.allocatedPlots == 2)
      // As of a past date: what had been allocated and certified by then.
      func resettlement(asOf date: String) async throws -> LandClearanceV1.ResettlementStatus {
        try await h.client.unary(
          S.getResettlement,
          .init().with {
            $0.projectID = "kcn"
            $0.asOf = date
          }, options: Token.options(Token.reader))
      }
      let may = try await resettlement(asOf: "2023-05-31")
      #expect(may.allocatedPlots == 0 && may.certificatesIssued == 0 && may.plots.isEmpty && may.asOf == "2023-05-31")
      let june = try await resettlement(asOf: "2023-06-30")
      #expect(june.allocatedPlots == 2 && june.certificatesIssued == 0 && june.certificatesBp == 0)
      #expect(
        june.plots.map(\.id) == ["p1", "p2"]
          && june.plots.allSatisfy { $0.certificateNumber.isEmpty && $0.certificateOn.isEmpty })
      #expect(try await resettlement(asOf: "2023-07-01").certificatesIssued == 1)
      let progress = try await h.progress()
      #expect(progress.casesByState["PLOT_ALLOCATED"] == 1)
      #expect(progress.casesByState["CERTIFICATE_ISSUED"] == 1)
    }
  }
}
