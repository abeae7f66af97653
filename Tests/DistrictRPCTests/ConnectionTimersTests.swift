import DistrictSchema
import DistrictTestSupport
import NIOCore
import NIOEmbedded
import Testing

@testable import DistrictRPC

/// The server connection's read limits on NIO's `EmbeddedChannel`, with virtual time: a frame
/// must be whole within the frame timeout of its first byte (a slow drip does not restart the
/// clock), a HELLO must come within the hello timeout, and an idle connection is closed.
@Suite("Connection timers, in virtual time")
struct ConnectionTimersTests {
  /// A server connection (frame decoder + connection handler with the health service) on an
  /// embedded channel, connected, its server HELLO read.
  final class Connection {
    let channel = EmbeddedChannel()
    private var received = ByteBuffer()

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
      var configuration = ServerConfiguration.defaults(port: 0)
      configure(&configuration)
      var router = RPCRouter()
      HealthService(store: HealthStatusStore()).register(in: &router)
      let handler = ServerConnectionHandler(
        methods: router.methods, interceptors: [], configuration: configuration,
        metrics: ServerMetrics(factory: nil), defaultPrincipal: .unauthenticated,
        logger: quietTestLogger, eventLoop: channel.eventLoop)
      try channel.pipeline.syncOperations.addHandlers(
        FrameDecoder(
          maxFrameBytes: configuration.maxFrameBytes,
          frameTimeout: .nanoseconds(configuration.frameTimeout.nanoseconds)),
        handler)
      try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
      #expect(try next()?.kind == .hello)
    }

    func send(_ bytes: [UInt8]) throws {
      try channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    func send(_ frame: RPCV1.Frame) throws {
      var buffer = ByteBuffer()
      try FrameCodec.encode(frame, into: &buffer)
      try channel.writeInbound(buffer)
    }

    func bytes(of frame: RPCV1.Frame) throws -> [UInt8] {
      var buffer = ByteBuffer()
      try FrameCodec.encode(frame, into: &buffer)
      return Array(buffer.readableBytesView)
    }

    func hello() throws {
      try send(ProtocolVersion.hello(maxFrameBytes: 4 << 20, maxConcurrentCalls: 0, agent: "timers-test"))
    }

    /// The next frame the server wrote, if any.
    func next() throws -> RPCV1.Frame? {
      channel.embeddedEventLoop.run()  // the writer flushes at the end of the loop's tick
      while var chunk = try channel.readOutbound(as: ByteBuffer.self) { received.writeBuffer(&chunk) }
      guard let length = received.getInteger(at: received.readerIndex, as: UInt32.self),
        received.readableBytes >= 4 + Int(length)
      else { return nil }
      received.moveReaderIndex(forwardBy: 4)
      return try FrameCodec.decode(received.readSlice(length: Int(length))!)
    }

    func advance(_ duration: Duration) {
      channel.embeddedEventLoop.advanceTime(by: .nanoseconds(duration.nanoseconds))
    }

    var isOpen: Bool { channel.isActive }
  }

  static func ping(_ data: UInt64) -> RPCV1.Frame {
    var frame = RPCV1.Frame()
    frame.kind = .ping
    frame.pingData = data
    return frame
  }

  @Test("A frame dribbled a byte at a time is cut off at the frame timeout from its first byte")
  func slowDrip() throws {
    let connection = try Connection { $0.frameTimeout = .seconds(10) }
    try connection.hello()
    let bytes = try connection.bytes(of: Self.ping(7))
    #expect(bytes.count > 4)
    // One byte every 4 s: the old per-byte timer never fired; the frame's own clock does at 10 s.
    for byte in bytes.dropLast().prefix(2) {
      try connection.send([byte])
      connection.advance(.seconds(4))
    }
    #expect(connection.isOpen)
    connection.advance(.seconds(2))
    let goaway = try connection.next()
    #expect(goaway?.kind == .goaway)
    #expect(goaway?.status?.code == .deadlineExceeded)
    #expect(goaway?.status?.message.contains("read timeout") == true)
  }

  @Test("Frames that each arrive whole in time keep the connection, however many")
  func wholeFramesInTime() throws {
    let connection = try Connection { $0.frameTimeout = .seconds(10) }
    try connection.hello()
    for n in 0..<5 {
      let bytes = try connection.bytes(of: Self.ping(UInt64(n)))
      try connection.send(Array(bytes.prefix(2)))
      connection.advance(.seconds(9))
      try connection.send(Array(bytes.dropFirst(2)))
      #expect(try connection.next()?.kind == .pong)
    }
    #expect(connection.isOpen)
  }

  @Test("A connection that sends no HELLO is cut off at the hello timeout")
  func noHello() throws {
    let connection = try Connection { $0.helloTimeout = .seconds(10) }
    connection.advance(.seconds(9))
    #expect(try connection.next() == nil)
    connection.advance(.seconds(1))
    let goaway = try connection.next()
    #expect(goaway?.kind == .goaway)
    #expect(goaway?.status?.code == .deadlineExceeded)
    #expect(goaway?.status?.message.contains("HELLO") == true)
  }

  @Test("An idle connection is closed with GOAWAY UNAVAILABLE; pings keep it open")
  func idle() throws {
    let connection = try Connection { $0.idleTimeout = .seconds(120) }
    try connection.hello()
    for n in 0..<4 {
      connection.advance(.seconds(100))
      try connection.send(Self.ping(UInt64(n)))
      #expect(try connection.next()?.kind == .pong)
    }
    #expect(connection.isOpen)
    connection.advance(.seconds(120))
    let goaway = try connection.next()
    #expect(goaway?.kind == .goaway)
    #expect(goaway?.status?.code == .unavailable)
  }

  @Test("A HELLO frame without its hello field is refused with a message that says so")
  func helloWithoutField() throws {
    let connection = try Connection()
    var frame = RPCV1.Frame()
    frame.kind = .hello
    try connection.send(frame)
    let goaway = try connection.next()
    #expect(goaway?.kind == .goaway)
    #expect(goaway?.status?.message.contains("no hello field") == true)
  }

  @Test("A frame of kind 0 on a call is ignored, as an unknown kind is; on the connection it is an error")
  func kindZero() throws {
    let connection = try Connection()
    try connection.hello()
    var onCall = RPCV1.Frame()
    onCall.callID = 5
    try connection.send(onCall)
    try connection.send(Self.ping(1))
    #expect(try connection.next()?.kind == .pong)
    var onConnection = RPCV1.Frame()
    onConnection.pingData = 1
    try connection.send(onConnection)
    #expect(try connection.next()?.kind == .goaway)
  }
}
