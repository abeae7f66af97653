internal import NIOCore

/// Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes.
///
/// The declared length is checked as soon as its 4 bytes arrive, before anything of the frame
/// is buffered: a length of 0 or above `maxFrameBytes` is a connection error. A frame must be
/// whole within `frameTimeout` of its first byte, however its bytes are spread out: a peer
/// that dribbles a frame a byte at a time is cut off as surely as one that stalls, so neither
/// can hold a connection and its buffer for ever. The clock does not restart with each byte.
final class FrameDecoder: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  private let maxFrameBytes: Int
  private let frameTimeout: TimeAmount
  private var cumulation: ByteBuffer? = nil
  private var stallTimer: Scheduled<Void>? = nil
  private var failed = false

  init(maxFrameBytes: Int, frameTimeout: TimeAmount) {
    self.maxFrameBytes = maxFrameBytes
    self.frameTimeout = frameTimeout
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !failed else { return }
    var incoming = unwrapInboundIn(data)
    var buffer: ByteBuffer
    if var pending = cumulation {
      pending.writeBuffer(&incoming)
      buffer = pending
    } else {
      buffer = incoming
    }
    cumulation = nil

    var completedFrame = false
    while let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) {
      guard length > 0, length <= maxFrameBytes else {
        fail(context, .frameLength(declared: Int(length), maximum: maxFrameBytes))
        return
      }
      guard buffer.readableBytes >= 4 + Int(length) else { break }
      buffer.moveReaderIndex(forwardBy: 4)
      let frame = buffer.readSlice(length: Int(length))!
      completedFrame = true
      context.fireChannelRead(wrapInboundOut(frame))
      guard !failed, context.channel.isActive else { return }
    }

    // The timer times the frame now buffered from its first byte: it keeps running while more
    // of the same frame arrives, and starts anew only for the next frame.
    if completedFrame || buffer.readableBytes == 0 {
      stallTimer?.cancel()
      stallTimer = nil
    }
    if buffer.readableBytes > 0 {
      buffer.discardReadBytes()
      cumulation = buffer
      guard stallTimer == nil else { return }
      let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
      stallTimer = context.eventLoop.scheduleTask(in: frameTimeout) {
        let (decoder, context) = loopBound.value
        decoder.fail(context, .stalledFrame(buffered: decoder.cumulation?.readableBytes ?? 0))
      }
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    stallTimer?.cancel()
    stallTimer = nil
  }

  func channelInactive(context: ChannelHandlerContext) {
    stallTimer?.cancel()
    stallTimer = nil
    context.fireChannelInactive()
  }

  private func fail(_ context: ChannelHandlerContext, _ error: ConnectionError) {
    failed = true
    cumulation = nil
    stallTimer?.cancel()
    stallTimer = nil
    context.fireErrorCaught(error)
  }
}

@available(*, unavailable)
extension FrameDecoder: Sendable {}
