internal import DistrictSchemaCore

/// The protocol state of one server connection (docs/PROTOCOL.md §2–§5), without any I/O: the
/// phase (waiting for HELLO, open, draining, closed), the calls in flight, the last call id and
/// what the client's HELLO said. ``ServerConnectionHandler`` feeds it events — a frame read, a
/// call admitted or finished, a timer fired, a drain asked, the connection lost — and does what
/// the returned action says: write a frame, start or cancel a call, arm or cancel a timer, close.
///
/// A plain value: every transition is a unit test (`ServerConnectionStateMachineTests`), no
/// socket and no clock involved. The handler keeps the resources of each call (its task, its
/// deadline timer, a stream writer waiting for writability) keyed by the ids this struct admits.
struct ServerConnectionStateMachine {
  enum Phase: Equatable { case awaitingHello, open, draining, closed }

  /// What happens after a call left the table.
  enum AfterCall: Equatable {
    /// Calls are still in flight, or the connection is closed already.
    case nothing
    /// The connection is open and idle: arm the idle timer.
    case armIdleTimer
    /// The connection was draining and its last call ended: flush and close.
    case close
  }

  /// What to do with a frame the client sent.
  enum FrameAction: Equatable {
    /// Nothing (the connection is closed, or the frame needs no answer).
    case ignore
    /// The HELLO was accepted: cancel the hello timer, arm the idle timer.
    case helloAccepted
    /// A REQUEST: look its method up and ask ``admit(callID:method:known:isStream:)``.
    case request
    /// A CANCEL of a call in flight: cancel its task and timer, then `after`.
    case cancel(UInt64, after: AfterCall)
    /// A PING: answer it with a PONG carrying the same data.
    case pong(UInt64)
    /// A connection error: send GOAWAY with it and close.
    case fail(ConnectionError)
  }

  /// Whether a REQUEST may start.
  enum Admission: Equatable {
    /// Start it (decompress its payload, then ``started(callID:isStream:)``).
    case admit
    /// Answer it at once with this status (RESPONSE, or STREAM_END when `isStream`).
    case refuse(RPCError, isStream: Bool)
    /// The request broke the protocol: fail the connection.
    case fail(ConnectionError)
  }

  /// What a drain asks for.
  struct Drain: Equatable {
    /// The GOAWAY's last call id.
    let lastCallID: UInt64
    /// The server streams to end at once with UNAVAILABLE (they are removed from the table).
    let endedStreams: [UInt64]
    let after: AfterCall
  }

  let maxConcurrentCalls: Int
  private(set) var phase = Phase.awaitingHello
  /// What the client's HELLO said about itself.
  private(set) var peer = PeerHello()
  private(set) var lastCallID: UInt64 = 0
  /// The calls in flight: id → whether it is a server stream.
  private(set) var calls: [UInt64: Bool] = [:]

  init(maxConcurrentCalls: Int) {
    self.maxConcurrentCalls = maxConcurrentCalls
  }

  /// Whether a frame arriving now is activity that restarts the idle timer: the connection is
  /// open with no call in flight.
  var frameRestartsIdleTimer: Bool { phase != .awaitingHello && phase != .closed && calls.isEmpty }

  /// Whether the idle timer may run: open, with no call in flight.
  var idleTimerMayRun: Bool { phase == .open && calls.isEmpty }

  // MARK: Frames

  /// A decoded frame from the client. A `.fail` leaves the phase as it is: the handler sends its
  /// GOAWAY and then calls ``closed()``.
  mutating func received(_ frame: RPCV1.Frame) -> FrameAction {
    switch phase {
    case .closed:
      return .ignore
    case .awaitingHello:
      return receivedFirst(frame)
    case .open, .draining:
      break
    }
    switch frame.kind {
    case .request:
      return .request
    case .cancel:
      guard calls.removeValue(forKey: frame.callID) != nil else { return .ignore }
      return .cancel(frame.callID, after: afterCall())
    case .ping:
      return .pong(frame.pingData)
    case .pong, .goaway:
      return .ignore
    // A kind this server does not know (0 included) on a call: a newer peer's call-level frame,
    // ignored. On the connection (call id 0) it is an error, below.
    case .unrecognized where frame.callID != 0, .unspecified where frame.callID != 0:
      return .ignore
    default:
      return .fail(.protocolViolation("a client may not send \(frame.kind) frames"))
    }
  }

  private mutating func receivedFirst(_ frame: RPCV1.Frame) -> FrameAction {
    guard frame.kind == .hello else {
      return .fail(.protocolViolation("the first frame must be HELLO, not \(frame.kind)"))
    }
    guard let hello = frame.hello else {
      return .fail(.protocolViolation("the HELLO frame has no hello field (field 9)"))
    }
    guard let peer = PeerHello(hello) else {
      return .fail(
        .protocolViolation(
          "protocol version \(hello.protocolVersion) is not supported; this server speaks \(ProtocolVersion.current)"))
    }
    self.peer = peer
    phase = .open
    return .helloAccepted
  }

  // MARK: Calls

  /// A REQUEST for call `callID` to `method`: `known` when the server has that method, and
  /// `isStream` when it is a server stream (a refusal then ends it as a stream does).
  mutating func admit(callID: UInt64, method: String, known: Bool, isStream: Bool) -> Admission {
    guard callID > lastCallID else {
      return .fail(.protocolViolation("call id \(callID) is not above the previous call id \(lastCallID)"))
    }
    lastCallID = callID
    guard phase == .open else {
      return .refuse(
        RPCError(.unavailable, "the server is shutting down; retry on a new connection"), isStream: isStream)
    }
    guard calls.count < maxConcurrentCalls else {
      return .refuse(
        RPCError(
          .unavailable,
          "\(calls.count) calls are already in flight on this connection (the limit); retry later or on another connection"
        ),
        isStream: isStream)
    }
    guard known else {
      return .refuse(RPCError(.unimplemented, "this server has no method '\(method)'"), isStream: false)
    }
    return .admit
  }

  /// An admitted call whose payload could be read is now in flight: the idle timer stops.
  mutating func started(callID: UInt64, isStream: Bool) {
    calls[callID] = isStream
  }

  /// The call's handler returned. `nil`: the call had already ended (expired or cancelled), so
  /// its result is dropped; otherwise whether it is a stream and what follows its answer.
  mutating func finished(callID: UInt64) -> (isStream: Bool, after: AfterCall)? {
    guard let isStream = calls.removeValue(forKey: callID) else { return nil }
    return (isStream, afterCall())
  }

  /// The call's deadline passed. `nil`: it had ended already; otherwise answer it with
  /// DEADLINE_EXCEEDED, cancel its task, then `after`.
  mutating func deadlinePassed(callID: UInt64) -> (isStream: Bool, after: AfterCall)? {
    finished(callID: callID)
  }

  // MARK: Timers and shutdown

  /// The idle timer fired: the error to close the connection with, if it is still open and idle.
  func idleTimerFired(after timeout: Duration) -> ConnectionError? {
    guard phase == .open, calls.isEmpty else { return nil }
    return .idle(for: timeout)
  }

  /// The hello timer fired (the handler cancels it when the HELLO arrives): the error to close
  /// the connection with, unless it is closed already.
  func helloTimerFired(after timeout: Duration) -> ConnectionError? {
    guard phase != .closed else { return nil }
    return .noHello(within: timeout)
  }

  /// The server is shutting down: GOAWAY, refuse new calls, end the server streams at once,
  /// close once the unary calls in flight are done. `nil` when draining or closed already.
  mutating func drain() -> Drain? {
    guard phase == .open || phase == .awaitingHello else { return nil }
    phase = .draining
    let streams = calls.filter(\.value).map(\.key).sorted()
    for id in streams { calls.removeValue(forKey: id) }
    return Drain(lastCallID: lastCallID, endedStreams: streams, after: afterCall())
  }

  /// The connection is closed (after a connection error, or the channel went inactive): every
  /// call in flight, to cancel without an answer.
  mutating func closed() -> [UInt64] {
    phase = .closed
    let ids = calls.keys.sorted()
    calls.removeAll()
    return ids
  }

  private func afterCall() -> AfterCall {
    guard calls.isEmpty else { return .nothing }
    switch phase {
    case .draining: return .close
    case .open: return .armIdleTimer
    case .awaitingHello, .closed: return .nothing
    }
  }
}
