import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Synchronization
import Testing

@Suite("Server streaming", .timeLimit(.minutes(1)))
struct StreamingTests {
  @Test("A stream of a method the server lacks ends with UNIMPLEMENTED at once, not when the deadline passes")
  func unknownStreamingMethod() async throws {
    try await withTestServer([], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let started = ContinuousClock.now
      let error = await #expect(throws: RPCError.self) {
        for try await _ in try await client.serverStream(
          Echo.count, ConformanceV1.Item(), options: CallOptions(timeout: .seconds(20)))
        {}
      }
      #expect(error?.code == .unimplemented)
      #expect(ContinuousClock.now - started < .seconds(10))
    }
  }

  @Test("Every message arrives in order, then the stream ends")
  func inOrder() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      var received: [Int64] = []
      for try await item in try await client.serverStream(Echo.count, ConformanceV1.Item().with { $0.amount = 500 }) {
        received.append(item.amount)
      }
      #expect(received == Array(0..<500))
    }
  }

  @Test("A slow reader holds the server back instead of making it buffer the whole stream")
  func backPressure() async throws {
    let probe = EchoProbe()
    // Uncompressed, so that the bytes on the wire are as large as the messages.
    try await withTestServer(
      [EchoService(probe: probe)], tokens: nil,
      configure: {
        $0.compressionThreshold = .max
        bulkText(&$0)
      }
    ) { server in
      let client = server.client()
      defer { client.close() }
      // 2,000 messages of 64 KiB: 128 MiB if the server buffered them all.
      let request = ConformanceV1.Item().with {
        $0.name = String(repeating: "x", count: 64 * 1024)
        $0.amount = 2_000
      }
      var iterator = try await client.serverStream(Echo.count, request).makeAsyncIterator()
      for _ in 0..<5 { _ = try await iterator.next() }
      try await Task.sleep(for: .milliseconds(500))
      let written = probe.streamed.load(ordering: .relaxed)
      // Socket buffers on loopback hold a few MiB: far fewer than 2,000 messages.
      #expect(written < 400, "the server wrote \(written) messages for a reader that took 5")
      var count = 5
      while try await iterator.next() != nil { count += 1 }
      #expect(count == 2_000)
    }
  }

  @Test("Abandoning a stream cancels the server's handler")
  func abandonedStream() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      do {
        var iterator = try await client.serverStream(Echo.count, ConformanceV1.Item().with { $0.amount = 1_000_000 })
          .makeAsyncIterator()
        _ = try await iterator.next()
      }
      #expect(await eventually { probe.streamsEnded.load(ordering: .relaxed) == 1 })
      let afterDrop = probe.streamed.load(ordering: .relaxed)
      #expect(afterDrop < 1_000_000)
    }
  }
}
