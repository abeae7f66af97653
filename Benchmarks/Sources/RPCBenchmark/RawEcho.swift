import BenchmarkSupport
import Foundation
import NIOCore
import NIOPosix

/// The floor: a length-prefixed echo written directly on SwiftNIO channel handlers.
enum RawEcho {
  static func serve() async throws {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandlers(ByteToMessageHandler(LengthPrefixDecoder()), EchoHandler())
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    emit("PORT \(channel.localAddress!.port!)")
    try await channel.closeFuture.get()
  }

  static func load(port: Int, connections: Int, inFlight: Int, seconds: Double) async throws -> LoadResult {
    let clock = ContinuousClock()
    let measureFrom = clock.now + .milliseconds(Int(seconds * 200))
    let end = measureFrom + .milliseconds(Int(seconds * 1000))
    emit("MEASURE_START_IN \(seconds * 0.2)")
    let collector = LatencyCollector()
    var channels: [any Channel] = []
    for index in 0..<connections {
      let window = inFlight / connections + (index < inFlight % connections ? 1 : 0)
      let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
              ByteToMessageHandler(LengthPrefixDecoder()),
              WindowedClient(window: window, measureFrom: measureFrom, end: end, collector: collector))
          }
        }
        .connect(host: "127.0.0.1", port: port).get()
      channels.append(channel)
    }
    for channel in channels { try await channel.closeFuture.get() }
    let latencies = collector.latencies
    return LoadResult(calls: latencies.count, seconds: seconds, latencies: latencies)
  }
}

/// 4-byte big-endian length, then the frame.
struct LengthPrefixDecoder: ByteToMessageDecoder {
  typealias InboundOut = ByteBuffer

  mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
      buffer.readableBytes >= 4 + Int(length)
    else { return .needMoreData }
    buffer.moveReaderIndex(forwardBy: 4)
    context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
    return .continue
  }
}

/// Writes every frame back, flushing once per read burst.
final class EchoHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    var out = context.channel.allocator.buffer(capacity: frame.readableBytes + 4)
    out.writeInteger(UInt32(frame.readableBytes))
    out.writeImmutableBuffer(frame)
    context.write(wrapOutboundOut(out), promise: nil)
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    context.flush()
  }
}

/// Keeps `window` requests outstanding on one connection; each answer sends the next request.
final class WindowedClient: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let window: Int
  private let measureFrom: ContinuousClock.Instant
  private let end: ContinuousClock.Instant
  private let collector: LatencyCollector
  private var sentAt: [ContinuousClock.Instant] = []
  private var head = 0
  private var latencies: [Int64] = []
  private var stopping = false

  init(window: Int, measureFrom: ContinuousClock.Instant, end: ContinuousClock.Instant, collector: LatencyCollector) {
    self.window = window
    self.measureFrom = measureFrom
    self.end = end
    self.collector = collector
  }

  func channelActive(context: ChannelHandlerContext) {
    for _ in 0..<window { send(context) }
    context.flush()
  }

  private func send(_ context: ChannelHandlerContext) {
    var buffer = context.channel.allocator.buffer(capacity: 104)
    buffer.writeInteger(UInt32(echoPayload.count))
    buffer.writeBytes(echoPayload)
    sentAt.append(ContinuousClock.now)
    context.write(wrapOutboundOut(buffer), promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let now = ContinuousClock.now
    let sent = sentAt[head]
    head += 1
    if head > 4096 {
      sentAt.removeFirst(head)
      head = 0
    }
    if sent >= measureFrom, now <= end {
      let (s, atto) = (now - sent).components
      latencies.append(s * 1_000_000_000 + atto / 1_000_000_000)
    }
    if now < end {
      send(context)
    } else if sentAt.count == head, !stopping {
      stopping = true
      collector.add(latencies)
      context.close(promise: nil)
    }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    context.flush()
  }
}
