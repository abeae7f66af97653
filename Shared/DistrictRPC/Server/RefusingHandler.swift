internal import DistrictSchemaCore
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
    context.channel.halfCloseAndLinger()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

@available(*, unavailable)
extension RefusingHandler: Sendable {}

extension Channel {
  /// Ends a connection the server gives up on, after its GOAWAY is written: shuts the write side,
  /// keeps reading (and dropping) what the peer still sends, and closes once the peer does or
  /// after a linger of a second. Closing with the peer's bytes unread would make the kernel send
  /// a reset, which can destroy the GOAWAY on its way.
  func halfCloseAndLinger() {
    let channel = self
    channel.close(mode: .output).whenComplete { _ in
      channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
    }
  }
}
