import DistrictRPC
import DistrictSchema
import Finance
import Gateway
import Testing

@Suite("Gateway watch and health")
struct WatchAndHealthTests {
  @Test("a watch sends the overview, then a new one when a backend's data changes")
  func watchSeesAChange() async throws {
    try await withDistrict(watchInterval: .milliseconds(100)) { district in
      let stream = try await district.client.serverStream(
        GatewayV1.GatewayService.watchOverview, District.articleRequest, options: Token.options(Token.reader))
      var updates = stream.makeAsyncIterator()
      let first = try #require(try await updates.next())
      #expect(first.finance?.revenue?.total?.collected?.vnd == FinanceDemoData.collectedByNovember)
      try await district.collect(3 * FinanceDemoData.tỷ, on: "2023-10-30")
      let second = try #require(try await updates.next())
      #expect(second.finance?.revenue?.total?.collected?.vnd == FinanceDemoData.collectedByNovember + 3 * FinanceDemoData.tỷ)
    }
  }

  @Test("the gateway is NOT_SERVING while no backend is reachable, SERVING once one is")
  func healthFollowsBackends() async throws {
    let ports = [try await freePort(), try await freePort(), try await freePort()]
    let backends = try GatewayBackends(
      indicators: "127.0.0.1:\(ports[0])", landClearance: "127.0.0.1:\(ports[1])", finance: "127.0.0.1:\(ports[2])",
      logger: quiet)
    defer { backends.close() }
    let gateway = try await ServerHandle.start([GatewayService(backends: backends)]) { server in
      [BackendHealthMonitor(backends: backends, health: server.health, interval: .milliseconds(100), logger: quiet)]
    }
    let client = RPCClient(host: "127.0.0.1", port: gateway.port, logger: quiet)
    func status() async throws -> HealthV1.HealthCheckResponse.ServingStatus {
      try await client.unary(HealthV1.HealthService.check, .init(), options: CallOptions(timeout: .seconds(2))).status
    }
    #expect(try await eventually { try await status() == .notServing })

    // One backend comes up (finance, with no data): enough for the gateway to serve.
    let finance = try await ServerHandle.start(
      [FakeFinance()], port: ports[2])
    #expect(try await eventually { try await status() == .serving })

    await finance.stop()
    #expect(try await eventually { try await status() == .notServing })
    client.close()
    await gateway.stop()
  }
}
