import DistrictRPC
import DistrictSchema
import Testing

extension RunningStack {
  /// The land-clearance service, running, at DISTRICT_LAND_CLEARANCE_ADDR.
  @Suite(
    "Land clearance in the running stack",
    .enabled(
      if: Backend.landClearance.isConfigured,
      "DISTRICT_LAND_CLEARANCE_ADDR is not set: run scripts/stack or the compose test profile"),
    .timeLimit(.minutes(2)))
  struct LandClearanceIntegrationTests {
    typealias API = LandClearanceV1.LandClearanceService
    let backend = Backend.landClearance

    @Test("Health: the server and the LandClearance service are SERVING")
    func health() async throws {
      #expect(try await backend.health() == .serving)
      #expect(try await backend.health(service: API.name) == .serving)
    }

    @Test("The demo: as of 2023-11-22, over 878 households and 2 organisations paid, nearly 113 ha, over 1,200 tỉ đồng")
    func demoTotals() async throws {
      let totals = try await backend.withClient { client in
        try await client.unary(API.getDistrictTotals, .init().with { $0.asOf = "2023-11-22" }, options: Stack.options())
      }
      #expect(totals.householdsPaid > 878)
      #expect(totals.organisationsPaid == 2)
      #expect((1_125_000..<1_130_000).contains(totals.areaPaid?.squareMeters ?? 0))
      #expect((totals.amountPaid?.vnd ?? 0) > 1_200_000_000_000)
    }

    @Test(
      "Restarted, the service still has its projects",
      .enabled(
        if: Backend.landClearance.restartCommand != nil,
        "DISTRICT_RESTART_COMMAND_LAND_CLEARANCE is not set: nothing here can restart the service (scripts/stack sets it)"
      ))
    func restartKeepsData() async throws {
      let before = try await backend.withClient { client in
        try await client.unary(API.listProjects, .init(), options: Stack.options())
      }
      #expect(!before.projects.isEmpty)
      try await backend.restart()
      let after = try await backend.withClient { client in
        try await client.unary(API.listProjects, .init(), options: Stack.options())
      }
      #expect(after.projects.map(\.id) == before.projects.map(\.id))
    }
  }
}
