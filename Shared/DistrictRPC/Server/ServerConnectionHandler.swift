internal import CoreMetrics
internal import DistrictSchemaCore
internal import Logging
internal import NIOCore

/// Serves the calls of one connection, on its event loop: the I/O of the protocol that
/// ``ServerConnectionStateMachine`` decides.
///
/// It reads frames and gives them to the state machine, starts a task per admitted call,
/// arms and cancels the hello, idle and deadline timers, writes answers in whatever order
/// handlers finish, and on shutdown sends GOAWAY and closes once the calls in flight are done.
final class ServerConnectionHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  /// What a call in flight holds, torn down when the state machine ends the call.
  private struct CallResources {
    /// The call as the metrics count it, until it ends.
    let measurement: CallMetrics.Call
    var task: Task<Void, Never>?
    var deadlineTimer: Scheduled<Void>?
    /// A stream writer waiting for the connection to drain its outbound buffer.
    var writabilityWaiter: CheckedContinuation<Void, any Error>?

    func release() {
      deadlineTimer?.cancel()
      task?.cancel()
      writabilityWaiter?.resume(throwing: CancellationError())
    }
  }

  private enum Outcome: Sendable {
    case response([UInt8])
    case streamEnded
    case failed(any Error)
  }

  private let methods: [String: RegisteredMethod]
  private let interceptors: [any ServerInterceptor]
  private let configuration: ServerConfiguration
  private let metrics: ServerMetrics
  private let defaultPrincipal: Principal
  private var logger: Logger
  private let executor: EventLoopExecutor
  private let writer: FrameWriter

  private var context: ChannelHandlerContext? = nil
  private var machine: ServerConnectionStateMachine
  /// The resources of each call the state machine has in flight.
  private var calls: [UInt64: CallResources] = [:]
  private var peer = "unknown"
  private var random = FastRandom()
  /// Cuts a connection that sends no HELLO in time; cancelled by the HELLO.
  private var helloTimer: Scheduled<Void>? = nil
  /// Closes a connection with no call in flight and no frame from the client for the idle
  /// timeout; restarted by every frame, cancelled while calls are in flight.
  private var idleTimer: Scheduled<Void>? = nil

  init(
    methods: [String: RegisteredMethod], interceptors: [any ServerInterceptor],
    configuration: ServerConfiguration, metrics: ServerMetrics, defaultPrincipal: Principal, logger: Logger,
    eventLoop: any EventLoop
  ) {
    self.methods = methods
    self.interceptors = interceptors
    self.configuration = configuration
    self.metrics = metrics
    self.defaultPrincipal = defaultPrincipal
    self.logger = logger
    self.executor = EventLoopExecutor(eventLoop)
    self.writer = FrameWriter(logger: logger)
    self.machine = ServerConnectionStateMachine(maxConcurrentCalls: configuration.maxConcurrentCallsPerConnection)
  }

  // MARK: Channel events

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    writer.attach(context)
    peer = context.channel.remoteAddress?.description ?? "unknown"
    logger[metadataKey: "rpc.peer"] = "\(peer)"
  }

  /// Lets go of the context (and the writer's): the handler and its context would otherwise keep
  /// each other alive after the channel is gone, one leaked handler per connection.
  func handlerRemoved(context: ChannelHandlerContext) {
    helloTimer?.cancel()
    idleTimer?.cancel()
    self.context = nil
    writer.detach()
  }

  func channelActive(context: ChannelHandlerContext) {
    logger.debug("connection opened")
    write(
      ProtocolVersion.hello(
        maxFrameBytes: configuration.maxFrameBytes,
        maxConcurrentCalls: configuration.maxConcurrentCallsPerConnection, agent: "district-server/1"))
    context.flush()
    let timeout = configuration.helloTimeout
    let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
    helloTimer = context.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
      let handler = loopBound.value
      if let error = handler.machine.helloTimerFired(after: timeout) { handler.fail(error) }
    }
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard machine.phase != .closed else { return }
    let frame: RPCV1.Frame
    do {
      frame = try FrameCodec.decode(unwrapInboundIn(data))
    } catch {
      fail(error as? ConnectionError ?? .undecodableFrame("\(error)"))
      return
    }
    if machine.frameRestartsIdleTimer { restartIdleTimer() }
    switch machine.received(frame) {
    case .ignore:
      break
    case .helloAccepted:
      helloTimer?.cancel()
      helloTimer = nil
      restartIdleTimer()
    case .request:
      startCall(frame)
    case .cancel(let callID, let after):
      endCall(callID, code: .cancelled)?.release()
      callEnded(after)
    case .pong(let data):
      var pong = RPCV1.Frame()
      pong.kind = .pong
      pong.pingData = data
      write(pong)
    case .fail(let error):
      fail(error)
    }
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      for (id, call) in calls {
        if let waiter = call.writabilityWaiter {
          calls[id]?.writabilityWaiter = nil
          waiter.resume()
        }
      }
    }
    context.fireChannelWritabilityChanged()
  }

  func channelInactive(context: ChannelHandlerContext) {
    closeAll()
    logger.debug("connection closed")
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if let error = error as? ConnectionError {
      fail(error)
    } else {
      logger.debug("connection error: \(error)")
      context.close(promise: nil)
    }
  }

  // MARK: Calls

  private func startCall(_ frame: RPCV1.Frame) {
    let callID = frame.callID
    let method = methods[frame.method]
    // Refusals of a streaming method end it as a stream does (STREAM_END); an unknown method's
    // is a RESPONSE (the client ends a stream on either).
    let isStream: Bool
    if case .serverStreaming = method?.body { isStream = true } else { isStream = false }
    switch machine.admit(callID: callID, method: frame.method, known: method != nil, isStream: isStream) {
    case .admit:
      break
    case .refuse(let status, let isStream):
      metrics.calls.refused(method: method?.fullName, isStream: isStream, code: status.code)
      answer(callID, isStream: isStream, status: status)
      return
    case .fail(let error):
      fail(error)
      return
    }
    guard let method else { return }  // admitted: the method is known

    var payload = frame.payload
    if frame.compressed {
      do throws(Deflate.Failure) {
        payload = try Deflate.decompress(payload, limit: configuration.maxFrameBytes)
      } catch {
        let status =
          switch error {
          case .tooLarge(let limit):
            RPCError(.resourceExhausted, "the decompressed request is larger than \(limit) bytes")
          case .corrupt(let reason): RPCError(.dataLoss, "the compressed request is corrupt: \(reason)")
          }
        metrics.calls.refused(method: method.fullName, isStream: isStream, code: status.code)
        answer(callID, isStream: isStream, status: status)
        return
      }
    }

    let metadata = Metadata(frame.metadata)
    let traceParent = metadata[MetadataKey.traceparent].flatMap(TraceParent.init) ?? .random(using: &random)
    let timeout =
      CallTimeout.fromWire(micros: frame.timeoutMicros) ?? configuration.defaultTimeout.map(CallTimeout.bounded)
    var callLogger = logger
    callLogger[metadataKey: "rpc.method"] = "\(frame.method)"
    callLogger[metadataKey: "rpc.call_id"] = "\(callID)"
    callLogger[metadataKey: "trace_id"] = "\(traceParent.traceID)"
    let serverContext = ServerContext(
      method: frame.method, metadata: metadata, deadline: timeout.map { ContinuousClock.now + $0 }, peer: peer,
      traceParent: traceParent, principal: defaultPrincipal, logger: callLogger)

    machine.started(callID: callID, isStream: isStream)
    let measured = method.measured ?? metrics.calls.method(method.fullName, isStream: isStream)
    calls[callID] = CallResources(measurement: metrics.calls.started(measured))
    idleTimer?.cancel()
    idleTimer = nil
    if let timeout {
      let loopBound = NIOLoopBound(self, eventLoop: executor.eventLoop)
      calls[callID]?.deadlineTimer = executor.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
        loopBound.value.expire(callID, after: timeout)
      }
    }
    calls[callID]?.task = spawn(callID: callID, method: method, payload: payload, context: serverContext)
  }

  private func spawn(
    callID: UInt64, method: RegisteredMethod, payload: [UInt8], context: ServerContext
  ) -> Task<Void, Never> {
    let loop = NIOLoopBound(self, eventLoop: executor.eventLoop)
    let interceptors = self.interceptors
    let call = CallDescription(method: method.fullName, requiredRole: method.requiredRole)
    let sink = StreamSink { bytes in try await Self.sendStreamMessage(bytes, callID: callID, on: loop) }
    let work: @Sendable () async -> Void = {
      let result = await Self.run(
        method: method, payload: payload, context: context, interceptors: interceptors, call: call, sink: sink)
      Self.onLoop(loop) { $0.finish(callID, result.0, context: result.1) }
    }
    // A unary handler runs on the connection's event loop: no thread hop from frame to answer.
    // A stream handler runs on the global executor: a stream that never suspends elsewhere
    // would otherwise keep the loop busy and starve its reads (a cancel would not get through).
    if case .serverStreaming = method.body {
      return Task(executorPreference: globalConcurrentExecutor, operation: work)
    }
    return Task(executorPreference: executor, operation: work)
  }

  /// Runs the interceptors and the handler of one call.
  private static func run(
    method: RegisteredMethod, payload: [UInt8], context: ServerContext,
    interceptors: [any ServerInterceptor], call: CallDescription, sink: StreamSink
  ) async -> (Outcome, ServerContext) {
    var context = context
    do {
      for interceptor in interceptors { try await interceptor.intercept(&context, call: call) }
      let current = context
      switch method.body {
      case .unary(let body):
        let bytes = try await ServerContext.$current.withValue(current) { try await body(payload, current) }
        return (.response(bytes), context)
      case .serverStreaming(let body):
        try await ServerContext.$current.withValue(current) { try await body(payload, sink, current) }
        return (.streamEnded, context)
      }
    } catch {
      return (.failed(error), context)
    }
  }

  private static func onLoop(
    _ loop: NIOLoopBound<ServerConnectionHandler>, _ body: @escaping @Sendable (ServerConnectionHandler) -> Void
  ) {
    if loop.eventLoop.inEventLoop {
      body(loop.value)
    } else {
      loop.eventLoop.execute { body(loop.value) }
    }
  }

  private static func sendStreamMessage(
    _ bytes: [UInt8], callID: UInt64, on loop: NIOLoopBound<ServerConnectionHandler>
  ) async throws {
    try Task.checkCancellation()
    let mustWait = try await loop.eventLoop.submit { try loop.value.writeStreamMessage(bytes, callID: callID) }.get()
    guard mustWait else { return }
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      onLoop(loop) { handler in handler.awaitWritability(callID, continuation) }
    }
  }

  /// Writes one stream message; returns whether the writer must wait for the buffer to drain.
  private func writeStreamMessage(_ bytes: [UInt8], callID: UInt64) throws -> Bool {
    guard calls[callID] != nil, let context else { throw CancellationError() }
    var frame = RPCV1.Frame()
    frame.callID = callID
    frame.kind = .streamMessage
    setPayload(&frame, bytes)
    guard write(frame, limit: machine.peer.maxFrameBytes) else {
      throw RPCError(.resourceExhausted, "a stream message of \(bytes.count) bytes exceeds the caller's frame limit")
    }
    return !context.channel.isWritable
  }

  private func awaitWritability(_ callID: UInt64, _ continuation: CheckedContinuation<Void, any Error>) {
    guard calls[callID] != nil, let context else {
      continuation.resume(throwing: CancellationError())
      return
    }
    if context.channel.isWritable {
      continuation.resume()
    } else {
      calls[callID]?.writabilityWaiter = continuation
    }
  }

  private func finish(_ callID: UInt64, _ outcome: Outcome, context: ServerContext) {
    guard let (isStream, after) = machine.finished(callID: callID) else { return }  // expired or cancelled already
    let call = calls.removeValue(forKey: callID)
    call?.deadlineTimer?.cancel()
    call?.writabilityWaiter?.resume(throwing: CancellationError())
    let limit = machine.peer.maxFrameBytes
    var code = StatusCode.ok
    switch outcome {
    case .response(let bytes):
      var frame = RPCV1.Frame()
      frame.callID = callID
      frame.kind = .response
      frame.status = RPCV1.Status()
      frame.metadata = context.responseMetadata.metadata.frameEntries
      setPayload(&frame, bytes)
      if !write(frame, limit: limit) {
        code = .resourceExhausted
        answer(
          callID, isStream: false,
          status: RPCError(
            .resourceExhausted, "the response is larger than the \(limit) bytes the caller accepts"))
      }
    case .streamEnded:
      answer(callID, isStream: true, status: nil, metadata: context.responseMetadata.metadata)
    case .failed(let error):
      let status = Self.status(for: error, context: context)
      code = status.code
      answer(callID, isStream: isStream, status: status, metadata: context.responseMetadata.metadata)
    }
    if let call { metrics.calls.handled(call.measurement, code: code) }
    callEnded(after)
  }

  private static func status(for error: any Error, context: ServerContext) -> RPCError {
    let logger = context.logger
    if let rpcError = RPCError(converting: error) {
      logger.debug("call failed: \(rpcError)")
      return rpcError
    }
    switch error {
    case is CancellationError:
      return RPCError(.cancelled, "the call was cancelled")
    default:
      logger.error("handler failed: \(error)")
      return RPCError(
        .internal, "the server failed to answer (trace \(context.traceParent.traceID)); the error is in its log")
    }
  }

  private func expire(_ callID: UInt64, after timeout: Duration) {
    guard let (isStream, after) = machine.deadlinePassed(callID: callID) else { return }
    metrics.deadlinesExceeded.increment()
    endCall(callID, code: .deadlineExceeded)?.release()
    answer(
      callID, isStream: isStream,
      status: RPCError(
        .deadlineExceeded, "the deadline (\(timeout)) passed before the call finished"))
    callEnded(after)
  }

  /// Ends a call with a status: RESPONSE for a unary call, STREAM_END for a stream.
  private func answer(_ callID: UInt64, isStream: Bool, status: RPCError?, metadata: Metadata = Metadata()) {
    var frame = RPCV1.Frame()
    frame.callID = callID
    frame.kind = isStream ? .streamEnd : .response
    frame.status = status?.status ?? RPCV1.Status()
    frame.metadata = metadata.frameEntries
    write(frame)
  }

  private func setPayload(_ frame: inout RPCV1.Frame, _ bytes: [UInt8]) {
    FrameCodec.setPayload(
      bytes, of: &frame, peerAcceptsDeflate: machine.peer.acceptsDeflate, threshold: configuration.compressionThreshold)
  }

  // MARK: Shutdown

  /// Sends GOAWAY, refuses new calls, ends the server streams, and closes once the unary calls
  /// in flight are done.
  ///
  /// The server streams here are watches, with no end of their own: waiting for them would hold
  /// every shutdown for the whole grace period (a gateway always watches its backends' change
  /// feeds). They end at once with `UNAVAILABLE`, and the caller watches again elsewhere or after
  /// the restart.
  func beginDrain() {
    guard let drain = machine.drain() else { return }
    var goaway = RPCV1.Frame()
    goaway.kind = .goaway
    goaway.lastCallID = drain.lastCallID
    goaway.status = RPCError(.unavailable, "the server is shutting down").status
    write(goaway)
    for callID in drain.endedStreams {
      endCall(callID, code: .unavailable)?.release()
      answer(
        callID, isStream: true,
        status: RPCError(
          .unavailable, "the server is shutting down; watch again on a new connection"))
    }
    context?.flush()
    callEnded(drain.after)
  }

  /// Does what follows a call's end: close a drained connection, or arm the idle timer.
  private func callEnded(_ after: ServerConnectionStateMachine.AfterCall) {
    switch after {
    case .close:
      guard let context else { return }
      context.flush()
      context.close(promise: nil)
    case .armIdleTimer:
      restartIdleTimer()
    case .nothing:
      break
    }
  }

  private func restartIdleTimer() {
    idleTimer?.cancel()
    idleTimer = nil
    guard machine.idleTimerMayRun, let timeout = configuration.idleTimeout else { return }
    let loopBound = NIOLoopBound(self, eventLoop: executor.eventLoop)
    idleTimer = executor.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
      let handler = loopBound.value
      if let error = handler.machine.idleTimerFired(after: timeout) { handler.fail(error) }
    }
  }

  /// Ends the connection after a connection error: GOAWAY with the reason, then a half-close.
  ///
  /// Closing a socket whose peer's bytes are still unread makes the kernel send a reset, which
  /// can destroy the GOAWAY on its way. So the server shuts its side for writing, keeps reading
  /// (and dropping) what the peer still sends, and closes once the peer does or after a linger
  /// of a second.
  private func fail(_ error: ConnectionError) {
    guard let context, machine.phase != .closed else { return }
    metrics.cut(error)
    if case .idle = error {
      logger.debug("closing connection: \(error)")
    } else {
      logger.warning("closing connection: \(error)")
    }
    var goaway = RPCV1.Frame()
    goaway.kind = .goaway
    goaway.lastCallID = machine.lastCallID
    goaway.status = error.status.status
    closeAll()
    write(goaway)
    context.flush()
    context.channel.halfCloseAndLinger()
  }

  /// Marks the connection closed and ends everything it runs: its timers and its calls, which
  /// are cancelled without an answer.
  private func closeAll() {
    helloTimer?.cancel()
    idleTimer?.cancel()
    for callID in machine.closed() { endCall(callID, code: .cancelled)?.release() }
    for callID in Array(calls.keys) { endCall(callID, code: .cancelled)?.release() }
  }

  /// Takes a call that ends without its handler's answer (cancelled, expired, cut off) out of
  /// those in flight and counts it as ended with `code`; the caller releases what it holds.
  private func endCall(_ callID: UInt64, code: StatusCode) -> CallResources? {
    guard let call = calls.removeValue(forKey: callID) else { return nil }
    metrics.calls.handled(call.measurement, code: code)
    return call
  }

  // MARK: Writing

  @discardableResult
  private func write(_ frame: RPCV1.Frame, limit: Int = .max) -> Bool {
    writer.write(frame, limit: limit)
  }
}

@available(*, unavailable)
extension ServerConnectionHandler: Sendable {}
