import DistrictSchema
import DistrictTestSupport
import NIOCore
import NIOPosix
import Testing

@testable import DistrictRPC

@Suite("Keepalive", .timeLimit(.minutes(1)))
struct KeepaliveTests {
  @Test("A client closes a connection whose peer stops answering pings, failing its calls with UNAVAILABLE")
  func silentPeer() async throws {
    // A peer that says hello and then never answers anything.
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(SilentPeer())
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    defer { listener.close(promise: nil) }

    var configuration = ClientConfiguration.defaults
    // The call is in flight well before the first ping (2 s after the hello), even on a loaded
    // machine (at 300 ms, a CI run under load started the call after the ping had already closed
    // the connection), so the only way it can fail is the unanswered ping; a generous connect
    // timeout keeps a slow connect from being mistaken for it.
    configuration.keepaliveInterval = .seconds(2)
    configuration.keepaliveTimeout = .seconds(1)
    configuration.connectTimeout = .seconds(10)
    let client = RPCClient(
      host: "127.0.0.1", port: listener.localAddress!.port!, configuration: configuration, logger: quietTestLogger)
    defer { client.close() }
    let started = ContinuousClock.now
    let error = await expectRPCError(.unavailable) {
      _ = try await client.unary(Echo.echo, ConformanceV1.Item())
    }
    #expect(error?.message.contains("keepalive") == true, "\(String(describing: error))")
    // Before the 10 s connect timeout: the margin absorbs a loaded machine.
    #expect(ContinuousClock.now - started < .seconds(8))
  }
}

/// Sends a hello on connect, then reads and ignores everything.
private final class SilentPeer: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  func channelActive(context: ChannelHandlerContext) {
    var buffer = context.channel.allocator.buffer(capacity: 64)
    _ = try? FrameCodec.encode(
      ProtocolVersion.hello(maxFrameBytes: 4 << 20, maxConcurrentCalls: 0, agent: "silent"), into: &buffer)
    context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
