import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Synchronization
import Testing

@Suite("Deadlines and cancellation", .timeLimit(.minutes(1)))
struct DeadlineAndCancelTests {
  @Test("A call past its deadline is DEADLINE_EXCEEDED and the server cancels its handler")
  func deadlineExceeded() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let started = ContinuousClock.now
      await expectRPCError(.deadlineExceeded) {
        _ = try await client.unary(
          Echo.echo, ConformanceV1.Item().with { $0.amount = 5_000 }, options: CallOptions(timeout: .milliseconds(100)))
      }
      // Well before the handler's 5 s: the margin absorbs a loaded machine.
      #expect(ContinuousClock.now - started < .seconds(4))
      #expect(await eventually { probe.cancelled.load(ordering: .relaxed) == 1 })
      #expect(probe.finished.load(ordering: .relaxed) == 0)
    }
  }

  @Test("The server enforces the deadline it received even when the client would wait longer")
  func serverSideDeadline() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        var frame = request(
          1, Echo.echo.fullName, try ConformanceV1.Item().with { $0.amount = 5_000 }.serializedBytes())
        frame.timeoutMicros = 50_000
        try await peer.send(frame)
        var answer = try await peer.nextFrame()
        while answer?.kind == .hello { answer = try await peer.nextFrame() }
        #expect(answer?.kind == .response)
        #expect(answer?.callID == 1)
        #expect(answer?.status?.code == .deadlineExceeded)
      }
      #expect(await eventually { probe.cancelled.load(ordering: .relaxed) == 1 })
    }
  }

  @Test("Cancelling the caller's task sends a cancel and the server cancels the handler")
  func cancellation() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let call = Task {
        try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.amount = 10_000 })
      }
      #expect(await eventually { probe.started.load(ordering: .relaxed) == 1 })
      call.cancel()
      let result = await call.result
      guard case .failure(let error as RPCError) = result else {
        Issue.record("expected a CANCELLED RPCError, got \(result)")
        return
      }
      #expect(error.code == .cancelled)
      #expect(await eventually { probe.cancelled.load(ordering: .relaxed) == 1 })
    }
  }

  @Test("A handler that calls another service passes on what is left of its deadline")
  func deadlinePropagation() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { backend in
      let backendClient = backend.client()
      defer { backendClient.close() }
      try await withTestServer([Relay(backend: backendClient)], tokens: nil) { front in
        let client = front.client()
        defer { client.close() }
        let trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let answer = try await client.unary(
          Relay.relay, ConformanceV1.Item(),
          options: CallOptions(timeout: .seconds(5), metadata: ["traceparent": trace]))
        // The backend saw the same trace and at most the 5 s the front was given.
        #expect(answer.name.contains("trace=0af7651916cd43dd8448eb211c80319c"))
        let remaining = answer.name.split(separator: " ").first { $0.hasPrefix("remaining-ms=") }
          .flatMap { Int($0.dropFirst("remaining-ms=".count)) }
        #expect(remaining != nil && remaining! <= 5_000 && remaining! > 0)
      }
    }
  }
}

/// Relays to `Echo/Describe` on another server, from inside its handler.
struct Relay: RPCService {
  static let relay = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.test.v1.Relay/Relay", kind: .unary)
  let backend: RPCClient

  func register(in router: inout RPCRouter) {
    let backend = backend
    router.register(Self.relay, requiredRole: .reader) { request, _ in
      try await backend.unary(Echo.describe, request)
    }
  }
}
