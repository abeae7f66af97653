internal import DistrictSchemaCore
internal import NIOCore

/// The protocol state of one client connection (docs/PROTOCOL.md §2–§5), without any I/O: the
/// phase (waiting for the server's HELLO, open, draining after a GOAWAY, closed), the calls in
/// flight and the ids they were given, what the server's HELLO accepts, which streams hold the
/// connection's reads back, and when the server last said anything. ``ClientConnectionHandler``
/// feeds it events — a frame read, a call started or cancelled by its caller, a deadline or the
/// keepalive timer fired, a read asked for, the connection failed or lost — and does what the
/// returned action says: write a frame, end a call with this error, read again, close.
///
/// A plain value: every transition is a unit test (`ClientConnectionStateMachineTests`), no
/// socket and no clock involved (the time of a read or a timer comes in with the event). The
/// handler keeps the resources of each call (its waiter, its deadline timer) keyed by the ids
/// this struct hands out.
struct ClientConnectionStateMachine {
  enum Phase: Equatable { case awaitingHello, open, draining, closed }

  /// A call that failed and left the table: fail its caller with `error`.
  struct EndedCall: Equatable {
    let callID: UInt64
    let error: RPCError
    /// It was the last paused stream, and a read was held back meanwhile: read again.
    let resumesReading: Bool
  }

  /// What to do with a frame the server sent.
  enum FrameAction: Equatable {
    /// Nothing (the HELLO was accepted, the frame is for no call in flight, or needs no answer).
    case ignore
    /// A kind a server does not send: log it, and go on.
    case ignoreUnexpected
    /// A PING: answer it with a PONG carrying the same data.
    case pong(UInt64)
    /// A STREAM_MESSAGE of a stream in flight: hand its payload to the stream, and tell
    /// ``streamPaused(callID:)`` when the stream's buffer is full.
    case streamMessage(UInt64)
    /// A RESPONSE or STREAM_END answered a call, which left the table: give its caller the
    /// frame's answer (a unary call's payload and metadata, or a stream's clean end); read again
    /// when `resumesReading`; then close when `closesConnection` (the connection was draining
    /// and this was its last call).
    case answered(callID: UInt64, resumesReading: Bool, closesConnection: Bool)
    /// A RESPONSE or STREAM_END failed a call with its status; then close when `closesConnection`.
    case failCall(EndedCall, closesConnection: Bool)
    /// A GOAWAY: the connection takes no new calls. End the calls the server did not process,
    /// then close when `closesConnection` (no call is left).
    case goAway(reason: RPCError, unprocessed: [EndedCall], closesConnection: Bool)
    /// The server broke the handshake: the connection is closed with `reason`; close the channel.
    case close(RPCError)
  }

  /// Whether a call may be sent.
  enum CallStart: Equatable {
    /// Write its REQUEST with this id; once written, tell ``sent(callID:isStream:)``.
    case send(UInt64)
    /// Fail it at once with this error.
    case refuse(RPCError)
  }

  /// What the keepalive timer asks for.
  enum KeepaliveAction: Equatable {
    case nothing
    /// The server has been quiet for the keepalive interval: send a PING.
    case ping
    /// The PING went unanswered: the connection is closed with `reason`; close the channel.
    case close(RPCError)
  }

  /// The detail that marks an `UNAVAILABLE` call as never processed: safe to send again.
  static let notProcessed = "not-processed"

  /// The server's address, for the errors callers see.
  let peerName: String
  let keepaliveInterval: Duration
  let keepaliveTimeout: Duration
  private(set) var phase = Phase.awaitingHello
  /// What the server's HELLO said about itself; the defaults until it arrives.
  private(set) var peer = PeerHello()
  /// The calls in flight: id → whether it is a server stream.
  private(set) var calls: [UInt64: Bool] = [:]
  /// The streams whose consumer is behind: the connection is not read while there is one.
  private(set) var pausedStreams: Set<UInt64> = []
  /// A read was asked for while streams were paused.
  private(set) var readHeld = false
  private var lastCallID: UInt64 = 0
  /// Why the connection ends: what the calls in flight are failed with once it is closed.
  private var closeReason: RPCError? = nil
  private var lastRead: NIODeadline
  private var pingSentAt: NIODeadline? = nil

  /// - Parameter now: the connection's start, from when the keepalive interval first counts.
  init(peerName: String, keepaliveInterval: Duration, keepaliveTimeout: Duration, now: NIODeadline) {
    self.peerName = peerName
    self.keepaliveInterval = keepaliveInterval
    self.keepaliveTimeout = keepaliveTimeout
    self.lastRead = now
  }

  // MARK: Frames

  /// A decoded frame from the server, read at `now` (any frame answers a keepalive PING).
  mutating func received(_ frame: RPCV1.Frame, at now: NIODeadline) -> FrameAction {
    lastRead = now
    pingSentAt = nil
    switch phase {
    case .closed:
      return .ignore
    case .awaitingHello:
      if let action = receivedFirst(frame) { return action }
    case .open, .draining:
      break
    }
    switch frame.kind {
    case .response:
      return response(frame)
    case .streamMessage:
      return calls[frame.callID] == true ? .streamMessage(frame.callID) : .ignore
    case .streamEnd:
      return streamEnd(frame)
    case .goaway:
      return goAway(frame)
    case .ping:
      return .pong(frame.pingData)
    case .pong, .hello:
      return .ignore
    default:
      return .ignoreUnexpected
    }
  }

  /// The frame before the server's HELLO: the HELLO itself, or a GOAWAY (handled as after it).
  /// A HELLO frame without its hello field is ignored, and the next frame must be the HELLO.
  private mutating func receivedFirst(_ frame: RPCV1.Frame) -> FrameAction? {
    guard frame.kind == .hello || frame.kind == .goaway else {
      return .close(close(because: RPCError(.internal, "the server's first frame was \(frame.kind), not HELLO")))
    }
    guard frame.kind == .hello, let hello = frame.hello else { return nil }
    guard let peer = PeerHello(hello) else {
      return .close(
        close(
          because: RPCError(
            .unavailable,
            "\(peerName) speaks protocol version \(hello.protocolVersion); this client speaks \(ProtocolVersion.current)"
          )))
    }
    self.peer = peer
    phase = .open
    return .ignore
  }

  /// A RESPONSE ends a unary call with its answer or its failure (with the server's metadata),
  /// and a stream as STREAM_END does: a server that refuses a call before knowing it streams
  /// (an unknown method) answers RESPONSE.
  private mutating func response(_ frame: RPCV1.Frame) -> FrameAction {
    guard let isStream = calls[frame.callID] else { return .ignore }
    guard !isStream else { return streamEnd(frame) }
    let status = frame.status ?? RPCV1.Status()
    guard status.code == .ok else {
      var error = RPCError(status: status)
      error.metadata = Metadata(frame.metadata)
      return .failCall(end(frame.callID, with: error), closesConnection: drainedEmpty)
    }
    return answered(frame.callID)
  }

  /// A STREAM_END ends a stream, cleanly or with its status; a unary call it ends has no answer.
  private mutating func streamEnd(_ frame: RPCV1.Frame) -> FrameAction {
    guard let isStream = calls[frame.callID] else { return .ignore }
    let status = frame.status ?? RPCV1.Status()
    guard status.code == .ok else {
      return .failCall(end(frame.callID, with: RPCError(status: status)), closesConnection: drainedEmpty)
    }
    guard isStream else {
      let error = RPCError(.internal, "a unary call ended without an answer")
      return .failCall(end(frame.callID, with: error), closesConnection: drainedEmpty)
    }
    return answered(frame.callID)
  }

  /// The server is going away: the calls above its last call id were never processed, and fail
  /// at once as safe to retry elsewhere; the others may still be answered.
  private mutating func goAway(_ frame: RPCV1.Frame) -> FrameAction {
    let reason = RPCError(status: frame.status ?? RPCV1.Status())
    phase = .draining
    closeReason = RPCError(
      reason.code == .ok ? .unavailable : reason.code, "\(peerName) closed the connection: \(reason.message)")
    let refusal = RPCError(
      .unavailable, "\(peerName) is going away and did not process the call: \(reason.message)",
      details: [Self.notProcessed: "true"])
    let unprocessed = calls.keys.filter { $0 > frame.lastCallID }.sorted().map { end($0, with: refusal) }
    return .goAway(reason: reason, unprocessed: unprocessed, closesConnection: drainedEmpty)
  }

  // MARK: Calls

  /// The caller starts a call (`cancelledByCaller`: its caller gave up before it got here).
  /// Calls may start before the server's HELLO; a draining or closed connection refuses them
  /// as never processed.
  mutating func startCall(cancelledByCaller: Bool) -> CallStart {
    guard !cancelledByCaller else {
      return .refuse(RPCError(.cancelled, "the call was cancelled by its caller"))
    }
    guard phase == .open || phase == .awaitingHello else {
      return .refuse(
        RPCError(
          .unavailable, "the connection to \(peerName) is closing", details: [Self.notProcessed: "true"]))
    }
    lastCallID += 1
    return .send(lastCallID)
  }

  /// The REQUEST of call `callID` was written: the call is in flight. (A request too large to
  /// write never is, and its id stays unused.)
  mutating func sent(callID: UInt64, isStream: Bool) {
    calls[callID] = isStream
  }

  /// The call ends early with `reason`: its caller cancelled it, or its answer could not be
  /// read. `nil`: it was not in flight (it ended already); otherwise fail it and send CANCEL.
  /// A draining connection is left for the server to close once it has seen the CANCEL.
  mutating func cancelled(callID: UInt64, because reason: RPCError) -> EndedCall? {
    guard calls[callID] != nil else { return nil }
    return end(callID, with: reason)
  }

  /// The call's deadline passed: as ``cancelled(callID:because:)``, with DEADLINE_EXCEEDED.
  mutating func deadlinePassed(callID: UInt64, method: String, timeout: Duration) -> EndedCall? {
    cancelled(callID: callID, because: RPCError(.deadlineExceeded, "no answer from \(method) within \(timeout)"))
  }

  // MARK: Reading

  /// The channel asks to read: `true` to read now, `false` to hold the read back until no
  /// stream is paused.
  mutating func readRequested() -> Bool {
    guard pausedStreams.isEmpty else {
      readHeld = true
      return false
    }
    return true
  }

  /// The stream's buffer is full (its consumer is behind): no read until it resumes or ends.
  mutating func streamPaused(callID: UInt64) {
    guard calls[callID] != nil else { return }
    pausedStreams.insert(callID)
  }

  /// The consumer of a paused stream caught up: `true` to read again now.
  mutating func streamResumed(callID: UInt64) -> Bool {
    unpause(callID)
  }

  // MARK: Keepalive and closing

  /// The keepalive timer fired at `now`: ping a server quiet for the keepalive interval, and
  /// close a connection whose ping went unanswered for the keepalive timeout.
  mutating func keepaliveTimerFired(at now: NIODeadline) -> KeepaliveAction {
    guard phase != .closed else { return .nothing }
    if let sent = pingSentAt {
      guard now - sent >= .nanoseconds(keepaliveTimeout.nanoseconds) else { return .nothing }
      return .close(
        close(
          because: RPCError(
            .unavailable, "\(peerName) did not answer a keepalive ping within \(keepaliveTimeout)")))
    }
    guard now - lastRead >= .nanoseconds(keepaliveInterval.nanoseconds) else { return .nothing }
    pingSentAt = now
    return .ping
  }

  /// The connection failed (an undecodable frame, an I/O error): `true` to close the channel,
  /// `false` when it is closed already. Its calls are failed with `reason` by ``closed()``.
  mutating func failed(_ reason: RPCError) -> Bool {
    guard phase != .closed else { return false }
    close(because: reason)
    return true
  }

  /// The channel is closed: every call in flight, failed with why the connection ended.
  mutating func closed() -> [EndedCall] {
    phase = .closed
    let reason = closeReason ?? RPCError(.unavailable, "the connection to \(peerName) closed")
    let ended = calls.keys.sorted().map { EndedCall(callID: $0, error: reason, resumesReading: false) }
    calls.removeAll()
    pausedStreams.removeAll()
    readHeld = false
    return ended
  }

  // MARK: Helpers

  /// Closes the connection (its callers checked it is not closed yet) and returns `reason`.
  @discardableResult
  private mutating func close(because reason: RPCError) -> RPCError {
    closeReason = reason
    phase = .closed
    return reason
  }

  /// Whether the connection was draining and its last call has ended.
  private var drainedEmpty: Bool { phase == .draining && calls.isEmpty }

  private mutating func answered(_ callID: UInt64) -> FrameAction {
    calls.removeValue(forKey: callID)
    return .answered(callID: callID, resumesReading: unpause(callID), closesConnection: drainedEmpty)
  }

  private mutating func end(_ callID: UInt64, with error: RPCError) -> EndedCall {
    calls.removeValue(forKey: callID)
    return EndedCall(callID: callID, error: error, resumesReading: unpause(callID))
  }

  /// Unpauses the stream; `true` when it was the last paused one and a read was held back.
  private mutating func unpause(_ callID: UInt64) -> Bool {
    guard pausedStreams.remove(callID) != nil, pausedStreams.isEmpty, readHeld else { return false }
    readHeld = false
    return true
  }
}
