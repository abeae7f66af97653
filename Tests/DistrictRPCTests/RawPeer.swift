import DistrictSchema
import NIOCore
import NIOPosix

@testable import DistrictRPC

/// A connection that speaks raw bytes, to send what a well-behaved client never would.
struct RawPeer {
  var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
  var received = ByteBuffer()

  mutating func send(_ bytes: [UInt8]) async throws {
    try await outbound.write(ByteBuffer(bytes: bytes))
  }

  mutating func send(_ frame: RPCV1.Frame) async throws {
    var buffer = ByteBuffer()
    try FrameCodec.encode(frame, into: &buffer)
    try await outbound.write(buffer)
  }

  /// Sends the client's hello.
  mutating func hello() async throws {
    try await send(ProtocolVersion.hello(maxFrameBytes: 4 << 20, maxConcurrentCalls: 0, agent: "raw-test"))
  }

  /// The next frame from the server, or `nil` once the server has closed the connection.
  mutating func nextFrame() async throws -> RPCV1.Frame? {
    while true {
      if let length = received.getInteger(at: received.readerIndex, as: UInt32.self),
        received.readableBytes >= 4 + Int(length)
      {
        received.moveReaderIndex(forwardBy: 4)
        let bytes = received.readSlice(length: Int(length))!
        return try FrameCodec.decode(bytes)
      }
      guard var chunk = try await iterator.next() else { return nil }
      received.writeBuffer(&chunk)
    }
  }

  /// Frames until the server closes the connection.
  mutating func framesUntilClose() async throws -> [RPCV1.Frame] {
    var frames: [RPCV1.Frame] = []
    while let frame = try await nextFrame() { frames.append(frame) }
    return frames
  }
}

func withRawPeer<T: Sendable>(port: Int, _ body: (inout RawPeer) async throws -> T) async throws -> T {
  let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .connect(host: "127.0.0.1", port: port) { channel in
      channel.eventLoop.makeCompletedFuture {
        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
      }
    }
  return try await channel.executeThenClose { inbound, outbound in
    var peer = RawPeer(iterator: inbound.makeAsyncIterator(), outbound: outbound)
    return try await body(&peer)
  }
}

func request(_ callID: UInt64, _ method: String, _ payload: [UInt8] = [], compressed: Bool = false) -> RPCV1.Frame {
  var frame = RPCV1.Frame()
  frame.callID = callID
  frame.kind = .request
  frame.method = method
  frame.payload = payload
  frame.compressed = compressed
  return frame
}
