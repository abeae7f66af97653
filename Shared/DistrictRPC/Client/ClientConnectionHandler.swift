internal import DistrictSchema
internal import Logging
internal import NIOCore

/// One connection of a client, on its event loop: numbers calls, writes their requests,
/// matches answers by call id in whatever order they come, and fails calls that cannot finish.
final class ClientConnectionHandler: ChannelDuplexHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  typealias StreamSource = ResponseBytes.Source

  private enum State { case awaitingHello, open, draining, closed }

  private enum Waiter {
    case unary(CheckedContinuation<UnaryAnswer, any Error>)
    case stream(StreamSource)
  }

  private struct Pending {
    let waiter: Waiter
    let handle: CallHandle
    var timer: Scheduled<Void>?
    var paused = false
  }

  private let configuration: ClientConfiguration
  private let peer: String
  private let logger: Logger
  private let usable: @Sendable (Bool) -> Void
  private let writer: FrameWriter

  private var context: ChannelHandlerContext? = nil
  private var state = State.awaitingHello
  private var pending: [UInt64: Pending] = [:]
  private var nextCallID: UInt64 = 0
  private var peerAcceptsDeflate = false
  private var peerMaxFrameBytes = 4 * 1024 * 1024
  private var closeReason: RPCError? = nil
  private var pausedStreams = 0
  private var readHeld = false
  private var lastRead = NIODeadline.now()
  private var pingSentAt: NIODeadline? = nil
  private var keepalive: RepeatedTask? = nil

  /// - Parameter usable: told when the connection stops taking new calls.
  init(configuration: ClientConfiguration, peer: String, logger: Logger, usable: @escaping @Sendable (Bool) -> Void) {
    self.configuration = configuration
    self.peer = peer
    self.logger = logger
    self.usable = usable
    self.writer = FrameWriter(logger: logger)
  }

  static func onLoop(_ loop: NIOLoopBound<ClientConnectionHandler>, _ body: @escaping @Sendable (ClientConnectionHandler) -> Void) {
    if loop.eventLoop.inEventLoop {
      body(loop.value)
    } else {
      loop.eventLoop.execute { body(loop.value) }
    }
  }

  // MARK: Channel events

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    writer.attach(context)
  }

  /// Lets go of the context: the handler and its context would otherwise keep each other alive.
  func handlerRemoved(context: ChannelHandlerContext) {
    keepalive?.cancel()
    self.context = nil
    writer.detach()
  }

  func channelActive(context: ChannelHandlerContext) {
    write(ProtocolVersion.hello(maxFrameBytes: configuration.maxFrameBytes, maxConcurrentCalls: 0, agent: "district-client/1"))
    context.flush()
    let interval = TimeAmount.nanoseconds(configuration.keepaliveInterval.nanoseconds)
    let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
    keepalive = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: .nanoseconds(interval.nanoseconds / 2)) { _ in
      loopBound.value.checkKeepalive()
    }
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    lastRead = .now()
    pingSentAt = nil
    let frame: RPCV1.Frame
    do {
      frame = try FrameCodec.decode(unwrapInboundIn(data))
    } catch {
      close(because: RPCError(.internal, "the server sent a frame that cannot be decoded: \(error)"))
      return
    }
    if state == .awaitingHello {
      guard frame.kind == .hello || frame.kind == .goaway else {
        close(because: RPCError(.internal, "the server's first frame was \(frame.kind), not HELLO"))
        return
      }
      if let hello = frame.hello {
        guard hello.protocolVersion == ProtocolVersion.current else {
          close(because: RPCError(
            .unavailable,
            "\(peer) speaks protocol version \(hello.protocolVersion); this client speaks \(ProtocolVersion.current)"))
          return
        }
        peerAcceptsDeflate = hello.acceptEncodings.contains(Deflate.encodingName)
        if hello.maxFrameBytes > 0 { peerMaxFrameBytes = Int(hello.maxFrameBytes) }
        state = .open
        return
      }
    }
    switch frame.kind {
    case .response: completeUnary(frame)
    case .streamMessage: deliverStreamMessage(frame)
    case .streamEnd: endStream(frame)
    case .goaway: goAway(frame)
    case .ping:
      var pong = RPCV1.Frame()
      pong.kind = .pong
      pong.pingData = frame.pingData
      write(pong)
    case .pong, .hello: break
    default: logger.debug("ignoring a \(frame.kind) frame from \(peer)")
    }
  }

  func read(context: ChannelHandlerContext) {
    if pausedStreams > 0 {
      readHeld = true
    } else {
      context.read()
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    state = .closed
    usable(false)
    keepalive?.cancel()
    let reason = closeReason ?? RPCError(.unavailable, "the connection to \(peer) closed")
    for (_, call) in pending { finish(call, with: reason) }
    pending.removeAll()
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    close(because: RPCError(.unavailable, "connection to \(peer) failed: \(error)"))
  }

  // MARK: Starting calls

  func startUnary(_ call: OutgoingCall, _ handle: CallHandle, _ continuation: CheckedContinuation<UnaryAnswer, any Error>) {
    start(call, handle, .unary(continuation))
  }

  func startStream(_ call: OutgoingCall, _ handle: CallHandle, _ source: StreamSource) {
    start(call, handle, .stream(source))
  }

  private func start(_ call: OutgoingCall, _ handle: CallHandle, _ waiter: Waiter) {
    let refuse = { (error: RPCError) in
      self.finish(Pending(waiter: waiter, handle: handle, timer: nil), with: error)
    }
    guard !handle.cancelled else {
      refuse(RPCError(.cancelled, "the call was cancelled by its caller"))
      return
    }
    guard state == .open || state == .awaitingHello else {
      refuse(RPCError(.unavailable, "the connection to \(peer) is closing", details: [Self.notProcessed: "true"]))
      return
    }
    nextCallID += 1
    let callID = nextCallID
    handle.callID = callID

    var frame = RPCV1.Frame()
    frame.callID = callID
    frame.kind = .request
    frame.method = call.method
    if let timeout = call.timeout { frame.timeoutMicros = CallTimeout.toWire(timeout) }
    frame.metadata = call.metadata.frameEntries
    FrameCodec.setPayload(
      call.payload, of: &frame, peerAcceptsDeflate: peerAcceptsDeflate, threshold: configuration.compressionThreshold)
    guard write(frame, limit: peerMaxFrameBytes) else {
      refuse(RPCError(
        .resourceExhausted, "the request (\(frame.payload.count) bytes) exceeds the \(peerMaxFrameBytes)-byte frames \(peer) accepts"))
      return
    }
    var entry = Pending(waiter: waiter, handle: handle, timer: nil)
    if let deadline = call.deadline, let context {
      let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
      let timeout = call.timeout ?? .zero
      entry.timer = context.eventLoop.scheduleTask(deadline: deadline) {
        loopBound.value.cancel(handle, because: RPCError(.deadlineExceeded, "no answer from \(call.method) within \(timeout)"))
      }
    }
    pending[callID] = entry
  }

  /// Ends a call early: answers its caller with `error` and tells the server to stop.
  func cancel(_ handle: CallHandle, because error: RPCError) {
    guard let callID = handle.callID else {
      handle.cancelled = true
      return
    }
    guard let call = pending.removeValue(forKey: callID) else { return }
    finish(call, with: error)
    var frame = RPCV1.Frame()
    frame.callID = callID
    frame.kind = .cancel
    write(frame)
  }

  // MARK: Answers

  private func payload(of frame: RPCV1.Frame) throws -> [UInt8] {
    guard frame.compressed else { return frame.payload }
    do {
      return try Deflate.decompress(frame.payload, limit: configuration.maxFrameBytes)
    } catch {
      throw RPCError(.dataLoss, "the compressed answer from \(peer) could not be restored: \(error)")
    }
  }

  private func completeUnary(_ frame: RPCV1.Frame) {
    guard let call = pending[frame.callID] else { return }
    guard case .unary(let continuation) = call.waiter else {
      // A server that refuses a call before knowing it streams (an unknown method) answers
      // RESPONSE: for a stream, that is its end.
      endStream(frame)
      return
    }
    pending[frame.callID] = nil
    call.timer?.cancel()
    let status = frame.status ?? RPCV1.Status()
    let metadata = Metadata(frame.metadata)
    guard status.code == .ok else {
      var error = RPCError(status: status)
      error.metadata = metadata
      continuation.resume(throwing: error)
      callEnded()
      return
    }
    continuation.resume(with: Result { UnaryAnswer(payload: try payload(of: frame), metadata: metadata) })
    callEnded()
  }

  private func deliverStreamMessage(_ frame: RPCV1.Frame) {
    guard let call = pending[frame.callID], case .stream(let source) = call.waiter else { return }
    let bytes: [UInt8]
    do {
      bytes = try payload(of: frame)
    } catch {
      cancel(call.handle, because: error as? RPCError ?? RPCError(.dataLoss, "\(error)"))
      return
    }
    if source.yield(bytes) == .stopProducing, !call.paused {
      pending[frame.callID]?.paused = true
      pausedStreams += 1
    }
  }

  /// The consumer of a paused stream caught up: read the connection again.
  func resumeReading(_ handle: CallHandle) {
    guard let callID = handle.callID, pending[callID]?.paused == true else { return }
    pending[callID]?.paused = false
    unpause()
  }

  private func unpause() {
    pausedStreams -= 1
    if pausedStreams == 0, readHeld, let context {
      readHeld = false
      context.read()
    }
  }

  private func endStream(_ frame: RPCV1.Frame) {
    guard let call = pending.removeValue(forKey: frame.callID) else { return }
    let status = frame.status ?? RPCV1.Status()
    finish(call, with: status.code == .ok ? nil : RPCError(status: status))
    callEnded()
  }

  private func finish(_ call: Pending, with error: RPCError?) {
    call.timer?.cancel()
    if call.paused { unpause() }
    switch call.waiter {
    case .unary(let continuation):
      continuation.resume(throwing: error ?? RPCError(.internal, "a unary call ended without an answer"))
    case .stream(let source):
      if let error { source.finish(error) } else { source.finish() }
    }
  }

  private func goAway(_ frame: RPCV1.Frame) {
    let status = frame.status ?? RPCV1.Status()
    let reason = RPCError(status: status)
    logger.debug("GOAWAY from \(peer): \(reason)")
    state = .draining
    usable(false)
    closeReason = RPCError(reason.code == .ok ? .unavailable : reason.code, "\(peer) closed the connection: \(reason.message)")
    for (callID, call) in pending where callID > frame.lastCallID {
      pending[callID] = nil
      finish(call, with: RPCError(
        .unavailable, "\(peer) is going away and did not process the call: \(reason.message)",
        details: [Self.notProcessed: "true"]))
    }
    callEnded()
  }

  private func callEnded() {
    if state == .draining, pending.isEmpty { context?.close(promise: nil) }
  }

  private func close(because reason: RPCError) {
    guard state != .closed else { return }
    logger.debug("closing connection to \(peer): \(reason)")
    closeReason = reason
    state = .closed
    usable(false)
    context?.close(promise: nil)
  }

  private func checkKeepalive() {
    let now = NIODeadline.now()
    let interval = TimeAmount.nanoseconds(configuration.keepaliveInterval.nanoseconds)
    let timeout = TimeAmount.nanoseconds(configuration.keepaliveTimeout.nanoseconds)
    if let sent = pingSentAt {
      if now - sent >= timeout {
        close(because: RPCError(.unavailable, "\(peer) did not answer a keepalive ping within \(configuration.keepaliveTimeout)"))
      }
    } else if now - lastRead >= interval {
      var ping = RPCV1.Frame()
      ping.kind = .ping
      ping.pingData = UInt64.random(in: 1...UInt64.max)
      pingSentAt = now
      write(ping)
    }
  }

  /// The detail that marks an `UNAVAILABLE` call as never processed: safe to send again.
  static let notProcessed = "not-processed"

  // MARK: Writing

  @discardableResult
  private func write(_ frame: RPCV1.Frame, limit: Int = .max) -> Bool {
    writer.write(frame, limit: limit)
  }
}

@available(*, unavailable)
extension ClientConnectionHandler: Sendable {}
