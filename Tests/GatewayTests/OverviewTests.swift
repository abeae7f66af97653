import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Finance
import Gateway
import Indicators
import LandClearance
import Testing

@Suite("Gateway overview")
struct OverviewTests {
  @Test("the demo overview: 15/15 targets, revenue 96 % / 95 %, the live revenue figure, the lagging communes")
  func demoOverview() async throws {
    try await withDistrict { district in
      let overview = try await district.overview()
      #expect(overview.year == 2023)
      #expect(overview.asOf == "2023-11-22")

      let indicators = try #require(overview.indicators)
      #expect(indicators.status?.code == .ok)
      #expect(indicators.resolution?.code == "50-NQ/HU")
      let scorecard = try #require(indicators.scorecard)
      #expect(scorecard.exceeded + scorecard.achieved == 15)
      #expect(scorecard.total == 15)

      let finance = try #require(overview.finance)
      #expect(finance.status?.code == .ok)
      let total = try #require(finance.revenue?.total)
      #expect(total.collected?.vnd == FinanceDemoData.collectedByNovember)
      #expect(total.ofProvinceBp == 9602)
      #expect(total.ofCouncilBp == 9483)
      #expect(finance.laggingCommunes.map(\.communeID) == FinanceDemoData.laggingCommunes)
      #expect(finance.disbursement?.publicInvestment != nil)
      // Every commune against the pace, the lagging ones among them, largest gap first.
      #expect(finance.allCommunes.filter(\.lagging).map(\.communeID) == FinanceDemoData.laggingCommunes)
      #expect(finance.allCommunes.map(\.gapBp) == finance.allCommunes.map(\.gapBp).sorted(by: >))
      #expect(!finance.expectationBasis.isEmpty)

      // CT-01 takes its actual value from finance: the gateway shows the live figure.
      let live = try #require(indicators.liveFigures.first)
      #expect(live.figure == "finance.revenue_collected_vnd")
      #expect(live.status?.code == .ok)
      #expect(live.valueMilli == FinanceDemoData.collectedByNovember * 1000)

      let land = try #require(overview.landClearance)
      #expect(land.status?.code == .ok)
      let totals = try #require(land.totals)
      #expect(totals.householdsPaid > 878)
      #expect(totals.organisationsPaid == 2)
      #expect((1_125_000..<1_130_000).contains(totals.areaPaid?.squareMeters ?? 0))
      #expect((totals.amountPaid?.vnd ?? 0) > 1_200_000_000_000)
      #expect(!land.blockers.isEmpty)
      #expect(Int(land.blockerTotal) == land.blockers.count && land.blockerTotal <= 50)
      #expect(land.blockerCounts.map(\.count).reduce(0, +) == land.blockerTotal)
      #expect(land.blockers.allSatisfy { $0.partyName.isEmpty }, "the overview names cases, never people")
      // Projects only when asked for (the dashboard asks): each with its parties by kind and its
      // resettlement counts, adding up to the totals.
      #expect(land.projects.isEmpty)
      let withProjects = try await district.client.unary(
        GatewayV1.GatewayService.getOverview, District.articleRequest.with { $0.includeProjects = true },
        options: Token.options(Token.reader))
      #expect(withProjects.landClearance?.totals == totals)
      let projects = withProjects.landClearance?.projects ?? []
      #expect(projects.count == 4 && withProjects.landClearance?.moreProjects == false)
      #expect(projects.reduce(0) { $0 + $1.householdsPaid } == totals.householdsPaid)
      #expect(projects.reduce(0) { $0 + $1.organisationsPaid } == totals.organisationsPaid)
      #expect(projects.reduce(Int64(0)) { $0 + ($1.paid?.vnd ?? 0) } == totals.amountPaid?.vnd)
      #expect(projects.allSatisfy { $0.householdsAffected >= $0.householdsPaid && $0.asOf == "2023-11-22" })
      #expect(projects.map(\.plotsAllocated).reduce(0, +) == 80)
      // Not even for an admin, whose token the gateway forwards.
      let asAdmin = try await district.client.unary(
        GatewayV1.GatewayService.getOverview, District.articleRequest, options: Token.options(Token.admin))
      #expect(asAdmin.landClearance?.blockers.allSatisfy { $0.partyName.isEmpty } == true)
    }
  }

  @Test("a live figure follows the data: a new collection moves it")
  func liveFigureFollowsData() async throws {
    try await withDistrict { district in
      try await district.collect(5 * FinanceDemoData.billion, on: "2023-10-30")
      let overview = try await district.overview()
      let live = try #require(overview.indicators?.liveFigures.first)
      #expect(live.valueMilli == (FinanceDemoData.collectedByNovember + 5 * FinanceDemoData.billion) * 1000)
    }
  }

  @Test("a backend that is down fails its own section; the others are answered")
  func backendDown() async throws {
    try await withDistrict { district in
      try? await district.finance.stop()
      let overview = try await district.overview(timeout: .seconds(5))
      #expect(overview.finance?.status?.code == .unavailable)
      // The caller learns which backend and what to do, never where it runs or the client's internals.
      let message = overview.finance?.status?.message ?? ""
      #expect(message.hasPrefix("finance is unavailable; retry later (trace "))
      #expect(!message.contains("127.0.0.1"))
      #expect(!message.contains("\(district.finance.port)"))
      #expect(overview.finance?.revenue == nil)
      #expect(overview.indicators?.status?.code == .ok)
      #expect(overview.indicators?.scorecard?.total == 15)
      #expect(overview.landClearance?.totals?.organisationsPaid == 2)
      // The live figure says why it is missing.
      #expect(overview.indicators?.liveFigures.first?.status?.code == .unavailable)
    }
  }

  @Test("a backend slower than the caller's deadline: DEADLINE_EXCEEDED for its section only, the answer in time")
  func slowBackend() async throws {
    let slow = FakeFinance(delay: .seconds(20))
    try await withDistrict(finance: slow) { district in
      // The call itself has 8 s, finance takes 20: were the gateway to wait for finance, the
      // caller would get DEADLINE_EXCEEDED for the whole call instead of an overview. (3 s was
      // too little for the other sections on a loaded two-core machine.)
      let overview = try await district.overview(timeout: .seconds(8))
      #expect(overview.finance?.status?.code == .deadlineExceeded)
      #expect(overview.indicators?.status?.code == .ok)
      #expect(overview.indicators?.scorecard?.total == 15)
    }
  }

  @Test("the caller's authorization and trace go through to the backends")
  func authorizationAndTracePassThrough() async throws {
    let recording = FakeFinance()
    try await withDistrict(finance: recording) { district in
      let trace = TraceParent.random()
      var options = Token.options(Token.reader)
      options.metadata.add(MetadataKey.traceparent, trace.description)
      _ = try await district.client.unary(
        GatewayV1.GatewayService.getOverview, District.articleRequest, options: options)
      let calls = recording.calls
      #expect(calls.count == 3)
      for call in calls {
        #expect(call.authorization == "Bearer \(Token.reader)")
        #expect(call.traceID == trace.traceID)
      }
    }
  }

  @Test("a caller without a token is refused with UNAUTHENTICATED")
  func callerWithoutToken() async throws {
    try await withDistrict { district in
      await expectRPCError(.unauthenticated) {
        _ = try await district.client.unary(
          GatewayV1.GatewayService.getOverview, District.articleRequest, options: CallOptions(timeout: .seconds(5)))
      }
    }
  }

  @Test(
    "invalid requests name the field",
    arguments: [
      ("2023-02-29", "", "as_of"), ("22/11/2023", "", "as_of"), ("2023-11-22", "2023-13-01", "revenue_as_of"),
    ])
  func invalidRequests(asOf: String, revenueAsOf: String, field: String) async throws {
    try await withDistrict { district in
      await expectRPCError(.invalidArgument, field: field) {
        _ = try await district.client.unary(
          GatewayV1.GatewayService.getOverview,
          .init().with {
            $0.asOf = asOf
            $0.revenueAsOf = revenueAsOf
          },
          options: Token.options(Token.reader))
      }
    }
  }

  @Test("a year without an annual resolution: the indicators section says NOT_FOUND and what to do")
  func yearWithoutResolution() async throws {
    try await withDistrict { district in
      let overview = try await district.client.unary(
        GatewayV1.GatewayService.getOverview, .init().with { $0.asOf = "2019-06-30" },
        options: Token.options(Token.reader))
      #expect(overview.indicators?.status?.code == .notFound)
      #expect(overview.indicators?.status?.message.contains("resolution_id") == true)
    }
  }
}
