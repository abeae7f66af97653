import DistrictSchema
import NIOCore
import NIOEmbedded

@testable import DistrictRPC

/// Fuzz target 1: bytes → `FrameDecoder` on an `EmbeddedChannel` → `FrameCodec.decode` of each
/// frame it passes on.
///
/// Input: one configuration byte, then the byte stream a peer sends.
/// - bits 0–3 of the configuration: the stream is written in chunks of that many bytes
///   (0: in one write), so that frames split across reads are exercised;
/// - bits 4–5: the decoder's `maxFrameBytes`: 4 MiB (the server's default), 16, 256 or 4096;
/// - bit 6: at the end, time passes beyond the frame timeout;
/// - bit 7: after each chunk, a quarter of the frame timeout passes (a peer that dribbles).
///
/// Checked, besides "nothing crashes" (AddressSanitizer, traps, preconditions): the decoder
/// does exactly what `ReferenceDecoder`, a plain reading of docs/PROTOCOL.md §1 over the same
/// chunks and times, says: the same frames, then the same end (a bad length, a frame that did
/// not arrive whole within the timeout of its first byte with as many bytes buffered, or
/// nothing); and every frame that decodes survives `FrameRoundTrip`.
public enum FrameDecoderHarness {
  static let frameTimeout = TimeAmount.seconds(10)
  static let limits = [4 * 1024 * 1024, 16, 256, 4096]

  public static func run(_ input: UnsafeRawBufferPointer) {
    guard let configuration = input.first else { return }
    let stream = UnsafeRawBufferPointer(rebasing: input.dropFirst())
    let chunkSize = Int(configuration & 0x0f)
    let maxFrameBytes = limits[Int(configuration >> 4) & 0x03]
    let passTime = configuration & 0x40 != 0
    let dribble = configuration & 0x80 != 0

    var chunks: [Range<Int>] = []
    var offset = 0
    while offset < stream.count {
      let end = chunkSize == 0 ? stream.count : min(stream.count, offset + chunkSize)
      chunks.append(offset..<end)
      offset = end
    }
    var expected = ReferenceDecoder(maxFrameBytes: maxFrameBytes)

    let channel = EmbeddedChannel()
    let sink = FrameSink(maxFrameBytes: maxFrameBytes)
    do {
      try channel.pipeline.syncOperations.addHandlers(
        FrameDecoder(maxFrameBytes: maxFrameBytes, frameTimeout: frameTimeout), sink)
      channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 40_000), promise: nil)
    } catch {
      fuzzFailure("could not set up the channel: \(error)")
    }

    for chunk in chunks {
      let bytes = UnsafeRawBufferPointer(rebasing: stream[chunk])
      do {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
      } catch {
        fuzzFailure("writeInbound threw \(error): the sink takes every error")
      }
      expected.read(bytes)
      if dribble {
        channel.embeddedEventLoop.advanceTime(by: .nanoseconds(frameTimeout.nanoseconds / 4))
        expected.passQuarter()
      }
    }
    if passTime {
      channel.embeddedEventLoop.advanceTime(by: frameTimeout + .nanoseconds(1))
      expected.passWhole()
    }

    // The frames.
    guard sink.frames.count == expected.frames.count else {
      fuzzFailure("the decoder passed on \(sink.frames.count) frames; the reference \(expected.frames.count)")
    }
    for (index, (got, want)) in zip(sink.frames, expected.frames).enumerated() where got != want {
      fuzzFailure(
        "frame \(index): the decoder passed on \(got.count) bytes that differ from the reference's \(want.count)")
    }
    // How the stream ended.
    switch (sink.error, expected.ending) {
    case (nil, nil):
      break
    case (.frameLength(let declared, let maximum)?, .badLength(let want)?):
      guard declared == want, maximum == maxFrameBytes else {
        fuzzFailure("frameLength(declared: \(declared), maximum: \(maximum)); expected \(want) and \(maxFrameBytes)")
      }
    case (.stalledFrame(let buffered)?, .stalled(let want)?):
      guard buffered == want else { fuzzFailure("stalledFrame(buffered: \(buffered)); expected \(want) bytes") }
    case (let error, let ending):
      fuzzFailure(
        "the decoder ended with \(error.map { "\($0)" } ?? "no error"); the reference with \(ending.map { "\($0)" } ?? "none")"
      )
    }
    guard sink.errorCount <= 1 else { fuzzFailure("the decoder reported \(sink.errorCount) errors") }
    _ = try? channel.finish()
  }
}

/// docs/PROTOCOL.md §1, read plainly: the frames of a stream that arrives in chunks, and how it
/// ends. Time is counted in quarters of the frame timeout; a frame must be whole within four
/// quarters of the chunk that brought its first byte.
struct ReferenceDecoder {
  enum Ending: CustomStringConvertible {
    case badLength(Int)
    case stalled(Int)
    var description: String {
      switch self {
      case .badLength(let length): "frameLength(declared: \(length))"
      case .stalled(let buffered): "stalledFrame(buffered: \(buffered))"
      }
    }
  }

  let maxFrameBytes: Int
  var frames: [[UInt8]] = []
  var ending: Ending? = nil
  private var pending: [UInt8] = []
  private var now = 0
  /// When the first byte of the frame now pending arrived.
  private var pendingSince: Int? = nil

  init(maxFrameBytes: Int) {
    self.maxFrameBytes = maxFrameBytes
  }

  mutating func read(_ chunk: UnsafeRawBufferPointer) {
    guard ending == nil else { return }
    pending.append(contentsOf: chunk)
    var start = 0
    while pending.count - start >= 4 {
      let length = pending[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
      guard length > 0, length <= maxFrameBytes else {
        ending = .badLength(length)
        pending = []
        return
      }
      guard pending.count - start - 4 >= length else { break }
      frames.append(Array(pending[start + 4..<start + 4 + length]))
      start += 4 + length
      pendingSince = nil
    }
    pending.removeFirst(start)
    if pending.isEmpty { pendingSince = nil } else if pendingSince == nil { pendingSince = now }
  }

  mutating func passQuarter() {
    now += 1
    checkStall()
  }

  mutating func passWhole() {
    now += 4
    checkStall()
  }

  private mutating func checkStall() {
    guard ending == nil, let since = pendingSince, now - since >= 4 else { return }
    ending = .stalled(pending.count)
  }
}

/// Takes what the decoder passes on: records it, decodes it, checks the round trip.
final class FrameSink: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  let maxFrameBytes: Int
  var frames: [[UInt8]] = []
  var error: ConnectionError? = nil
  var errorCount = 0

  init(maxFrameBytes: Int) {
    self.maxFrameBytes = maxFrameBytes
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let bytes = unwrapInboundIn(data)
    guard bytes.readableBytes > 0, bytes.readableBytes <= maxFrameBytes else {
      fuzzFailure("the decoder passed on a frame of \(bytes.readableBytes) bytes (limit \(maxFrameBytes))")
    }
    frames.append(Array(bytes.readableBytesView))
    let frame: RPCV1.Frame
    do {
      frame = try FrameCodec.decode(bytes)
    } catch let error as ConnectionError {
      blackHole(error.description)
      blackHole(error.status)
      return
    } catch {
      fuzzFailure("FrameCodec.decode threw \(error), not a ConnectionError")
    }
    FrameRoundTrip.check(frame)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    errorCount += 1
    guard let error = error as? ConnectionError else { fuzzFailure("the decoder raised \(error)") }
    blackHole(error.description)
    blackHole(error.status)
    self.error = error
  }
}

@available(*, unavailable)
extension FrameSink: Sendable {}
