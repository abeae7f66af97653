import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Testing

@Suite("Health", .timeLimit(.minutes(1)))
struct HealthTests {
  @Test("The server and each of its services are SERVING; an unknown service is NOT_FOUND")
  func check() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      for service in ["", "district.test.v1.Echo"] {
        let answer = try await client.unary(
          HealthV1.HealthService.check, HealthV1.HealthCheckRequest().with { $0.service = service })
        #expect(answer.status == .serving)
      }
      await expectRPCError(.notFound) {
        _ = try await client.unary(
          HealthV1.HealthService.check, HealthV1.HealthCheckRequest().with { $0.service = "nope" })
      }
    }
  }

  @Test("Watch streams the current status, then every change")
  func watch() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let stream = try await client.serverStream(
        HealthV1.HealthService.watch, HealthV1.HealthCheckRequest().with { $0.service = "district.test.v1.Echo" })
      var iterator = stream.makeAsyncIterator()
      #expect(try await iterator.next()?.status == .serving)
      server.server.health.set("district.test.v1.Echo", .notServing)
      #expect(try await iterator.next()?.status == .notServing)
    }
  }
}
