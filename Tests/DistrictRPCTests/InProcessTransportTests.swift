import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// `RPCClient(connectedTo:)`: a client of a server in this process through a socketpair — the
/// whole protocol, no port. The same behaviour as over TCP, and no listener needed.
@Suite("The in-process transport", .timeLimit(.minutes(1)))
struct InProcessTransportTests {
  @Test("A server that never listened answers unary and streaming calls, with the caller's principal")
  func callsWithoutAListener() async throws {
    let server = RPCServer(
      configuration: .defaults(port: 0), services: [EchoService(probe: EchoProbe())], tokens: Token.store,
      logger: quietTestLogger)
    let client = RPCClient(connectedTo: server, logger: quietTestLogger)
    defer { client.close() }
    #expect(client.peer == "in-process")
    let item = ConformanceV1.Item().with {
      $0.name = "Cần Giuộc"
      $0.amount = 0
    }
    #expect(try await client.unary(Echo.echo, item, options: Token.options(Token.reader)) == item)
    let described = try await client.unary(Echo.describe, item, options: Token.options(Token.editor))
    #expect(described.name.contains("subject=editor@test"))
    var names: [Int64] = []
    for try await answer in try await client.serverStream(
      Echo.count, .init().with { $0.amount = 3 }, options: Token.options(Token.reader))
    {
      names.append(answer.amount)
    }
    #expect(names == [0, 1, 2])
    await expectRPCError(.unauthenticated) { _ = try await client.unary(Echo.echo, item) }
    await expectRPCError(.permissionDenied) {
      _ = try await client.unary(Echo.write, item, options: Token.options(Token.reader))
    }
  }

  @Test("Deadlines and cancellation reach the handler as over TCP")
  func deadlinesAndCancellation() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = RPCClient(connectedTo: server.server, logger: quietTestLogger)
      defer { client.close() }
      await expectRPCError(.deadlineExceeded) {
        _ = try await client.unary(
          Echo.echo, .init().with { $0.amount = 5_000 }, options: CallOptions(timeout: .milliseconds(100)))
      }
      #expect(await eventually { probe.cancelled.load(ordering: .relaxed) == 1 })
      let call = Task { try await client.unary(Echo.echo, .init().with { $0.amount = 10_000 }) }
      #expect(await eventually { probe.started.load(ordering: .relaxed) == 2 })
      call.cancel()
      _ = await call.result
      #expect(await eventually { probe.cancelled.load(ordering: .relaxed) == 2 })
      #expect(probe.finished.load(ordering: .relaxed) == 0)
    }
  }

  @Test("Graceful shutdown drains in-process connections; afterwards a new one is refused as UNAVAILABLE")
  func shutdownDrainsAndRefuses() async throws {
    let probe = EchoProbe()
    let server = try await TestServer.start([EchoService(probe: probe)], tokens: nil)
    let client = RPCClient(connectedTo: server.server, logger: quietTestLogger)
    defer { client.close() }
    let inFlight = Task { try await client.unary(Echo.echo, .init().with { $0.amount = 300 }) }
    #expect(await eventually { probe.started.load(ordering: .relaxed) == 1 })
    try await server.stop()
    // The call in flight finished within the grace period.
    #expect(try await inFlight.value.amount == 300)
    let late = RPCClient(connectedTo: server.server, logger: quietTestLogger)
    defer { late.close() }
    let refusal = await expectRPCError(.unavailable) { _ = try await late.unary(Echo.echo, .init()) }
    #expect(refusal?.message.contains("shutting down") == true, "\(String(describing: refusal))")
  }
}
