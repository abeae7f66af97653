import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Synchronization
import Testing

@Suite("Unary calls over loopback", .timeLimit(.minutes(1)))
struct CallTests {
  @Test("1,000 concurrent calls on one connection, answered out of order, each matched to its caller")
  func multiplexing() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = server.client {
        $0.connectionsPerPeer = 1
        $0.callsPerConnectionBeforeGrowing = .max
      }
      defer { client.close() }
      try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<1_000 {
          group.addTask {
            var request = ConformanceV1.Item()
            request.name = "call \(index)"
            request.amount = Int64.random(in: 0...20)  // a random handler delay, in ms
            let response = try await client.unary(Echo.echo, request)
            #expect(response == request)
          }
        }
        try await group.waitForAll()
      }
    }
    #expect(probe.finished.load(ordering: .relaxed) == 1_000)
  }

  @Test("An unknown method is UNIMPLEMENTED and names the method")
  func unknownMethod() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let error = await expectRPCError(.unimplemented) {
        _ = try await client.unary(method: "/district.test.v1.Echo/Nope", payload: [])
      }
      #expect(error?.message.contains("/district.test.v1.Echo/Nope") == true)
    }
  }

  @Test("An undecodable request is INVALID_ARGUMENT")
  func undecodableRequest() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      await expectRPCError(.invalidArgument) {
        _ = try await client.unary(method: Echo.echo.fullName, payload: [0xFF, 0xFF, 0xFF])
      }
      // The connection still serves.
      let echoed = try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.name = "still here" })
      #expect(echoed.name == "still here")
    }
  }

  @Test("A handler's own error reaches the caller as INTERNAL without its text")
  func internalErrorsDoNotLeak() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let error = await expectRPCError(.internal) {
        _ = try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.amount = -1 })
      }
      #expect(error?.message.contains("password") == false)
      #expect(error?.message.contains("trace") == true)
    }
  }

  @Test("A peer that is down fails fast with UNAVAILABLE, and the client reconnects when it is back")
  func peerDownAndBack() async throws {
    let port = try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { $0.port }
    // A connect timeout far longer than a refused connection takes, so that "fast" means "did
    // not wait for it", whatever the machine's load.
    var slowConnect = ClientConfiguration.defaults
    slowConnect.connectTimeout = .seconds(30)
    let client = RPCClient(host: "127.0.0.1", port: port, configuration: slowConnect, logger: quietTestLogger)
    defer { client.close() }
    let started = ContinuousClock.now
    await expectRPCError(.unavailable) { _ = try await client.unary(Echo.echo, ConformanceV1.Item()) }
    // While backing off, a second call fails at once without dialling.
    await expectRPCError(.unavailable) { _ = try await client.unary(Echo.echo, ConformanceV1.Item()) }
    #expect(ContinuousClock.now - started < .seconds(15))

    let server = try await TestServer.start(
      [EchoService(probe: EchoProbe())], port: port, tokens: nil, configure: { $0.host = "127.0.0.1" })
    let answered = await eventually(within: .seconds(5), every: .milliseconds(50)) {
      (try? await client.unary(Echo.echo, ConformanceV1.Item())) != nil
    }
    try await server.stop()
    #expect(answered)
  }

  @Test("Metadata reaches the handler: idempotency key and trace")
  func metadataReachesHandler() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      let options = CallOptions(metadata: ["idempotency-key": "pay-42", "traceparent": trace])
      let answer = try await client.unary(Echo.describe, ConformanceV1.Item(), options: options)
      #expect(answer.name.contains("idempotency=pay-42"))
      #expect(answer.name.contains("trace=4bf92f3577b34da6a3ce929d0e0e4736"))
    }
  }

  @Test("Metadata travels back with the answer, and with a failure")
  func responseMetadata() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let answer = try await client.unaryWithMetadata(Echo.write, ConformanceV1.Item())
      #expect(answer.metadata["x-written-by"] == "anonymous")
      let error = await expectRPCError(.failedPrecondition) {
        _ = try await client.unary(Echo.write, ConformanceV1.Item().with { $0.name = "refuse" })
      }
      #expect(error?.metadata["x-written-by"] == "anonymous")
    }
  }
}
