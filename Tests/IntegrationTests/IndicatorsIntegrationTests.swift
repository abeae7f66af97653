import DistrictRPC
import DistrictSchema
import Testing

extension RunningStack {
  /// The indicators service, running, at DISTRICT_INDICATORS_ADDR.
  @Suite(
    "Indicators in the running stack",
    .enabled(
      if: Backend.indicators.isConfigured,
      "DISTRICT_INDICATORS_ADDR is not set: run scripts/stack or the compose test profile"),
    .timeLimit(.minutes(2)))
  struct IndicatorsIntegrationTests {
    typealias API = IndicatorsV1.IndicatorsService
    let backend = Backend.indicators

    @Test("Health: the server and the Indicators service are SERVING")
    func health() async throws {
      #expect(try await backend.health() == .serving)
      #expect(try await backend.health(service: API.name) == .serving)
    }

    @Test("The demo: resolution nq-50-hu-2022 scores 15/15 achieved or exceeded as of 2023-11-22")
    func demoScorecard() async throws {
      let card = try await backend.withClient { client in
        try await client.unary(
          API.getScorecard,
          .init().with {
            $0.resolutionID = "nq-50-hu-2022"
            $0.asOf = "2023-11-22"
          },
          options: Stack.options())
      }
      #expect(card.total == 15)
      #expect(card.exceeded + card.achieved == 15)
    }

    @Test("A measurement written through the service is in the scorecard read back")
    func writeThenRead() async throws {
      let run = Stack.runID()
      try await backend.withClient { client in
        let indicatorID = try await Self.writeSample(client, run: run, value: 640)
        let detail = try await client.unary(
          API.getIndicator, .init().with { $0.id = indicatorID }, options: Stack.options())
        #expect(detail.history.map(\.valueMilli) == [640_000_000_000_000])
        let card = try await client.unary(
          API.getScorecard,
          .init().with {
            $0.resolutionID = "it-\(run)"
            $0.asOf = "2005-12-31"
          }, options: Stack.options())
        #expect(card.total == 1)
        #expect(card.indicators.first?.indicator?.code == "IT-01")
      }
    }

    @Test(
      "Restarted, the service still has what was written before",
      .enabled(
        if: Backend.indicators.restartCommand != nil,
        "DISTRICT_RESTART_COMMAND_INDICATORS is not set: nothing here can restart the service (scripts/stack sets it)"))
    func restartKeepsData() async throws {
      let run = Stack.runID()
      let indicatorID = try await backend.withClient { try await Self.writeSample($0, run: run, value: 650) }
      try await backend.restart()
      try await backend.withClient { client in
        let detail = try await client.unary(
          API.getIndicator, .init().with { $0.id = indicatorID }, options: Stack.options())
        #expect(detail.history.map(\.valueMilli) == [650_000_000_000_000])
        let card = try await client.unary(
          API.getScorecard,
          .init().with {
            $0.resolutionID = "it-\(run)"
            $0.asOf = "2005-12-31"
          }, options: Stack.options())
        #expect(card.total == 1)
      }
    }

    @Test(
      "A marker written by a first run is read back by a run after the stack restarted (DISTRICT_INTEGRATION_PHASE)")
    func markerAcrossStackRestart() async throws {
      try await backend.withClient { client in
        if Stack.afterRestart {
          let detail = try await client.unary(
            API.getIndicator, .init().with { $0.id = "it-marker-1" }, options: Stack.options())
          #expect(detail.history.map(\.valueMilli) == [660_000_000_000_000])
        } else {
          _ = try await Self.writeSample(client, run: "marker", value: 660)
        }
      }
    }

    /// Writes a 2005 resolution `it-RUN` with one indicator (target 636 tỷ) and one year-end
    /// estimate of `value` tỷ; returns the indicator's id.
    static func writeSample(_ client: RPCClient, run: String, value: Int64) async throws -> String {
      let resolution = IndicatorsV1.Resolution().with {
        $0.id = "it-\(run)"
        $0.code = "IT-\(run)/HU"
        $0.titleVi = "Nghị quyết kiểm thử"
        $0.titleEn = "Integration test resolution"
        $0.issuingBody = "Huyện ủy"
        $0.issuedOn = "2004-12-16"
        $0.kind = .annual
        $0.periodFromYear = 2005
        $0.periodToYear = 2005
        $0.orgUnitID = "vn.long-an.can-giuoc"
      }
      _ = try await client.unary(
        API.createResolution, .init().with { $0.resolution = resolution },
        options: Stack.options(idempotencyKey: "it-r-\(run)"))
      let indicator = try await client.unary(
        API.defineIndicator,
        .init().with {
          $0.indicator = IndicatorsV1.Indicator().with {
            $0.id = "it-\(run)-1"
            $0.resolutionID = "it-\(run)"
            $0.code = "IT-01"
            $0.nameVi = "Thu ngân sách"
            $0.nameEn = "Revenue"
            $0.unit = "vnd"
            $0.direction = .higherIsBetter
            $0.targetMilli = 636_000_000_000_000
            $0.category = .economy
            $0.orgUnitID = "vn.long-an.can-giuoc"
            $0.publishedDecimals = 0
          }
        }, options: Stack.options(idempotencyKey: "it-i-\(run)"))
      _ = try await client.unary(
        API.recordMeasurement,
        .init().with {
          $0.measurement = IndicatorsV1.Measurement().with {
            $0.indicatorID = indicator.id
            $0.asOf = "2005-11-01"
            $0.valueMilli = value * 1_000_000_000_000
            $0.kind = .yearEndEstimate
          }
        }, options: Stack.options(idempotencyKey: "it-m-\(run)"))
      return indicator.id
    }
  }
}
