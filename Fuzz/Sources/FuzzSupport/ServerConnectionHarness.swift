import DistrictSchema
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Synchronization

@testable import DistrictRPC

/// Fuzz target 2: one server connection, in process: `FrameDecoder` + `ServerConnectionHandler`
/// (as RPCServer's child channel initializer installs them) on a `NIOAsyncTestingChannel`, with
/// the health service and `FuzzEchoService` registered, fed a sequence of frames and events.
///
/// Why `NIOAsyncTestingChannel` and not `EmbeddedChannel`: the handler runs each server stream
/// on the global concurrent executor, and the stream writes hop back to the connection's event
/// loop from there; `EmbeddedEventLoop` may only be touched from the thread that made it, so
/// streams on it would race. `NIOAsyncTestingEventLoop` is the thread-safe embedded loop: tasks
/// run only when the harness runs the loop (or when another thread submits one), and time is
/// the harness's (manual), so deadlines and the partial-frame timeout fire when it says.
///
/// Input: one configuration byte, then records, each an operation byte and its operands:
///
/// | op % 10 | operands | what happens |
/// |---|---|---|
/// | 0 | u16 length, bytes | one frame: the 4-byte length prefix is the harness's, the body is the bytes |
/// | 1 | u8 split, u16 length, bytes | one frame, written in two reads split at `split` |
/// | 2 | u8 length, bytes | raw bytes, no prefix (the stream may lose its framing) |
/// | 3 | u8 t | time passes by t × 10 ms (deadlines) |
/// | 4 | u8 t | time passes by t seconds (the partial-frame timeout, long deadlines) |
/// | 5 | — | the channel's writability flips (stream writers wait for it) |
/// | 6 | — | the server begins to drain (graceful shutdown: GOAWAY, streams end) |
/// | 7 | u8 s | a health status changes: service "" or the fuzz service, status s / 2 % 4 |
/// | 8 | — | a pause (2 ms at most) for the server streams, which run on other threads, to go on or end |
/// | 9 | — | the peer closes the connection; the rest of the input is ignored |
///
/// Configuration bits: 0 the server checks tokens (TokenStore with a reader, an editor, an
/// admin); 1–2 calls per connection 1024, 1, 2 or 4; 3 the compression threshold 8 KiB or 0;
/// 4 a default timeout of 1 s for calls without one.
///
/// After the input the connection closes and every handler must end within 5 s. Checked
/// besides "nothing crashes": every frame the server writes decodes (and survives
/// FrameRoundTrip); the first is its HELLO; it sends only server frame kinds; each call ends at
/// most once and nothing follows its end; a stream call ends with STREAM_END; and, while the
/// stream keeps its framing (no raw bytes), nothing is sent for a call after its CANCEL, only
/// calls that were requested are answered, and each PONG echoes a PING.
public final class ServerConnectionHarness: Sendable {
  public static let shared = ServerConnectionHarness()

  /// DISTRICT_FUZZ_TRACE=1 prints what each input does and what the server answers (stderr).
  let trace: Bool
  let loop = NIOAsyncTestingEventLoop()
  static let tokens = TokenStore([
    "fuzz-reader-token-0001": Principal(subject: "reader", role: .reader),
    "fuzz-editor-token-0001": Principal(subject: "editor", role: .editor, communeScope: "commune-1"),
    "fuzz-admin-token-00001": Principal(subject: "admin", role: .admin),
  ])

  init() {
    trace = ProcessInfo.processInfo.environment["DISTRICT_FUZZ_TRACE"] == "1"
  }

  /// Runs one input to the end; blocks the calling (libFuzzer's) thread meanwhile.
  public func runBlocking(_ input: [UInt8]) {
    let done = DispatchSemaphore(value: 0)
    Task {
      await self.run(input)
      done.signal()
    }
    done.wait()
  }

  public func run(_ input: [UInt8]) async {
    guard let configuration = input.first else { return }
    var reader = InputReader(input.dropFirst())

    var serverConfiguration = ServerConfiguration.defaults(port: 0)
    serverConfiguration.maxConcurrentCallsPerConnection = [1024, 1, 2, 4][Int(configuration >> 1) & 0x03]
    serverConfiguration.compressionThreshold = configuration & 0x08 != 0 ? 0 : 8 * 1024
    serverConfiguration.defaultTimeout = configuration & 0x10 != 0 ? .seconds(1) : nil
    let checksTokens = configuration & 0x01 != 0

    let health = HealthStatusStore()
    health.set("", .serving)
    health.set(FuzzEcho.service, .serving)
    let inFlight = InFlightHandlers()
    let methods = Self.methods(health: health, inFlight: inFlight)
    let interceptors: [any ServerInterceptor] = checksTokens ? [AuthenticationInterceptor(tokens: Self.tokens)] : []
    let principal = checksTokens ? Principal(subject: "", role: .reader) : .unauthenticated
    let configurationCopy = serverConfiguration
    let loop = self.loop

    let channel: NIOAsyncTestingChannel
    do {
      channel = try await NIOAsyncTestingChannel(loop: loop) { channel in
        let handler = ServerConnectionHandler(
          methods: methods, interceptors: interceptors, configuration: configurationCopy,
          metrics: ServerMetrics(factory: nil), defaultPrincipal: principal, logger: fuzzLogger,
          eventLoop: channel.eventLoop)
        try channel.pipeline.syncOperations.addHandlers(
          FrameDecoder(
            maxFrameBytes: configurationCopy.maxFrameBytes,
            frameTimeout: .nanoseconds(configurationCopy.frameTimeout.nanoseconds)),
          handler)
      }
      try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 40_001)).get()
    } catch {
      fuzzFailure("could not set up the connection: \(error)")
    }

    var transcript = Transcript(streamingMethods: FuzzEcho.streamingMethods, trace: trace)
    if trace {
      traceLine(
        "config tokens=\(checksTokens) calls=\(serverConfiguration.maxConcurrentCallsPerConnection) threshold=\(serverConfiguration.compressionThreshold) defaultTimeout=\(serverConfiguration.defaultTimeout.map { "\($0)" } ?? "none")"
      )
    }
    await loop.run()
    await transcript.collect(from: channel)

    operations: while let op = reader.byte() {
      if trace { traceLine("op \(op % 10) (\(op))") }
      switch op % 10 {
      case 0, 1:
        let split = op % 10 == 1 ? Int(reader.byte() ?? 0) : nil
        let body = reader.bytes(Int(reader.u16()))
        transcript.sending(frame: body)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        if let split, buffer.readableBytes > 1 {
          let at = 1 + split % (buffer.readableBytes - 1)
          await write(buffer.readSlice(length: at)!, to: channel)
        }
        await write(buffer, to: channel)
      case 2:
        let bytes = reader.bytes(Int(reader.byte() ?? 0))
        transcript.sendingRaw()
        await write(ByteBuffer(bytes: bytes), to: channel)
      case 3:
        await loop.advanceTime(by: .milliseconds(Int64(reader.byte() ?? 0) * 10))
      case 4:
        await loop.advanceTime(by: .seconds(Int64(reader.byte() ?? 0)))
      case 5:
        channel.isWritable.toggle()
        try? await loop.executeInContext { channel.pipeline.fireChannelWritabilityChanged() }
      case 6:
        try? await loop.executeInContext {
          try channel.pipeline.syncOperations.handler(type: ServerConnectionHandler.self).beginDrain()
        }
      case 7:
        let value = reader.byte() ?? 0
        health.set(value & 1 == 0 ? "" : FuzzEcho.service, .init(rawValue: Int32(value >> 1) % 4))
      case 8:
        // Up to 2 ms for the streams to run (they are on other threads) or end.
        let start = ContinuousClock.now
        repeat {
          await loop.run()
          try? await Task.sleep(for: .microseconds(100))
        } while inFlight.streams > 0 && ContinuousClock.now - start < .milliseconds(2)
      default:
        break operations
      }
      await loop.run()
      await transcript.collect(from: channel)
    }

    // The end of the connection: every handler must end.
    try? await channel.close().get()
    let start = ContinuousClock.now
    while inFlight.count > 0 {
      if ContinuousClock.now - start > .seconds(5) {
        fuzzFailure("\(inFlight.count) handler(s) still running 5 s after the connection closed: \(inFlight.names)")
      }
      await loop.run()
      try? await Task.sleep(for: .microseconds(100))
    }
    await loop.run()
    await transcript.collect(from: channel)
    transcript.finish()
  }

  private func write(_ buffer: ByteBuffer, to channel: NIOAsyncTestingChannel) async {
    do {
      try await channel.writeInbound(buffer)
    } catch {
      // An error that reached the end of the pipeline: the handler forwards none.
      fuzzFailure("an error passed the server's handler: \(error)")
    }
  }

  /// The methods an RPCServer with FuzzEchoService would serve, each counted while it runs.
  private static func methods(health: HealthStatusStore, inFlight: InFlightHandlers) -> [String: RegisteredMethod] {
    var router = RPCRouter()
    FuzzEchoService().register(in: &router)
    HealthService(store: health).register(in: &router)
    return router.methods.mapValues { method in
      let name = method.fullName
      switch method.body {
      case .unary(let body):
        return RegisteredMethod(
          fullName: name, requiredRole: method.requiredRole,
          body: .unary { payload, context in
            inFlight.enter(name)
            defer { inFlight.leave(name) }
            return try await body(payload, context)
          })
      case .serverStreaming(let body):
        return RegisteredMethod(
          fullName: name, requiredRole: method.requiredRole,
          body: .serverStreaming { payload, sink, context in
            inFlight.enter(name, stream: true)
            defer { inFlight.leave(name, stream: true) }
            try await body(payload, sink, context)
          })
      }
    }
  }
}

func traceLine(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Reads operations and operands from the input; past its end, every read is empty.
struct InputReader {
  private var bytes: ArraySlice<UInt8>

  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
  }

  mutating func byte() -> UInt8? {
    bytes.popFirst()
  }

  mutating func u16() -> UInt16 {
    let high = UInt16(byte() ?? 0)
    return high << 8 | UInt16(byte() ?? 0)
  }

  mutating func bytes(_ count: Int) -> [UInt8] {
    let taken = bytes.prefix(count)
    bytes = bytes.dropFirst(taken.count)
    return Array(taken)
  }
}

/// The handlers running now, by method.
final class InFlightHandlers: Sendable {
  private let state = Mutex((byMethod: [String: Int](), streams: 0))

  func enter(_ name: String, stream: Bool = false) {
    state.withLock {
      $0.byMethod[name, default: 0] += 1
      if stream { $0.streams += 1 }
    }
  }

  func leave(_ name: String, stream: Bool = false) {
    state.withLock {
      $0.byMethod[name, default: 0] -= 1
      if stream { $0.streams -= 1 }
    }
  }

  var count: Int { state.withLock { $0.byMethod.values.reduce(0, +) } }
  var streams: Int { state.withLock { $0.streams } }
  var names: String {
    state.withLock {
      $0.byMethod.filter { $0.value != 0 }.map { "\($0.key) ×\($0.value)" }.sorted().joined(separator: ", ")
    }
  }
}

/// What the harness sent and what the server wrote back, and the protocol's rules between them.
struct Transcript {
  let streamingMethods: Set<String>
  let trace: Bool

  private var received = ByteBuffer()
  private var serverFrames = 0
  /// False once raw bytes were sent: the server may see frames the harness did not send.
  private var aligned = true
  /// The calls the harness requested, with their method.
  private var requested: [UInt64: String] = [:]
  /// Calls cancelled after their request: the server may send nothing more for them.
  private var cancelled: Set<UInt64> = []
  private var ended: Set<UInt64> = []
  private var pings: Set<UInt64> = []

  init(streamingMethods: Set<String>, trace: Bool) {
    self.streamingMethods = streamingMethods
    self.trace = trace
  }

  /// Before a frame goes out: notes what it asks for.
  mutating func sending(frame body: [UInt8]) {
    let decoded = try? body.withUnsafeBytes({ try RPCV1.Frame(serializedBytes: $0) })
    if trace { traceLine("  → \(decoded.map(Self.summary) ?? "undecodable frame of \(body.count) bytes")") }
    guard aligned, let frame = decoded else { return }
    switch frame.kind {
    case .request where requested[frame.callID] == nil: requested[frame.callID] = frame.method
    case .cancel where requested[frame.callID] != nil: cancelled.insert(frame.callID)
    case .ping: pings.insert(frame.pingData)
    default: break
    }
  }

  mutating func sendingRaw() {
    aligned = false
  }

  /// Reads what the server wrote since the last time and checks each complete frame.
  mutating func collect(from channel: NIOAsyncTestingChannel) async {
    while true {
      let next: ByteBuffer?
      do {
        next = try await channel.readOutbound(as: ByteBuffer.self)
      } catch {
        fuzzFailure("the server wrote something other than a ByteBuffer: \(error)")
      }
      guard var chunk = next else { break }
      received.writeBuffer(&chunk)
    }
    while let length = received.getInteger(at: received.readerIndex, as: UInt32.self),
      received.readableBytes >= 4 + Int(length)
    {
      received.moveReaderIndex(forwardBy: 4)
      let bytes = received.readSlice(length: Int(length))!
      guard length > 0 else { fuzzFailure("the server wrote a frame of length 0") }
      let frame: RPCV1.Frame
      do {
        frame = try FrameCodec.decode(bytes)
      } catch {
        fuzzFailure("the server wrote a frame that does not decode: \(error)")
      }
      FrameRoundTrip.check(frame)
      if trace { traceLine("  ← \(Self.summary(frame))") }
      check(frame)
      serverFrames += 1
    }
    received.discardReadBytes()
  }

  private mutating func check(_ frame: RPCV1.Frame) {
    if serverFrames == 0 {
      guard frame.kind == .hello, frame.hello?.protocolVersion == ProtocolVersion.current else {
        fuzzFailure("the server's first frame is \(frame.kind), not its HELLO")
      }
      return
    }
    let id = frame.callID
    switch frame.kind {
    case .response, .streamEnd, .streamMessage:
      guard id != 0 else { fuzzFailure("a \(frame.kind) frame for call 0") }
      guard !ended.contains(id) else { fuzzFailure("a \(frame.kind) frame for call \(id), which had ended already") }
      if aligned {
        guard let method = requested[id] else {
          fuzzFailure("a \(frame.kind) frame for call \(id), which was never requested")
        }
        guard !cancelled.contains(id) else { fuzzFailure("a \(frame.kind) frame for call \(id) after its CANCEL") }
        if frame.kind == .response, streamingMethods.contains(method) {
          fuzzFailure(
            "the stream call \(id) (\(method)) ended with RESPONSE, not STREAM_END: a client waits for its stream forever "
              + "(status \(frame.status.map { "\($0.code) \($0.message)" } ?? "OK"))")
        }
        if frame.kind != .response, !streamingMethods.contains(method) {
          fuzzFailure("the unary call \(id) (\(method)) got a \(frame.kind) frame")
        }
      }
      if frame.kind != .streamMessage { ended.insert(id) }
    case .pong:
      if aligned, !pings.contains(frame.pingData) { fuzzFailure("a PONG for \(frame.pingData), which no PING carried") }
    case .goaway:
      break
    default:
      fuzzFailure("the server sent a \(frame.kind) frame")
    }
  }

  static func summary(_ frame: RPCV1.Frame) -> String {
    var parts = ["\(frame.kind)", "call \(frame.callID)"]
    if !frame.method.isEmpty { parts.append(frame.method) }
    if frame.timeoutMicros > 0 { parts.append("timeout \(frame.timeoutMicros) µs") }
    if let status = frame.status { parts.append("status \(status.code) \"\(status.message)\"") }
    if !frame.metadata.isEmpty { parts.append("metadata \(frame.metadata.map { "\($0.key)=\($0.value)" })") }
    if !frame.payload.isEmpty { parts.append("payload \(frame.payload.count) B\(frame.compressed ? " deflated" : "")") }
    if frame.kind == .ping || frame.kind == .pong { parts.append("data \(frame.pingData)") }
    if frame.kind == .goaway { parts.append("last \(frame.lastCallID)") }
    return parts.joined(separator: ", ")
  }

  func finish() {
    guard serverFrames > 0 else { fuzzFailure("the server wrote no HELLO") }
  }
}
