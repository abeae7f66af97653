import DistrictSchema
import NIOCore
import Testing

@testable import DistrictRPC

/// Every transition of a client connection's protocol state, as plain values: no socket, no
/// event loop, no clock (docs/PROTOCOL.md §2–§5).
@Suite("Client connection state machine")
struct ClientConnectionStateMachineTests {
  typealias Machine = ClientConnectionStateMachine

  static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

  static func fresh() -> Machine {
    Machine(peerName: "finance:7001", keepaliveInterval: .seconds(30), keepaliveTimeout: .seconds(10), now: start)
  }

  static func hello(
    version: UInt32 = ProtocolVersion.current, maxFrameBytes: UInt32 = 0, deflate: Bool = false
  ) -> RPCV1.Frame {
    RPCV1.Frame().with {
      $0.kind = .hello
      $0.hello = RPCV1.Hello().with {
        $0.protocolVersion = version
        $0.maxFrameBytes = maxFrameBytes
        $0.acceptEncodings = deflate ? [Deflate.encodingName] : []
      }
    }
  }

  static func frame(_ kind: RPCV1.FrameKind, call: UInt64 = 0, status: RPCError? = nil) -> RPCV1.Frame {
    RPCV1.Frame().with {
      $0.kind = kind
      $0.callID = call
      if let status { $0.status = status.status }
    }
  }

  static func goAway(lastCallID: UInt64, status: RPCError = RPCError(.unavailable, "draining")) -> RPCV1.Frame {
    RPCV1.Frame().with {
      $0.kind = .goaway
      $0.lastCallID = lastCallID
      $0.status = status.status
    }
  }

  /// A machine past the server's HELLO with `calls` calls sent (even ids unary, odd ids streams).
  static func open(calls: Int = 0) -> Machine {
    var machine = fresh()
    _ = machine.received(hello(), at: start)
    for _ in 0..<calls {
      guard case .send(let id) = machine.startCall(cancelledByCaller: false) else {
        Issue.record("an open connection refused a call")
        continue
      }
      machine.sent(callID: id, isStream: id % 2 == 1)
    }
    return machine
  }

  static func isNotProcessed(_ error: RPCError?) -> Bool {
    error?.code == .unavailable && error?.details[Machine.notProcessed] == "true"
  }

  // MARK: Handshake

  @Test("The server's HELLO opens the connection and sets what the server accepts")
  func helloAccepted() {
    var machine = Self.fresh()
    #expect(machine.phase == .awaitingHello && machine.peer == PeerHello())
    #expect(machine.received(Self.hello(maxFrameBytes: 65_536, deflate: true), at: Self.start) == .ignore)
    #expect(machine.phase == .open && machine.peer == .init(acceptsDeflate: true, maxFrameBytes: 65_536))

    var unlimited = Self.fresh()
    _ = unlimited.received(Self.hello(maxFrameBytes: 0), at: Self.start)
    #expect(unlimited.peer.maxFrameBytes == 4 * 1024 * 1024, "0 keeps the default")
    #expect(unlimited.received(Self.hello(maxFrameBytes: 1024), at: Self.start) == .ignore)
    #expect(unlimited.peer.maxFrameBytes == 4 * 1024 * 1024, "a second HELLO changes nothing")
  }

  @Test("A first frame other than HELLO or GOAWAY, or another protocol version, closes the connection")
  func helloRefused() {
    var early = Self.fresh()
    guard case .close(let notHello) = early.received(Self.frame(.response, call: 1), at: Self.start) else {
      Issue.record("a RESPONSE before the HELLO was accepted")
      return
    }
    #expect(notHello.code == .internal && notHello.message.contains("first frame was"))
    #expect(early.phase == .closed)

    var newer = Self.fresh()
    guard case .close(let version) = newer.received(Self.hello(version: 2), at: Self.start) else {
      Issue.record("protocol version 2 was accepted")
      return
    }
    #expect(
      version
        == RPCError(
          .unavailable, "finance:7001 speaks protocol version 2; this client speaks \(ProtocolVersion.current)"))
    #expect(newer.closed().isEmpty && newer.phase == .closed)
  }

  @Test("Before the HELLO: a GOAWAY drains, a HELLO frame without its hello field is ignored")
  func beforeHello() {
    var bare = Self.fresh()
    #expect(bare.received(Self.frame(.hello), at: Self.start) == .ignore)
    #expect(bare.phase == .awaitingHello, "the next frame must still be the HELLO")

    var goingAway = Self.fresh()
    guard case .goAway(_, let unprocessed, let closes) = goingAway.received(Self.goAway(lastCallID: 0), at: Self.start)
    else {
      Issue.record("a GOAWAY before the HELLO did not drain")
      return
    }
    #expect(unprocessed.isEmpty && closes && goingAway.phase == .draining)
  }

  // MARK: Calls

  @Test("Calls get rising ids, also before the HELLO; a call its caller cancelled is refused without one")
  func startingCalls() {
    var machine = Self.fresh()
    #expect(machine.startCall(cancelledByCaller: false) == .send(1))
    #expect(
      machine.startCall(cancelledByCaller: true)
        == .refuse(RPCError(.cancelled, "the call was cancelled by its caller")))
    #expect(
      machine.startCall(cancelledByCaller: false) == .send(2), "a too-large request, never sent, leaves its id unused")
    #expect(machine.calls.isEmpty, "a call is in flight only once its request is written")
    machine.sent(callID: 2, isStream: true)
    #expect(machine.calls == [2: true])
  }

  @Test("A draining or closed connection refuses new calls as never processed")
  func refusedWhenClosing() {
    var draining = Self.open()
    _ = draining.received(Self.goAway(lastCallID: 0), at: Self.start)
    guard case .refuse(let refusal) = draining.startCall(cancelledByCaller: false) else {
      Issue.record("a draining connection took a call")
      return
    }
    #expect(Self.isNotProcessed(refusal) && refusal.message == "the connection to finance:7001 is closing")

    var closed = Self.open()
    _ = closed.closed()
    guard case .refuse(let closedRefusal) = closed.startCall(cancelledByCaller: false) else {
      Issue.record("a closed connection took a call")
      return
    }
    #expect(Self.isNotProcessed(closedRefusal))
  }

  @Test("A unary call ends with its RESPONSE: the answer, or the status with the server's metadata")
  func unaryAnswers() {
    var machine = Self.open(calls: 4)  // 1, 3 streams; 2, 4 unary
    #expect(
      machine.received(Self.frame(.response, call: 2), at: Self.start)
        == .answered(callID: 2, resumesReading: false, closesConnection: false))
    #expect(machine.received(Self.frame(.response, call: 2), at: Self.start) == .ignore, "answered once")

    var failure = Self.frame(.response, call: 4, status: RPCError(.notFound, "no such commune"))
    failure.metadata = (["retry-after": "1"] as Metadata).frameEntries
    guard case .failCall(let failed, closesConnection: false) = machine.received(failure, at: Self.start) else {
      Issue.record("a failed RESPONSE did not fail its call")
      return
    }
    #expect(failed.callID == 4 && failed.error.code == .notFound && failed.error.message == "no such commune")
    #expect(failed.error.metadata["retry-after"] == "1")
    #expect(machine.calls == [1: true, 3: true])
  }

  @Test("A stream ends with STREAM_END, or with a RESPONSE; a STREAM_END ends a unary call without an answer")
  func streamEnds() {
    var machine = Self.open(calls: 4)
    #expect(machine.received(Self.frame(.streamMessage, call: 1), at: Self.start) == .streamMessage(1))
    #expect(machine.received(Self.frame(.streamMessage, call: 2), at: Self.start) == .ignore, "a unary call")
    #expect(machine.received(Self.frame(.streamMessage, call: 9), at: Self.start) == .ignore, "no such call")
    #expect(
      machine.received(Self.frame(.streamEnd, call: 1), at: Self.start)
        == .answered(callID: 1, resumesReading: false, closesConnection: false))
    let refused = RPCError(.unimplemented, "this server has no method '/x/Y'")
    #expect(
      machine.received(Self.frame(.response, call: 3, status: refused), at: Self.start)
        == .failCall(.init(callID: 3, error: refused, resumesReading: false), closesConnection: false))
    #expect(
      machine.received(Self.frame(.streamEnd, call: 2), at: Self.start)
        == .failCall(
          .init(callID: 2, error: RPCError(.internal, "a unary call ended without an answer"), resumesReading: false),
          closesConnection: false))
    #expect(machine.received(Self.frame(.streamEnd, call: 9), at: Self.start) == .ignore)
    #expect(machine.calls == [4: false])
  }

  @Test("Pings are answered; frames a server does not send are ignored and logged")
  func otherFrames() {
    var machine = Self.open(calls: 1)
    #expect(
      machine.received(
        RPCV1.Frame().with {
          $0.kind = .ping
          $0.pingData = 42
        }, at: Self.start) == .pong(42))
    #expect(machine.received(Self.frame(.pong), at: Self.start) == .ignore)
    for kind in [RPCV1.FrameKind.request, .cancel, .unspecified] {
      #expect(machine.received(Self.frame(kind, call: 1), at: Self.start) == .ignoreUnexpected, "\(kind)")
    }
    #expect(machine.calls == [1: true])
  }

  @Test("A call cancelled or past its deadline ends once; a draining connection waits for the server to close")
  func cancelAndDeadline() {
    var machine = Self.open(calls: 2)
    let cancelled = RPCError(.cancelled, "the call was cancelled by its caller")
    #expect(
      machine.cancelled(callID: 1, because: cancelled) == .init(callID: 1, error: cancelled, resumesReading: false))
    #expect(machine.cancelled(callID: 1, because: cancelled) == nil)
    #expect(machine.received(Self.frame(.streamEnd, call: 1), at: Self.start) == .ignore, "a late answer")

    _ = machine.received(Self.goAway(lastCallID: 2), at: Self.start)
    let expired = machine.deadlinePassed(callID: 2, method: "/finance.v1.Budget/Get", timeout: .milliseconds(250))
    #expect(expired?.error == RPCError(.deadlineExceeded, "no answer from /finance.v1.Budget/Get within 0.25 seconds"))
    #expect(machine.deadlinePassed(callID: 2, method: "/m", timeout: .zero) == nil)
    #expect(machine.calls.isEmpty && machine.phase == .draining)
  }

  // MARK: GOAWAY

  @Test("GOAWAY: the calls above its last id fail as not processed, the others finish, then the connection closes")
  func goAway() {
    var machine = Self.open(calls: 4)
    guard
      case .goAway(let reason, let unprocessed, let closes) = machine.received(
        Self.goAway(lastCallID: 2, status: RPCError(.unavailable, "the server is shutting down")), at: Self.start)
    else {
      Issue.record("a GOAWAY did not drain")
      return
    }
    #expect(reason == RPCError(.unavailable, "the server is shutting down") && !closes)
    #expect(unprocessed.map(\.callID) == [3, 4])
    #expect(unprocessed.allSatisfy { Self.isNotProcessed($0.error) })
    #expect(
      unprocessed.first?.error.message
        == "finance:7001 is going away and did not process the call: the server is shutting down")
    #expect(machine.phase == .draining && machine.calls == [1: true, 2: false])

    #expect(
      machine.received(Self.frame(.response, call: 2), at: Self.start)
        == .answered(callID: 2, resumesReading: false, closesConnection: false))
    #expect(
      machine.received(Self.frame(.streamEnd, call: 1, status: RPCError(.aborted, "x")), at: Self.start)
        == .failCall(.init(callID: 1, error: RPCError(.aborted, "x"), resumesReading: false), closesConnection: true))
  }

  @Test("After a GOAWAY, the calls still in flight at the close get the server's reason")
  func goAwayReason() {
    var machine = Self.open(calls: 1)
    _ = machine.received(Self.goAway(lastCallID: 1, status: RPCError(.resourceExhausted, "too busy")), at: Self.start)
    #expect(
      machine.closed() == [
        .init(
          callID: 1, error: RPCError(.resourceExhausted, "finance:7001 closed the connection: too busy"),
          resumesReading: false)
      ])

    var ok = Self.open(calls: 1)
    _ = ok.received(Self.goAway(lastCallID: 1, status: RPCError(.ok, "bye")), at: Self.start)
    #expect(
      ok.closed().first?.error == RPCError(.unavailable, "finance:7001 closed the connection: bye"),
      "OK becomes UNAVAILABLE")
  }

  // MARK: Reading

  @Test("Reads are held back while a stream is paused, and resume when the last paused stream resumes")
  func backPressure() {
    var machine = Self.open(calls: 3)  // streams 1 and 3
    let readsAtFirst = machine.readRequested()
    #expect(readsAtFirst)
    machine.streamPaused(callID: 1)
    let resumedUnheld = machine.streamResumed(callID: 1)
    #expect(!resumedUnheld, "no read was held back")
    machine.streamPaused(callID: 1)
    machine.streamPaused(callID: 3)
    machine.streamPaused(callID: 9)
    #expect(machine.pausedStreams == [1, 3], "a call not in flight is not paused")
    let readsWhilePaused = machine.readRequested()
    #expect(!readsWhilePaused && machine.readHeld)
    let resumedFirst = machine.streamResumed(callID: 1)
    #expect(!resumedFirst, "stream 3 is still behind")
    let resumedAgain = machine.streamResumed(callID: 1)
    #expect(!resumedAgain, "resumed once")
    let resumedLast = machine.streamResumed(callID: 3)
    #expect(resumedLast && !machine.readHeld)
    let readsAfter = machine.readRequested()
    #expect(readsAfter)
  }

  @Test("A paused stream that ends, however it ends, resumes the held-back reads")
  func pausedStreamEnds() {
    var answered = Self.open(calls: 1)
    answered.streamPaused(callID: 1)
    _ = answered.readRequested()
    #expect(
      answered.received(Self.frame(.streamEnd, call: 1), at: Self.start)
        == .answered(callID: 1, resumesReading: true, closesConnection: false))

    var cancelled = Self.open(calls: 1)
    cancelled.streamPaused(callID: 1)
    _ = cancelled.readRequested()
    #expect(cancelled.cancelled(callID: 1, because: RPCError(.dataLoss, "x"))?.resumesReading == true)

    var refused = Self.open(calls: 1)
    refused.streamPaused(callID: 1)
    _ = refused.readRequested()
    guard case .goAway(_, let unprocessed, _) = refused.received(Self.goAway(lastCallID: 0), at: Self.start) else {
      Issue.record("a GOAWAY did not drain")
      return
    }
    #expect(unprocessed.map(\.resumesReading) == [true])
    let reads = refused.readRequested()
    #expect(reads)
  }

  // MARK: Keepalive

  @Test("Keepalive: a ping after the interval without a frame, a close when it goes unanswered")
  func keepalive() {
    var machine = Self.open(calls: 1)
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(29)) == .nothing)
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(30)) == .ping)
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(39)) == .nothing, "the ping has 10 s")
    guard case .close(let reason) = machine.keepaliveTimerFired(at: Self.start + .seconds(40)) else {
      Issue.record("an unanswered ping did not close the connection")
      return
    }
    #expect(reason == RPCError(.unavailable, "finance:7001 did not answer a keepalive ping within 10.0 seconds"))
    #expect(machine.phase == .closed)
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(100)) == .nothing)
    #expect(machine.closed().map(\.error) == [reason])
  }

  @Test("Keepalive: any frame answers the ping and restarts the interval")
  func keepaliveAnswered() {
    var machine = Self.open()
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(30)) == .ping)
    _ = machine.received(Self.frame(.pong), at: Self.start + .seconds(31))
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(45)) == .nothing)
    #expect(machine.keepaliveTimerFired(at: Self.start + .seconds(61)) == .ping)
  }

  // MARK: Closing

  @Test("A failure closes the connection once; its calls get the failure when the channel closes")
  func failed() {
    var machine = Self.open(calls: 2)
    let reason = RPCError(.unavailable, "connection to finance:7001 failed: reset")
    let closes = machine.failed(reason)
    #expect(closes)
    let closesAgain = machine.failed(RPCError(.internal, "later"))
    #expect(!closesAgain, "the first reason stays")
    #expect(machine.received(Self.frame(.response, call: 2), at: Self.start) == .ignore, "nothing is answered after")
    #expect(
      machine.closed() == [
        .init(callID: 1, error: reason, resumesReading: false), .init(callID: 2, error: reason, resumesReading: false),
      ])
  }

  @Test("A connection lost without a reason fails its calls with UNAVAILABLE, and holds no reads")
  func lost() {
    var machine = Self.open(calls: 1)
    machine.streamPaused(callID: 1)
    _ = machine.readRequested()
    #expect(
      machine.closed() == [
        .init(callID: 1, error: RPCError(.unavailable, "the connection to finance:7001 closed"), resumesReading: false)
      ])
    #expect(machine.phase == .closed && machine.calls.isEmpty && machine.pausedStreams.isEmpty && !machine.readHeld)
    #expect(machine.closed().isEmpty)
  }
}
