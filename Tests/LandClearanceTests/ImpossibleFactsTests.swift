import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import LandClearance
import Testing

/// Facts land clearance refuses because they cannot be (issue 19, point 11; the rules and their
/// sources are in docs/LAND_CLEARANCE.md).
@Suite("Facts that cannot be: land clearance")
struct ImpossibleFactsTests {
  typealias S = LandClearanceV1.LandClearanceService

  /// A case of `party` through hand-over, with a plot allocated when `plot` is given.
  private func handedOver(_ h: Harness, _ party: String, kind: LandClearanceV1.PartyKind = .household) async throws {
    try await h.party(party, kind: kind)
    try await h.openCase(party)
    try await h.advance("case-\(party)", through: .recoveryDecided)
    try await h.pay("case-\(party)", 100 * million, on: "2023-04-10")
    try await h.advance("case-\(party)", to: .handedOver, on: "2023-05-01")
  }

  private func allocate(_ h: Harness, _ party: String, plot: String) async throws -> LandClearanceV1.ResettlementPlot {
    try await h.client.unary(
      S.allocatePlot,
      .init().with {
        $0.plot = .init().with {
          $0.id = plot
          $0.siteProjectID = "tdc"
          $0.plotNumber = plot
          $0.area = .m2(100)
          $0.caseID = "case-\(party)"
          $0.allocatedOn = "2023-06-01"
        }
      }, options: Token.options(Token.editor))
  }

  private func certify(_ h: Harness, plot: String, number: String) async throws -> LandClearanceV1.ResettlementPlot {
    try await h.client.unary(
      S.issueCertificate,
      .init().with {
        $0.plotID = plot
        $0.certificateNumber = number
        $0.issuedOn = "2023-08-01"
      },
      options: Token.options(Token.editor))
  }

  @Test(
    "Nothing is back-dated past what the law allows: the land-use plan, the procedure, the notice",
    arguments: TestBackend.all)
  func noBackDating(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project("kcn", landUsePlanOn: "2022-12-20")
      try await h.project("old")  // no plan date: the procedure's own start, 2014-07-01
      await expectRPCError(.invalidArgument, field: "project.land_use_plan_on") {
        try await h.project("ancient", landUsePlanOn: "2014-06-30")
      }
      try await h.party("a")
      let refused = await expectRPCError(.invalidArgument, field: "notified_on") {
        try await h.openCase("a", on: "2020-01-01")
      }
      #expect(refused?.message.contains("2022-12-20") == true)
      try await h.openCase("a", on: "2022-12-20")
      try await h.party("b", project: "old")
      await expectRPCError(.invalidArgument, field: "notified_on") {
        try await h.openCase("b", project: "old", on: "2014-06-30")
      }
      try await h.openCase("b", project: "old", on: "2014-07-01")
      // A complaint about a case cannot come before the case's notice.
      func complaint(_ on: String) async throws {
        _ = try await h.client.unary(
          S.openComplaint,
          .init().with {
            $0.complaint = .init().with {
              $0.caseID = "case-a"
              $0.kind = .complaint
              $0.receivedOn = on
              $0.summary = "giá đất"
            }
          }, options: Token.options(Token.editor))
      }
      await expectRPCError(.invalidArgument, field: "complaint.received_on") { try await complaint("2020-01-01") }
      try await complaint("2022-12-21")
      let blockers = try await h.blockers(asOf: "2023-01-10").filter { $0.clearanceCase?.id == "case-a" }
      #expect(blockers.map(\.kind) == [.openComplaint] && blockers.map(\.ageDays) == [20])
    }
  }

  @Test("One certificate number is issued for one plot only", arguments: TestBackend.all)
  func certificateOnce(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.project("tdc", kind: .resettlementArea)
      try await handedOver(h, "a")
      try await handedOver(h, "b")
      _ = try await allocate(h, "a", plot: "A-1")
      _ = try await allocate(h, "b", plot: "A-2")
      _ = try await certify(h, plot: "A-1", number: "CS-0001")
      let refused = await expectRPCError(.alreadyExists) { _ = try await certify(h, plot: "A-2", number: "CS-0001") }
      #expect(refused?.message.contains("plot 'A-1'") == true)
      #expect(try await h.getCase("case-b").clearanceCase?.state == .plotAllocated)
      #expect(try await certify(h, plot: "A-2", number: "CS-0002").certificateNumber == "CS-0002")
    }
  }

  @Test("An organisation's case gets no resettlement plot", arguments: TestBackend.all)
  func noPlotForOrganisation(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.project("tdc", kind: .resettlementArea)
      try await handedOver(h, "org", kind: .organisation)
      let refused = await expectRPCError(.failedPrecondition) { _ = try await allocate(h, "org", plot: "B-1") }
      #expect(refused?.message.contains("organisation") == true)
      #expect(try await h.getCase("case-org").clearanceCase?.state == .handedOver)
    }
  }

  @Test("An amendment is not decided before the plan it amends was approved", arguments: TestBackend.all)
  func amendmentAfterPlan(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided)  // the plan approved on 2023-03-20
      func amend(on date: String, key: String) async throws -> LandClearanceV1.Amendment {
        try await h.client.unary(
          S.amendApprovedAmount,
          .init().with {
            $0.caseID = "case-a"
            $0.approvedAmount = .vnd(120 * million)
            $0.decidedOn = date
            $0.decision = "7/QĐ-UBND"
          },
          options: Token.options(Token.editor, key: key))
      }
      await expectRPCError(.invalidArgument, field: "decided_on") {
        _ = try await amend(on: "2023-03-19", key: "early")
      }
      #expect(try await h.getCase("case-a").clearanceCase?.approvedAmount?.vnd == 100 * million)
      #expect(try await amend(on: "2023-03-20", key: "same-day").approvedAmount?.vnd == 120 * million)
    }
  }

  @Test("Nothing is dated after today: a step, a payment, a complaint", arguments: TestBackend.all)
  func nothingFromTheFuture(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      await expectRPCError(.invalidArgument, field: "notified_on") { try await h.openCase("a", on: "2023-11-23") }
      try await h.openCase("a", on: "2023-11-22")
      await expectRPCError(.invalidArgument, field: "on") {
        try await h.advance("case-a", to: .inventoried, on: "2024-01-05")
      }
      await expectRPCError(.invalidArgument, field: "complaint.received_on") {
        _ = try await h.client.unary(
          S.openComplaint,
          .init().with {
            $0.complaint = .init().with {
              $0.caseID = "case-a"
              $0.kind = .complaint
              $0.receivedOn = "2023-12-01"
              $0.summary = "x"
            }
          }, options: Token.options(Token.editor))
      }
      #expect(try await h.getCase("case-a").steps.count == 1)
    }
  }
}
