internal import DistrictSchemaCore
internal import Logging
internal import NIOCore

/// One connection of a client, on its event loop: the I/O of the protocol that
/// ``ClientConnectionStateMachine`` decides.
///
/// It writes the HELLO and each call's REQUEST, gives the frames it reads to the state machine,
/// hands answers to the callers waiting for them in whatever order they come, arms and cancels
/// the deadline and keepalive timers, and holds reads back while a stream's consumer is behind.
final class ClientConnectionHandler: ChannelDuplexHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  typealias StreamSource = ResponseBytes.Source

  private enum Waiter {
    case unary(CheckedContinuation<UnaryAnswer, any Error>)
    case stream(StreamSource)

    var isStream: Bool {
      if case .stream = self { return true }
      return false
    }
  }

  /// What a call in flight holds, released when the state machine ends the call.
  private struct CallResources {
    let waiter: Waiter
    var deadlineTimer: Scheduled<Void>?
  }

  /// The detail that marks an `UNAVAILABLE` call as never processed: safe to send again.
  static let notProcessed = ClientConnectionStateMachine.notProcessed

  private let configuration: ClientConfiguration
  private let peer: String
  private let logger: Logger
  private let usable: @Sendable (Bool) -> Void
  private let writer: FrameWriter

  private var context: ChannelHandlerContext? = nil
  private var machine: ClientConnectionStateMachine
  /// The resources of each call the state machine has in flight.
  private var calls: [UInt64: CallResources] = [:]
  private var keepalive: RepeatedTask? = nil

  /// - Parameter usable: told when the connection stops taking new calls.
  init(configuration: ClientConfiguration, peer: String, logger: Logger, usable: @escaping @Sendable (Bool) -> Void) {
    self.configuration = configuration
    self.peer = peer
    self.logger = logger
    self.usable = usable
    self.writer = FrameWriter(logger: logger)
    self.machine = ClientConnectionStateMachine(
      peerName: peer, keepaliveInterval: configuration.keepaliveInterval,
      keepaliveTimeout: configuration.keepaliveTimeout, now: .now())
  }

  static func onLoop(
    _ loop: NIOLoopBound<ClientConnectionHandler>, _ body: @escaping @Sendable (ClientConnectionHandler) -> Void
  ) {
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
    write(
      ProtocolVersion.hello(
        maxFrameBytes: configuration.maxFrameBytes, maxConcurrentCalls: 0, agent: "district-client/1"))
    context.flush()
    let interval = TimeAmount.nanoseconds(configuration.keepaliveInterval.nanoseconds)
    let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
    keepalive = context.eventLoop.scheduleRepeatedTask(
      initialDelay: interval, delay: .nanoseconds(interval.nanoseconds / 2)
    ) { _ in
      loopBound.value.keepaliveTimerFired()
    }
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame: RPCV1.Frame
    do {
      frame = try FrameCodec.decode(unwrapInboundIn(data))
    } catch {
      close(because: RPCError(.internal, "the server sent a frame that cannot be decoded: \(error)"))
      return
    }
    switch machine.received(frame, at: .now()) {
    case .ignore:
      break
    case .ignoreUnexpected:
      logger.debug("ignoring a \(frame.kind) frame from \(peer)")
    case .pong(let data):
      var pong = RPCV1.Frame()
      pong.kind = .pong
      pong.pingData = data
      write(pong)
    case .streamMessage(let callID):
      deliverStreamMessage(frame, to: callID)
    case .answered(let callID, let resumesReading, let closesConnection):
      if let waiter = release(callID, resumesReading: resumesReading) { answer(waiter, from: frame) }
      if closesConnection { context.close(promise: nil) }
    case .failCall(let call, let closesConnection):
      end(call)
      if closesConnection { context.close(promise: nil) }
    case .goAway(let reason, let unprocessed, let closesConnection):
      logger.debug("GOAWAY from \(peer): \(reason)")
      usable(false)
      for call in unprocessed { end(call) }
      if closesConnection { context.close(promise: nil) }
    case .close(let reason):
      closeChannel(because: reason)
    }
  }

  func read(context: ChannelHandlerContext) {
    if machine.readRequested() { context.read() }
  }

  func channelInactive(context: ChannelHandlerContext) {
    usable(false)
    keepalive?.cancel()
    for call in machine.closed() { end(call) }
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    close(because: RPCError(.unavailable, "connection to \(peer) failed: \(error)"))
  }

  // MARK: Starting calls

  func startUnary(
    _ call: OutgoingCall, _ handle: CallHandle, _ continuation: CheckedContinuation<UnaryAnswer, any Error>
  ) {
    start(call, handle, .unary(continuation))
  }

  func startStream(_ call: OutgoingCall, _ handle: CallHandle, _ source: StreamSource) {
    start(call, handle, .stream(source))
  }

  private func start(_ call: OutgoingCall, _ handle: CallHandle, _ waiter: Waiter) {
    let callID: UInt64
    switch machine.startCall(cancelledByCaller: handle.cancelled) {
    case .refuse(let error):
      fail(waiter, with: error)
      return
    case .send(let id):
      callID = id
    }
    handle.callID = callID

    var frame = RPCV1.Frame()
    frame.callID = callID
    frame.kind = .request
    frame.method = call.method
    if let timeout = call.timeout { frame.timeoutMicros = CallTimeout.toWire(timeout) }
    frame.metadata = call.metadata.frameEntries
    FrameCodec.setPayload(
      call.payload, of: &frame, peerAcceptsDeflate: machine.peer.acceptsDeflate,
      threshold: configuration.compressionThreshold)
    let limit = machine.peer.maxFrameBytes
    guard write(frame, limit: limit) else {
      fail(
        waiter,
        with: RPCError(
          .resourceExhausted,
          "the request (\(frame.payload.count) bytes) exceeds the \(limit)-byte frames \(peer) accepts"))
      return
    }
    machine.sent(callID: callID, isStream: waiter.isStream)
    var resources = CallResources(waiter: waiter)
    if let deadline = call.deadline, let context {
      let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
      let method = call.method
      let timeout = call.timeout ?? .zero
      resources.deadlineTimer = context.eventLoop.scheduleTask(deadline: deadline) {
        let handler = loopBound.value
        if let ended = handler.machine.deadlinePassed(callID: callID, method: method, timeout: timeout) {
          handler.endEarly(ended)
        }
      }
    }
    calls[callID] = resources
  }

  /// Ends a call early: answers its caller with `error` and tells the server to stop.
  func cancel(_ handle: CallHandle, because error: RPCError) {
    guard let callID = handle.callID else {
      handle.cancelled = true
      return
    }
    if let ended = machine.cancelled(callID: callID, because: error) { endEarly(ended) }
  }

  /// The consumer of a paused stream caught up: read the connection again.
  func resumeReading(_ handle: CallHandle) {
    guard let callID = handle.callID, machine.streamResumed(callID: callID) else { return }
    context?.read()
  }

  // MARK: Answers

  private func deliverStreamMessage(_ frame: RPCV1.Frame, to callID: UInt64) {
    guard case .stream(let source) = calls[callID]?.waiter else { return }
    let bytes: [UInt8]
    do {
      bytes = try payload(of: frame)
    } catch {
      let reason = error as? RPCError ?? RPCError(.dataLoss, "\(error)")
      if let ended = machine.cancelled(callID: callID, because: reason) { endEarly(ended) }
      return
    }
    if source.yield(bytes) == .stopProducing { machine.streamPaused(callID: callID) }
  }

  private func payload(of frame: RPCV1.Frame) throws -> [UInt8] {
    guard frame.compressed else { return frame.payload }
    do {
      return try Deflate.decompress(frame.payload, limit: configuration.maxFrameBytes)
    } catch {
      throw RPCError(.dataLoss, "the compressed answer from \(peer) could not be restored: \(error)")
    }
  }

  /// Takes out the resources of a call the state machine ended: cancels its deadline timer, and
  /// reads again if it held the reads back. Returns its waiter, to answer.
  private func release(_ callID: UInt64, resumesReading: Bool) -> Waiter? {
    guard let resources = calls.removeValue(forKey: callID) else { return nil }
    resources.deadlineTimer?.cancel()
    if resumesReading { context?.read() }
    return resources.waiter
  }

  /// Gives a caller the answer in the frame that ended its call: a unary call's payload and
  /// metadata, or a stream's clean end.
  private func answer(_ waiter: Waiter, from frame: RPCV1.Frame) {
    switch waiter {
    case .unary(let continuation):
      continuation.resume(
        with: Result { UnaryAnswer(payload: try payload(of: frame), metadata: Metadata(frame.metadata)) })
    case .stream(let source):
      source.finish()
    }
  }

  /// Fails the caller of a call the state machine ended with an error.
  private func end(_ call: ClientConnectionStateMachine.EndedCall) {
    if let waiter = release(call.callID, resumesReading: call.resumesReading) { fail(waiter, with: call.error) }
  }

  /// Ends a call before its answer (cancelled, expired, unreadable) and tells the server to stop.
  private func endEarly(_ call: ClientConnectionStateMachine.EndedCall) {
    end(call)
    var frame = RPCV1.Frame()
    frame.callID = call.callID
    frame.kind = .cancel
    write(frame)
  }

  private func fail(_ waiter: Waiter, with error: RPCError) {
    switch waiter {
    case .unary(let continuation): continuation.resume(throwing: error)
    case .stream(let source): source.finish(error)
    }
  }

  // MARK: Keepalive and closing

  private func keepaliveTimerFired() {
    switch machine.keepaliveTimerFired(at: .now()) {
    case .nothing:
      break
    case .ping:
      var ping = RPCV1.Frame()
      ping.kind = .ping
      ping.pingData = UInt64.random(in: 1...UInt64.max)
      write(ping)
    case .close(let reason):
      closeChannel(because: reason)
    }
  }

  /// Closes the connection after a failure the handler found (an undecodable frame, an I/O error).
  private func close(because reason: RPCError) {
    if machine.failed(reason) { closeChannel(because: reason) }
  }

  /// Closes the channel of a connection the state machine has closed; ``channelInactive(context:)``
  /// then fails its calls with `reason`.
  private func closeChannel(because reason: RPCError) {
    logger.debug("closing connection to \(peer): \(reason)")
    usable(false)
    context?.close(promise: nil)
  }

  // MARK: Writing

  @discardableResult
  private func write(_ frame: RPCV1.Frame, limit: Int = .max) -> Bool {
    writer.write(frame, limit: limit)
  }
}

@available(*, unavailable)
extension ClientConnectionHandler: Sendable {}
