import DistrictSchema
import Testing

@testable import DistrictRPC

/// Every transition of a server connection's protocol state, as plain values: no socket, no
/// event loop, no clock (docs/PROTOCOL.md §2–§5).
@Suite("Server connection state machine")
struct ServerConnectionStateMachineTests {
  typealias Machine = ServerConnectionStateMachine

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

  static func frame(_ kind: RPCV1.FrameKind, call: UInt64 = 0) -> RPCV1.Frame {
    RPCV1.Frame().with {
      $0.kind = kind
      $0.callID = call
    }
  }

  /// A machine past its HELLO, with `calls` admitted and started (odd ids streams).
  static func open(max: Int = 4, calls: [UInt64] = []) -> Machine {
    var machine = Machine(maxConcurrentCalls: max)
    _ = machine.received(hello())
    for id in calls {
      #expect(machine.admit(callID: id, method: "/m", known: true, isStream: id % 2 == 1) == .admit)
      machine.started(callID: id, isStream: id % 2 == 1)
    }
    return machine
  }

  @Test("The first frame must be a HELLO of this protocol version; it sets what the peer accepts")
  func helloFirst() {
    var machine = Machine(maxConcurrentCalls: 4)
    #expect(machine.phase == .awaitingHello && !machine.frameRestartsIdleTimer && !machine.idleTimerMayRun)
    #expect(machine.received(Self.hello(maxFrameBytes: 65_536, deflate: true)) == .helloAccepted)
    #expect(machine.phase == .open && machine.peer == .init(acceptsDeflate: true, maxFrameBytes: 65_536))
    #expect(machine.idleTimerMayRun && machine.frameRestartsIdleTimer)

    for (first, reason) in [
      (Self.frame(.request, call: 1), "the first frame must be HELLO, not"),
      (Self.frame(.hello), "has no hello field"),
      (Self.hello(version: 2), "protocol version 2 is not supported"),
    ] {
      var fresh = Machine(maxConcurrentCalls: 4)
      guard case .fail(.protocolViolation(let message)) = fresh.received(first) else {
        Issue.record("\(first.kind) first was not a protocol violation")
        continue
      }
      #expect(message.contains(reason), "\(message)")
      #expect(fresh.phase == .awaitingHello, "a failure leaves the phase to closed()")
    }
    var unlimited = Machine(maxConcurrentCalls: 4)
    _ = unlimited.received(Self.hello(maxFrameBytes: 0))
    #expect(unlimited.peer.maxFrameBytes == 4 * 1024 * 1024, "0 keeps the default")
  }

  @Test("Frames after the HELLO: requests, cancels, pings; kinds a client may not send fail the connection")
  func framesWhenOpen() {
    var machine = Self.open(calls: [2])
    #expect(machine.received(Self.frame(.request, call: 4)) == .request)
    #expect(
      machine.received(
        RPCV1.Frame().with {
          $0.kind = .ping
          $0.pingData = 42
        }) == .pong(42))
    #expect(machine.received(Self.frame(.pong)) == .ignore)
    #expect(machine.received(Self.frame(.goaway)) == .ignore)
    #expect(machine.received(Self.frame(.cancel, call: 9)) == .ignore, "a call not in flight")
    #expect(machine.received(Self.frame(.unspecified, call: 2)) == .ignore, "a newer peer's call-level frame")
    #expect(machine.received(Self.frame(.cancel, call: 2)) == .cancel(2, after: .armIdleTimer))
    #expect(machine.calls.isEmpty)
    for kind in [RPCV1.FrameKind.response, .streamMessage, .streamEnd, .hello, .unspecified] {
      var copy = machine
      guard case .fail(.protocolViolation(let message)) = copy.received(Self.frame(kind)) else {
        Issue.record("\(kind) from a client was accepted")
        continue
      }
      #expect(message.contains("a client may not send"))
    }
  }

  @Test("Admission: ids rise, the concurrency limit, an unknown method, a draining connection")
  func admission() {
    var machine = Self.open(max: 2, calls: [2, 3])
    #expect(machine.lastCallID == 3)
    #expect(
      machine.admit(callID: 3, method: "/m", known: true, isStream: false)
        == .fail(.protocolViolation("call id 3 is not above the previous call id 3")))
    guard case .refuse(let full, isStream: true) = machine.admit(callID: 5, method: "/m", known: true, isStream: true)
    else {
      Issue.record("a call past the limit was admitted")
      return
    }
    #expect(full.code == .unavailable && full.message.contains("2 calls are already in flight"))
    _ = machine.finished(callID: 2)
    guard
      case .refuse(let unknown, isStream: false) = machine.admit(
        callID: 7, method: "/x/Y", known: false, isStream: false)
    else {
      Issue.record("an unknown method was admitted")
      return
    }
    #expect(unknown.code == .unimplemented && unknown.message.contains("'/x/Y'"))
    #expect(machine.admit(callID: 8, method: "/m", known: true, isStream: false) == .admit)
    #expect(machine.calls == [3: true], "admitted is not started: a refused payload leaves no call")
    _ = machine.drain()
    guard case .refuse(let shutting, _) = machine.admit(callID: 10, method: "/m", known: true, isStream: false) else {
      Issue.record("a call was admitted while draining")
      return
    }
    #expect(shutting.code == .unavailable && shutting.message.contains("shutting down"))
    #expect(machine.lastCallID == 10)
  }

  @Test("A call ends once: finished, cancelled or expired; then the idle timer, or nothing while others run")
  func callsEndOnce() {
    var machine = Self.open(calls: [2, 4])
    #expect(machine.finished(callID: 2)! == (false, .nothing))
    #expect(machine.finished(callID: 2) == nil, "its result is dropped")
    #expect(machine.deadlinePassed(callID: 4)! == (false, .armIdleTimer))
    #expect(machine.deadlinePassed(callID: 4) == nil)
    #expect(machine.finished(callID: 4) == nil, "an expired call's late result is dropped")
    #expect(machine.idleTimerMayRun)
  }

  @Test("Drain: GOAWAY with the last id, streams end at once, close when the last unary call ends")
  func drain() {
    var machine = Self.open(calls: [1, 2, 3])
    let drain = machine.drain()
    #expect(drain == .init(lastCallID: 3, endedStreams: [1, 3], after: .nothing))
    #expect(machine.phase == .draining && machine.calls == [2: false] && !machine.idleTimerMayRun)
    #expect(machine.drain() == nil, "once")
    #expect(machine.received(Self.frame(.request, call: 4)) == .request, "answered with a refusal by admit")
    #expect(machine.finished(callID: 2)! == (false, .close))

    var idle = Self.open()
    #expect(idle.drain() == .init(lastCallID: 0, endedStreams: [], after: .close))
    var early = Machine(maxConcurrentCalls: 4)
    #expect(early.drain()?.after == .close, "before the HELLO: GOAWAY, and nothing to wait for")
    #expect(early.phase == .draining)
  }

  @Test("Timers: hello and idle fail the connection only while they apply")
  func timers() {
    var machine = Machine(maxConcurrentCalls: 4)
    #expect(machine.helloTimerFired(after: .seconds(10)) == .noHello(within: .seconds(10)))
    #expect(machine.idleTimerFired(after: .seconds(120)) == nil, "not open yet")
    _ = machine.received(Self.hello())
    #expect(machine.idleTimerFired(after: .seconds(120)) == .idle(for: .seconds(120)))
    #expect(machine.admit(callID: 1, method: "/m", known: true, isStream: false) == .admit)
    machine.started(callID: 1, isStream: false)
    #expect(machine.idleTimerFired(after: .seconds(120)) == nil, "a call is in flight")
    #expect(!machine.frameRestartsIdleTimer)
    #expect(machine.closed() == [1])
    #expect(machine.helloTimerFired(after: .seconds(10)) == nil)
    #expect(machine.idleTimerFired(after: .seconds(120)) == nil)
  }

  @Test("Closed: every call is returned to cancel, and nothing is answered after")
  func closed() {
    var machine = Self.open(calls: [2, 3, 4])
    #expect(machine.closed() == [2, 3, 4])
    #expect(machine.phase == .closed && machine.calls.isEmpty)
    #expect(machine.received(Self.frame(.ping)) == .ignore)
    #expect(machine.finished(callID: 2) == nil)
    #expect(machine.drain() == nil)
    #expect(machine.closed().isEmpty)
  }
}
