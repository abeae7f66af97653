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
        "nothing can take finance down: DISTRICT_STOP_COMMAND_FINANCE is not set (scripts/stack sets it; scripts/compose-test runs this with finance stopped)"))
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
    }
  }
}
