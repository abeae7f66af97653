import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictServiceRuntime
import DistrictStore
import DistrictTestSupport
import Finance
import Gateway
import Testing

@Suite("Gateway watch and health")
struct WatchAndHealthTests {
  @Test("a watch sends the overview, then a new one as soon as a backend's change feed reports a write")
  func watchSeesAChange() async throws {
    // The watch composes again on its own only every 60 s; the stream's 20 s deadline fails the
    // test unless the change feed brought the new overview.
    try await withDistrict(watchRefresh: .seconds(60)) { district in
      let stream = try await district.client.serverStream(
        GatewayV1.GatewayService.watchOverview, District.articleRequest,
        options: Token.options(Token.reader, timeout: .seconds(20)))
      var updates = stream.makeAsyncIterator()
      let first = try #require(try await updates.next())
      #expect(first.finance?.revenue?.total?.collected?.vnd == FinanceDemoData.collectedByNovember)
      try await district.collect(3 * FinanceDemoData.billion, on: "2023-10-30")
      let second = try #require(try await updates.next())
      #expect(
        second.finance?.revenue?.total?.collected?.vnd == FinanceDemoData.collectedByNovember + 3
          * FinanceDemoData.billion)
    }
  }

  @Test("a write that changes nothing the overview shows sends nothing")
  func watchIgnoresInvisibleWrites() async throws {
    try await withDistrict(watchRefresh: .seconds(60)) { district in
      let stream = try await district.client.serverStream(
        GatewayV1.GatewayService.watchOverview, District.articleRequest,
        options: Token.options(Token.reader, timeout: .seconds(4)))
      var updates = stream.makeAsyncIterator()
      _ = try #require(try await updates.next())
      // Collected after the overview's revenue date: a write, but not one the overview counts.
      try await district.collect(5 * FinanceDemoData.billion, on: "2023-12-20")
      await #expect(throws: RPCError.self) { _ = try await updates.next() }
    }
  }

  @Test("a backend going down and coming back: the watch sends its section UNAVAILABLE, then answered again")
  func watchFollowsABackendRestart() async throws {
    try await withDistrict(watchRefresh: .seconds(60)) { district in
      let stream = try await district.client.serverStream(
        GatewayV1.GatewayService.watchOverview, District.articleRequest,
        options: Token.options(Token.reader, timeout: .seconds(20)))
      var updates = stream.makeAsyncIterator()
      #expect(try await updates.next()?.finance?.status?.code == .ok)
      try? await district.finance.stop()
      #expect(try await updates.next()?.finance?.status?.code == .unavailable)
      let restarted = try await TestServer.start(
        [FinanceService(store: district.financeStore, logger: quiet), ChangesService(store: district.financeStore)],
        port: district.finance.port)
      // Overviews with finance still down may come first (the reason given changes as the
      // connection is refused); the stream's deadline fails the test unless finance comes back.
      var back: GatewayV1.Overview?
      do {
        repeat { back = try await updates.next() } while back?.finance?.status?.code == .unavailable
      } catch {
        try? await restarted.stop()
        throw error
      }
      try? await restarted.stop()
      #expect(back?.finance?.status?.code == .ok)
      #expect(back?.finance?.revenue?.total?.collected?.vnd == FinanceDemoData.collectedByNovember)
    }
  }

  @Test("the gateway is NOT_SERVING while no backend is reachable, SERVING once one is")
  func healthFollowsBackends() async throws {
    let ports = [await TestServer.freePort(), await TestServer.freePort(), await TestServer.freePort()]
    let backends = try GatewayBackends(
      indicators: "127.0.0.1:\(ports[0])", landClearance: "127.0.0.1:\(ports[1])", finance: "127.0.0.1:\(ports[2])",
      logger: quiet)
    defer { backends.close() }
    let gateway = try await TestServer.start(
      [GatewayService(backends: backends)],
      companions: { server in
        [BackendHealthMonitor(backends: backends, health: server.health, interval: .milliseconds(100), logger: quiet)]
      })
    let client = RPCClient(host: "127.0.0.1", port: gateway.port, logger: quiet)
    func status() async throws -> HealthV1.HealthCheckResponse.ServingStatus {
      try await client.unary(HealthV1.HealthService.check, .init(), options: CallOptions(timeout: .seconds(2))).status
    }
    #expect(try await eventually { try await status() == .notServing })

    // One backend comes up (finance, with no data): enough for the gateway to serve.
    let finance = try await TestServer.start(
      [FakeFinance()], port: ports[2])
    #expect(try await eventually { try await status() == .serving })

    try? await finance.stop()
    #expect(try await eventually { try await status() == .notServing })
    client.close()
    try? await gateway.stop()
  }
}
