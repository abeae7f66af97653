import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Graceful shutdown", .timeLimit(.minutes(1)))
struct ShutdownTests {
  @Test("Calls in flight finish; the server then refuses new work and closes")
  func drainsCallsInFlight() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let calls = (0..<20).map { index in
        Task {
          try await client.unary(
            Echo.echo,
            ConformanceV1.Item().with {
              $0.amount = 300
              $0.name = "\(index)"
            })
        }
      }
      #expect(await eventually { probe.started.load(ordering: .relaxed) == 20 })
      await server.group.triggerGracefulShutdown()
      for (index, call) in calls.enumerated() {
        let answer = try await call.value
        #expect(answer.name == "\(index)")
      }
      // The listener is gone: a new call cannot be served. On a loaded machine the GOAWAY may
      // reach the client only after a first new call went out on the draining connection, so
      // ask again until the answer settles, for at most 5 s.
      let refused = await eventually(within: .seconds(5), every: .milliseconds(50)) {
        do {
          _ = try await client.unary(Echo.echo, ConformanceV1.Item())
          return false
        } catch {
          return (error as? RPCError)?.code == .unavailable
        }
      }
      #expect(refused, "the server still answers new calls 5 s after it began to shut down")
    }
  }

  @Test("A stream in flight ends at once with UNAVAILABLE, not after the grace period")
  func streamsEndAtOnce() async throws {
    let probe = EchoProbe()
    try await withTestServer(
      [EchoService(probe: probe)], tokens: nil, configure: { $0.shutdownGracePeriod = .seconds(30) }
    ) {
      server in
      let client = server.client()
      defer { client.close() }
      // A stream far longer than the test: it writes until the consumer stops reading.
      let stream = try await client.serverStream(Echo.count, ConformanceV1.Item().with { $0.amount = 1_000_000_000 })
      var messages = stream.makeAsyncIterator()
      _ = try #require(try await messages.next())
      let started = ContinuousClock.now
      await server.group.triggerGracefulShutdown()
      await expectRPCError(.unavailable) { while try await messages.next() != nil {} }
      #expect(ContinuousClock.now - started < .seconds(10), "the 30 s grace period was not waited for")
      #expect(await eventually { probe.streamsEnded.load(ordering: .relaxed) == 1 })
    }
  }

  @Test("Calls that outlast the grace period are cancelled")
  func gracePeriod() async throws {
    let probe = EchoProbe()
    try await withTestServer(
      [EchoService(probe: probe)], tokens: nil, configure: { $0.shutdownGracePeriod = .milliseconds(200) }
    ) { server in
      let client = server.client()
      defer { client.close() }
      let call = Task { try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.amount = 30_000 }) }
      #expect(await eventually { probe.started.load(ordering: .relaxed) == 1 })
      let started = ContinuousClock.now
      await server.group.triggerGracefulShutdown()
      await expectRPCError(.unavailable) { _ = try await call.value }
      // Long before the handler's 30 s: the margin absorbs a loaded machine.
      #expect(ContinuousClock.now - started < .seconds(15))
      #expect(await eventually { probe.cancelled.load(ordering: .relaxed) == 1 })
    }
  }
}
