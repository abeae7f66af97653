internal import DistrictSchemaCore
internal import Logging
internal import NIOCore

/// Writes the frames of one connection from its event loop, flushing once per loop tick: the
/// answers that complete in one tick share a flush (and a `write` syscall).
final class FrameWriter {
  private let logger: Logger
  private var context: ChannelHandlerContext? = nil
  private var flushScheduled = false

  init(logger: Logger) {
    self.logger = logger
  }

  /// Attaches the writer to its channel; until then writes are dropped.
  func attach(_ context: ChannelHandlerContext) {
    self.context = context
  }

  /// Lets go of the channel (its handler is removed); later writes are dropped.
  func detach() {
    context = nil
  }

  /// Encodes and writes a frame, flushing at the end of this event-loop tick.
  /// - Returns: false, writing nothing, when the frame cannot be encoded or exceeds `limit`.
  @discardableResult
  func write(_ frame: RPCV1.Frame, limit: Int = .max) -> Bool {
    guard let context else { return false }
    var buffer = context.channel.allocator.buffer(capacity: frame.payload.count + frame.method.utf8.count + 64)
    do {
      let size = try FrameCodec.encode(frame, into: &buffer)
      guard size <= limit else { return false }
    } catch {
      logger.error("could not encode a \(frame.kind) frame: \(error)")
      return false
    }
    context.write(NIOAny(buffer), promise: nil)
    guard !flushScheduled else { return true }
    flushScheduled = true
    let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
    context.eventLoop.execute {
      let writer = loopBound.value
      writer.flushScheduled = false
      writer.context?.flush()
    }
    return true
  }
}

@available(*, unavailable)
extension FrameWriter: Sendable {}
