import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Testing

@Suite("Bad input never crashes a server", .timeLimit(.minutes(1)))
struct BadInputTests {
  @Test("A declared length above the limit gets GOAWAY RESOURCE_EXHAUSTED and a close; other connections go on")
  func oversizedFrame() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      _ = try await client.unary(Echo.echo, ConformanceV1.Item())
      let frames = try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        try await peer.send([0x00, 0x50, 0x00, 0x00])  // 5 MiB declared, nothing sent
        return try await peer.framesUntilClose()
      }
      let goaway = frames.last { $0.kind == .goaway }
      #expect(goaway?.status?.code == .resourceExhausted)
      #expect(goaway?.status?.message.contains("5242880") == true)
      let echoed = try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.name = "still served" })
      #expect(echoed.name == "still served")
    }
  }

  @Test(
    "Garbage bytes get a GOAWAY and a close",
    arguments: [
      [UInt8](repeating: 0xFF, count: 64),
      [0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0xFF],
      [0x00, 0x00, 0x00, 0x00],
    ])
  func garbage(_ bytes: [UInt8]) async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let frames = try await withRawPeer(port: server.port) { peer in
        try await peer.send(bytes)
        return try await peer.framesUntilClose()
      }
      #expect(frames.contains { $0.kind == .goaway })
      let client = server.client()
      defer { client.close() }
      _ = try await client.unary(Echo.echo, ConformanceV1.Item())
    }
  }

  @Test("A request before the hello is a protocol violation")
  func requestBeforeHello() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let frames = try await withRawPeer(port: server.port) { peer in
        try await peer.send(request(1, Echo.echo.fullName))
        return try await peer.framesUntilClose()
      }
      #expect(frames.last?.kind == .goaway)
      #expect(frames.last?.status?.message.contains("HELLO") == true)
    }
  }

  @Test("A peer that sends half a frame and stalls is cut off after the read timeout")
  func stalledHalfFrame() async throws {
    try await withTestServer(
      [EchoService(probe: EchoProbe())], tokens: nil,
      configure: {
        $0.frameTimeout = .milliseconds(200)
      }
    ) { server in
      let started = ContinuousClock.now
      let frames = try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        try await peer.send([0x00, 0x00, 0x01, 0x00, 0x08, 0x01])  // 256 bytes declared, 2 sent
        return try await peer.framesUntilClose()
      }
      // Cut off by the 200 ms timeout, not the 10 s default (ConnectionTimersTests checks the
      // exact time on virtual time): the margin absorbs a loaded machine.
      #expect(ContinuousClock.now - started < .seconds(8))
      #expect(frames.last?.status?.code == .deadlineExceeded)
    }
  }

  @Test("A corrupt compressed payload fails that call with DATA_LOSS; the connection goes on")
  func corruptCompressedPayload() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        try await peer.send(request(1, Echo.echo.fullName, [0x78, 0x9C, 0xDE, 0xAD, 0xBE, 0xEF], compressed: true))
        try await peer.send(request(2, Echo.echo.fullName, []))
        var answers: [UInt64: RPCV1.Frame] = [:]
        while answers.count < 2, let frame = try await peer.nextFrame() {
          if frame.kind != .hello { answers[frame.callID] = frame }
        }
        #expect(answers[1]?.status?.code == .dataLoss)
        #expect(answers[2]?.status?.code == .ok)
      }
    }
  }

  @Test("Connections over the limit are refused with a GOAWAY")
  func connectionLimit() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil, configure: { $0.maxConnections = 1 }) {
      server in
      let client = server.client { $0.connectionsPerPeer = 1 }
      defer { client.close() }
      _ = try await client.unary(Echo.echo, ConformanceV1.Item())
      let frames = try await withRawPeer(port: server.port) { peer in try await peer.framesUntilClose() }
      #expect(frames.last?.kind == .goaway)
      #expect(frames.last?.status?.code == .resourceExhausted)
    }
  }

  @Test("Calls over the per-connection limit are refused with UNAVAILABLE")
  func callLimit() async throws {
    try await withTestServer(
      [EchoService(probe: EchoProbe())], tokens: nil,
      configure: {
        $0.maxConcurrentCallsPerConnection = 2
      }
    ) { server in
      try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        let slow = try ConformanceV1.Item().with { $0.amount = 300 }.serializedBytes()
        for id in 1...3 { try await peer.send(request(UInt64(id), Echo.echo.fullName, slow)) }
        var answers: [UInt64: RPCV1.Frame] = [:]
        while answers.count < 3, let frame = try await peer.nextFrame() {
          if frame.kind != .hello { answers[frame.callID] = frame }
        }
        #expect(answers[3]?.status?.code == .unavailable)
        #expect(answers[1]?.status?.code == .ok)
      }
    }
  }

  @Test(
    "A deadline too far for any timer is served as the maximum, and the server lives",
    arguments: [
      UInt64(10_000_000_000_000_000), UInt64.max, UInt64(86_400_000_001),
    ])
  func hugeDeadline(_ micros: UInt64) async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        var health = request(1, "/district.health.v1.Health/Check")
        health.timeoutMicros = micros
        try await peer.send(health)
        var describe = request(2, Echo.describe.fullName)
        describe.timeoutMicros = micros
        try await peer.send(describe)
        var answers: [UInt64: RPCV1.Frame] = [:]
        while answers.count < 2, let frame = try await peer.nextFrame() {
          if frame.kind != .hello { answers[frame.callID] = frame }
        }
        #expect(answers[1]?.status?.code == .ok)
        let seen = try ConformanceV1.Item(serializedBytes: answers[2]?.payload ?? [])
        #expect(seen.name.contains("remaining-ms=8639"), "the deadline is clamped to 24 h: \(seen.name)")
      }
      try await Task.sleep(for: .milliseconds(50))
      let client = server.client()
      defer { client.close() }
      _ = try await client.unary(Echo.echo, ConformanceV1.Item())
    }
  }

  @Test(
    "Metadata past 64 entries or 16 KiB is refused before decoding; at the limit it is served",
    arguments: [(64, 0, true), (65, 0, false), (700_000, 0, false), (2, 9_000, false), (1, 16_000, true)])
  func metadataLimits(entries: Int, valueBytes: Int, served: Bool) async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      let frames = try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        var call = request(1, "/district.health.v1.Health/Check")
        let value = String(repeating: "v", count: valueBytes)
        call.metadata = (0..<entries).map { n in
          RPCV1.MetadataEntry().with {
            $0.key = valueBytes > 0 ? "x-\(n)" : ""
            $0.value = value
          }
        }
        try await peer.send(call)
        var frames: [RPCV1.Frame] = []
        while let frame = try await peer.nextFrame() {
          if frame.kind == .hello { continue }
          frames.append(frame)
          if frame.kind == .response || frame.kind == .goaway { break }
        }
        return frames
      }
      if served {
        #expect(frames.last?.kind == .response)
        #expect(frames.last?.status?.code == .ok)
      } else {
        #expect(frames.last?.kind == .goaway)
        #expect(frames.last?.status?.code == .resourceExhausted)
      }
    }
  }

  @Test("A ping is answered with a pong carrying the same data")
  func pingPong() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil) { server in
      try await withRawPeer(port: server.port) { peer in
        try await peer.hello()
        var ping = RPCV1.Frame()
        ping.kind = .ping
        ping.pingData = 0xFEED
        try await peer.send(ping)
        var frame = try await peer.nextFrame()
        while frame?.kind == .hello { frame = try await peer.nextFrame() }
        #expect(frame?.kind == .pong)
        #expect(frame?.pingData == 0xFEED)
      }
    }
  }
}
