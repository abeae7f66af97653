internal import DistrictSchema
internal import NIOCore

/// Answers a connection the server cannot take with a GOAWAY saying why, then closes it.
final class RefusingHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let reason: RPCError

  init(reason: RPCError) {
    self.reason = reason
  }

  func channelActive(context: ChannelHandlerContext) {
    var goaway = RPCV1.Frame()
    goaway.kind = .goaway
    goaway.status = reason.status
    var buffer = context.channel.allocator.buffer(capacity: 128)
    _ = try? FrameCodec.encode(goaway, into: &buffer)
    context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    // Half-close and linger, as for a connection error: a close with the peer's HELLO unread
    // would send a reset that can destroy the GOAWAY.
    let channel = context.channel
    channel.close(mode: .output).whenComplete { _ in
      channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
    }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

@available(*, unavailable)
extension RefusingHandler: Sendable {}
