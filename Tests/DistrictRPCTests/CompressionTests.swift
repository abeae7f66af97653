import DistrictSchema
import DistrictTestSupport
import Testing

@testable import DistrictRPC

@Suite("Compression", .timeLimit(.minutes(1)))
struct CompressionTests {
  @Test("Large payloads travel compressed both ways and arrive intact", arguments: [100, 200_000])
  func roundTrip(size: Int) async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil, configure: bulkText) { server in
      let client = server.client()
      defer { client.close() }
      let name = String(repeating: "Cần Giuộc ", count: size / 12)
      let echoed = try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.name = name })
      #expect(echoed.name == name)
    }
  }

  @Test("The server compresses a large response for a caller that accepts deflate, and not otherwise")
  func serverCompressesOnlyWhenAccepted() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: nil, configure: bulkText) { server in
      let big = try ConformanceV1.Item().with { $0.name = String(repeating: "a", count: 50_000) }.serializedBytes()
      for accepts in [true, false] {
        try await withRawPeer(port: server.port) { peer in
          var hello = ProtocolVersion.hello(maxFrameBytes: 4 << 20, maxConcurrentCalls: 0, agent: "raw")
          if !accepts { hello.hello?.acceptEncodings = [] }
          try await peer.send(hello)
          try await peer.send(request(1, Echo.echo.fullName, big))
          var answer = try await peer.nextFrame()
          while answer?.kind == .hello { answer = try await peer.nextFrame() }
          #expect(answer?.compressed == accepts)
          let payload = accepts ? try Deflate.decompress(answer?.payload ?? [], limit: 1 << 20) : answer?.payload
          #expect(payload == big)
          #expect(accepts ? (answer?.payload.count ?? .max) < 1_000 : true)
        }
      }
    }
  }

  @Test("Deflate refuses to inflate past its limit")
  func inflateLimit() throws {
    let bomb = Deflate.compress([UInt8](repeating: 0, count: 1 << 20))
    #expect(throws: Deflate.Failure.self) { try Deflate.decompress(bomb, limit: 64 * 1024) }
    #expect(try Deflate.decompress(bomb, limit: 1 << 20).count == 1 << 20)
  }
}
