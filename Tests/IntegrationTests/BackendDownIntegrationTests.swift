import DistrictRPC
import DistrictSchema
import Testing

extension RunningStack {
  /// A backend down, on purpose. Tests here carry `BackendDown` in their names: scripts/compose-test
  /// runs just those after stopping the backend (DISTRICT_INTEGRATION_PHASE=backend-down), since
  /// the test container cannot stop its siblings; scripts/stack gives them stop and start hooks.
  @Suite("A backend down", .timeLimit(.minutes(2)))
  struct BackendDownIntegrationTests {
    @Test(
      "With finance down, its health check fails and indicators still serves",
      .enabled(
        if: Backend.finance.canBeTakenDown && Backend.indicators.isConfigured,
        "nothing can take finance down: DISTRICT_STOP_COMMAND_FINANCE is not set (scripts/stack sets it; scripts/compose-test runs this with finance stopped)"
      ))
    func financeBackendDownLeavesIndicatorsServing() async throws {
      try Backend.finance.takeDown()
      do {
        await #expect(throws: (any Error).self) { _ = try await Backend.finance.health() }
        #expect(try await Backend.indicators.health() == .serving)
      } catch {
        try await Backend.finance.bringBack()
        throw error
      }
      try await Backend.finance.bringBack()
      if Backend.gateway.isConfigured && Stack.downService == nil {
        #expect(try await Self.gatewaySeesFinance(within: .seconds(10)), "the gateway did not reconnect to finance")
      }
    }

    @Test(
      "With finance down, the gateway's overview is partial: finance UNAVAILABLE, the other sections answered (BackendDown)",
      .enabled(
        if: Backend.finance.canBeTakenDown && Backend.gateway.isConfigured,
        "nothing can take finance down: DISTRICT_STOP_COMMAND_FINANCE is not set (scripts/stack sets it; scripts/compose-test runs this with finance stopped)"
      ))
    func financeBackendDownGivesPartialOverview() async throws {
      try Backend.finance.takeDown()
      do {
        let overview = try await Backend.gateway.withClient { client in
          try await client.unary(
            GatewayV1.GatewayService.getOverview, GatewayIntegrationTests.articleRequest,
            options: CallOptions(timeout: .seconds(5), metadata: Stack.options().metadata))
        }
        #expect(overview.finance?.status?.code == .unavailable)
        #expect(overview.finance?.revenue == nil)
        #expect(overview.indicators?.status?.code == .ok)
        #expect(overview.indicators?.scorecard?.total == 15)
        #expect(overview.landClearance?.totals?.organisationsPaid == 2)
        // The gateway still serves: two of its three backends answer.
        #expect(try await Backend.gateway.health() == .serving)
      } catch {
        try await Backend.finance.bringBack()
        throw error
      }
      try await Backend.finance.bringBack()
      guard Stack.downService == nil else { return }
      // The gateway reconnects on its own (its backoff is at most a second).
      #expect(try await Self.gatewaySeesFinance(within: .seconds(10)), "the gateway did not reconnect to finance")
    }

    /// Whether the gateway's overview has an answered finance section within `limit`.
    static func gatewaySeesFinance(within limit: Duration) async throws -> Bool {
      let deadline = ContinuousClock.now + limit
      while ContinuousClock.now < deadline {
        let overview = try await Backend.gateway.withClient { client in
          try await client.unary(
            GatewayV1.GatewayService.getOverview, GatewayIntegrationTests.articleRequest, options: Stack.options())
        }
        if overview.finance?.status?.code == .ok { return true }
        try await Task.sleep(for: .milliseconds(200))
      }
      return false
    }
  }
}
