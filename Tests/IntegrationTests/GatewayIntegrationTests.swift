import DistrictRPC
import DistrictSchema
import Testing

extension RunningStack {
  /// The gateway, running, at DISTRICT_GATEWAY_ADDR, in front of the three services.
  @Suite(
    "The gateway in the running stack",
    .enabled(
      if: Backend.gateway.isConfigured,
      "DISTRICT_GATEWAY_ADDR is not set: run scripts/stack or the compose test profile"),
    .timeLimit(.minutes(2)))
  struct GatewayIntegrationTests {
    typealias API = GatewayV1.GatewayService
    let backend = Backend.gateway

    /// The article's date, revenue to the start of November as the article counts it.
    static let articleRequest = GatewayV1.GetOverviewRequest().with {
      $0.asOf = "2023-11-22"
      $0.revenueAsOf = "2023-11-01"
      $0.revenueAsOfPrecision = .earlyMonth
    }

    @Test("Health: the gateway is SERVING")
    func health() async throws {
      #expect(try await backend.health() == .serving)
      #expect(try await backend.health(service: API.name) == .serving)
    }

    @Test(
      "The demo through the gateway: 15/15 targets, 96 % and 95 % of the estimates, over 878 households and 2 organisations, about 113 ha, over 1,200 tỉ"
    )
    func demoOverview() async throws {
      let overview = try await backend.withClient { client in
        try await client.unary(API.getOverview, Self.articleRequest, options: Stack.options())
      }
      let scorecard = try #require(overview.indicators?.scorecard, "\(String(describing: overview.indicators?.status))")
      #expect(scorecard.exceeded + scorecard.achieved == 15 && scorecard.total == 15)
      let revenue = try #require(overview.finance?.revenue?.total, "\(String(describing: overview.finance?.status))")
      #expect(revenue.ofProvinceBp == 9602)
      #expect(revenue.ofCouncilBp == 9483)
      #expect(overview.finance?.laggingCommunes.count == 3)
      let totals = try #require(overview.landClearance?.totals, "\(String(describing: overview.landClearance?.status))")
      #expect(totals.householdsPaid > 878)
      #expect(totals.organisationsPaid == 2)
      #expect((1_125_000..<1_130_000).contains(totals.areaPaid?.squareMeters ?? 0))
      #expect((totals.amountPaid?.vnd ?? 0) > 1_200_000_000_000)
      #expect(overview.indicators?.liveFigures.first?.valueMilli == (revenue.collected?.vnd ?? 0) * 1000)
    }

    @Test("The report in Vietnamese and English states the article's figures")
    func demoReport() async throws {
      func report(_ language: GatewayV1.Language) async throws -> String {
        try await backend.withClient { client in
          try await client.unary(
            API.getReport,
            .init().with {
              $0.language = language
              $0.asOf = "2023-11-22"
              $0.revenueAsOf = "2023-11-01"
              $0.revenueAsOfPrecision = .earlyMonth
            }, options: Stack.options()
          ).text
        }
      }
      let vi = try await report(.vi)
      #expect(vi.contains("ước đến cuối năm đạt và vượt 15/15 chỉ tiêu"))
      #expect(vi.contains("gần 113 ha, số tiền trên 1.200 tỉ đồng"))
      #expect(
        vi.contains("đạt 96% dự toán tỉnh giao (trên 610/636 tỉ đồng), đạt 95% dự toán HĐND huyện giao (644 tỉ đồng)"))
      let en = try await report(.en)
      #expect(en.contains("estimated to meet or exceed 15 of 15 targets"))
      #expect(en.contains("nearly 113 ha, over VND 1,200 billion"))
    }

    @Test("A collection written through finance is in the gateway's overview of its year")
    func writeVisibleInOverview() async throws {
      let run = Stack.runID()
      try await Backend.finance.withClient { client in
        try await FinanceIntegrationTests.writeSample(client, run: run, year: 2008, collected: 4)
      }
      let overview = try await backend.withClient { client in
        try await client.unary(API.getOverview, .init().with { $0.asOf = "2008-12-31" }, options: Stack.options())
      }
      let line = overview.finance?.revenue?.bySource.first { $0.key == "it-\(run)" }
      #expect(
        line?.collected?.vnd == 4 * FinanceIntegrationTests.billion, "\(String(describing: overview.finance?.status))")
    }

    @Test("A collection written through finance is in the gateway's audit log, with the call's key and trace")
    func writeInAuditLog() async throws {
      let run = Stack.runID()
      try await Backend.finance.withClient { client in
        try await FinanceIntegrationTests.writeSample(client, run: run, year: 2008, collected: 1)
      }
      let entries = try await backend.withClient { client in
        try await client.unary(
          AuditV1.AuditService.listAuditEntries,
          .init().with {
            $0.method = FinanceV1.FinanceService.recordCollection.fullName
            $0.since = "2023-01-01"
            $0.page = .init().with { $0.pageSize = 50 }
          }, options: Stack.options()
        ).entries
      }
      let entry = try #require(entries.first { $0.idempotencyKey == "it-c-\(run)" }, "\(entries.count) entries")
      #expect(entry.service == "finance")
      #expect(entry.entity == "collection")
      #expect(entry.traceID.count == 32)
      #expect(entry.afterJson.contains("it-\(run)"))
    }

    @Test("A watch of the overview gets a collection written through finance, told by finance's change feed")
    func watchSeesAWrite() async throws {
      let run = Stack.runID()
      try await backend.withClient { gateway in
        // The gateway composes a watched overview on its own only every 60 s: within the
        // stream's 15 s deadline, only the change feed can bring the new collection.
        let stream = try await gateway.serverStream(
          API.watchOverview, .init().with { $0.asOf = "2008-12-31" }, options: Stack.options())
        var updates = stream.makeAsyncIterator()
        _ = try #require(try await updates.next())
        try await Backend.finance.withClient { client in
          try await FinanceIntegrationTests.writeSample(client, run: run, year: 2008, collected: 6)
        }
        // Other writes (the sample's estimate, other tests) may come first: read on until the
        // collection is in; the stream's deadline ends the wait and fails the test otherwise.
        var collected: Int64? = nil
        while collected != 6 * FinanceIntegrationTests.billion, let overview = try await updates.next() {
          collected = overview.finance?.revenue?.bySource.first { $0.key == "it-\(run)" }?.collected?.vnd
        }
        #expect(collected == 6 * FinanceIntegrationTests.billion)
      }
    }
  }
}
