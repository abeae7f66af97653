import DistrictRPC
import DistrictSchema
import Testing

extension RunningStack {
  /// The finance service, running, at DISTRICT_FINANCE_ADDR.
  @Suite(
    "Finance in the running stack",
    .enabled(
      if: Backend.finance.isConfigured,
      "DISTRICT_FINANCE_ADDR is not set: run scripts/stack or the compose test profile"),
    .timeLimit(.minutes(2)))
  struct FinanceIntegrationTests {
    typealias API = FinanceV1.FinanceService
    let backend = Backend.finance
    static let billion: Int64 = 1_000_000_000

    @Test("Health: the server and the Finance service are SERVING")
    func health() async throws {
      #expect(try await backend.health() == .serving)
      #expect(try await backend.health(service: API.name) == .serving)
    }

    @Test(
      "The demo: 2023 revenue by early November and as of 2023-11-22 is 9,602 bp of the province's estimate and 9,483 bp of the council's",
      arguments: [("2023-11-01", CommonV1.DatePrecision.earlyMonth), ("2023-11-22", .day)])
    func demoRevenue(asOf: String, precision: CommonV1.DatePrecision) async throws {
      let summary = try await backend.withClient { client in
        try await client.unary(
          API.getRevenueSummary,
          .init().with {
            $0.year = 2023
            $0.asOf = asOf
            $0.asOfPrecision = precision
          },
          options: Stack.options())
      }
      let total = try #require(summary.total)
      #expect(total.collected?.vnd == 610_700_000_000)
      #expect(total.provinceEstimate?.vnd == 636 * Self.billion)
      #expect(total.councilEstimate?.vnd == 644 * Self.billion)
      #expect(total.ofProvinceBp == 9602)
      #expect(total.ofCouncilBp == 9483)
    }

    @Test("A collection written through the service is in the revenue summary read back")
    func writeThenRead() async throws {
      let run = Stack.runID()
      try await backend.withClient { client in
        try await Self.writeSample(client, run: run, year: 2005, collected: 5)
        let source = try await Self.summarySource(client, run: run, year: 2005)
        #expect(source?.collected?.vnd == 5 * Self.billion)
        #expect(source?.provinceEstimate?.vnd == 10 * Self.billion)
        #expect(source?.ofProvinceBp == 5000)
      }
    }

    @Test(
      "Restarted, the service still has what was written before",
      .enabled(
        if: Backend.finance.restartCommand != nil,
        "DISTRICT_RESTART_COMMAND_FINANCE is not set: nothing here can restart the service (scripts/stack sets it)"))
    func restartKeepsData() async throws {
      let run = Stack.runID()
      try await backend.withClient { try await Self.writeSample($0, run: run, year: 2006, collected: 7) }
      try await backend.restart()
      try await backend.withClient { client in
        let source = try await Self.summarySource(client, run: run, year: 2006)
        #expect(source?.collected?.vnd == 7 * Self.billion)
      }
    }

    @Test(
      "A marker written by a first run is read back by a run after the stack restarted (DISTRICT_INTEGRATION_PHASE)")
    func markerAcrossStackRestart() async throws {
      try await backend.withClient { client in
        if Stack.afterRestart {
          let source = try await Self.summarySource(client, run: "marker", year: 2007)
          #expect(source?.collected?.vnd == 3 * Self.billion)
        } else {
          try await Self.writeSample(client, run: "marker", year: 2007, collected: 3)
        }
      }
    }

    /// Writes a revenue source `it-RUN` for `year` with a 10 tỷ province estimate and one
    /// collection of `collected` tỷ on 1 March.
    static func writeSample(_ client: RPCClient, run: String, year: Int32, collected: Int64) async throws {
      let code = "it-\(run)"
      _ = try await client.unary(
        API.setRevenueSource,
        .init().with {
          $0.source = .init().with {
            $0.year = year
            $0.code = code
            $0.nameVi = "Nguồn kiểm thử"
            $0.nameEn = "Integration test source"
            $0.countsTowardBalanced = true
          }
        }, options: Stack.options(idempotencyKey: "it-s-\(run)"))
      _ = try await client.unary(
        API.setEstimate,
        .init().with {
          $0.estimate = .init().with {
            $0.year = year
            $0.issuer = .province
            $0.sourceCode = code
            $0.amount = CommonV1.Money().with { $0.vnd = 10 * billion }
          }
        }, options: Stack.options(idempotencyKey: "it-e-\(run)"))
      _ = try await client.unary(
        API.recordCollection,
        .init().with {
          $0.collection = .init().with {
            $0.collectedOn = "\(year)-03-01"
            $0.sourceCode = code
            $0.amount = CommonV1.Money().with { $0.vnd = collected * billion }
          }
        }, options: Stack.options(idempotencyKey: "it-c-\(run)"))
    }

    @Test("An approved month refuses a collection dated in it, naming the approval, until it is reopened")
    func approvalLocksAMonth() async throws {
      typealias A = ApprovalV1.ApprovalsService
      let run = Stack.runID()
      let unit = ApprovalV1.ApprovalUnit().with {
        $0.dataSet = "collections"
        $0.period = "2009-05"
      }
      try await backend.withClient { client in
        try await Self.writeSample(client, run: run, year: 2009, collected: 1)
        func collect(_ key: String) async throws {
          _ = try await client.unary(
            API.recordCollection,
            .init().with {
              $0.collection = .init().with {
                $0.collectedOn = "2009-05-20"
                $0.sourceCode = "it-\(run)"
                $0.amount = CommonV1.Money().with { $0.vnd = Self.billion }
              }
            }, options: Stack.options(idempotencyKey: key))
        }
        // An earlier phase of this stack may have left the month approved.
        let state = try await client.unary(A.getApproval, .init().with { $0.unit = unit }, options: Stack.options())
        if state.state == .approved {
          _ = try await client.unary(
            A.reopen,
            .init().with {
              $0.unit = unit
              $0.reason = "integration test \(run)"
            }, options: Stack.options())
        }
        try await collect("it-a-\(run)")
        if try await client.unary(A.getApproval, .init().with { $0.unit = unit }, options: Stack.options()).state
          != .submitted
        {
          _ = try await client.unary(A.submit, .init().with { $0.unit = unit }, options: Stack.options())
        }
        let approved = try await client.unary(A.approve, .init().with { $0.unit = unit }, options: Stack.options())
        #expect(approved.state == .approved)
        do {
          try await collect("it-b-\(run)")
          Issue.record("a collection dated in an approved month was accepted")
        } catch let error as RPCError {
          #expect(error.code == .failedPrecondition, "\(error)")
          #expect(error.details["approval"] == "collections//2009-05", "\(error)")
        }
        _ = try await client.unary(
          A.reopen,
          .init().with {
            $0.unit = unit
            $0.reason = "integration test \(run)"
          }, options: Stack.options())
        try await collect("it-b-\(run)")
        let source = try await Self.summarySource(client, run: run, year: 2009)
        #expect(source?.collected?.vnd == 3 * Self.billion)
      }
    }

    /// The summary's row for the source `it-RUN` at the end of `year`.
    static func summarySource(_ client: RPCClient, run: String, year: Int32) async throws -> FinanceV1.RevenueLine? {
      let summary = try await client.unary(
        API.getRevenueSummary,
        .init().with {
          $0.year = year
          $0.asOf = "\(year)-12-31"
        }, options: Stack.options())
      return summary.bySource.first { $0.key == "it-\(run)" }
    }
  }
}
