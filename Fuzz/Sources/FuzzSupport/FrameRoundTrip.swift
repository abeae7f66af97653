import DistrictSchema
import NIOCore

@testable import DistrictRPC

/// What must hold for every frame that decodes: it encodes again (with a length prefix that
/// matches), the encoding decodes to an equal frame, and encoding that gives the same bytes.
enum FrameRoundTrip {
  static func check(_ frame: RPCV1.Frame) {
    let first = encode(frame, "a decoded frame")
    let again: RPCV1.Frame
    do {
      again = try FrameCodec.decode(first)
    } catch {
      fuzzFailure(
        "a re-encoded frame does not decode: \(error)\nframe: \(frame)\nbytes: \(first.readableBytesView.map { $0 })")
    }
    guard again == frame else {
      fuzzFailure("the round trip changed the frame:\n  decoded:    \(frame)\n  re-decoded: \(again)")
    }
    let second = encode(again, "a re-decoded frame")
    guard second == first else {
      fuzzFailure(
        "encoding is not deterministic: \(Array(first.readableBytesView)) vs \(Array(second.readableBytesView))")
    }
  }

  /// The frame's encoding without its prefix, after checking the prefix.
  private static func encode(_ frame: RPCV1.Frame, _ what: String) -> ByteBuffer {
    var buffer = ByteBuffer()
    let size: Int
    do {
      size = try FrameCodec.encode(frame, into: &buffer)
    } catch {
      fuzzFailure("\(what) does not encode: \(error)\nframe: \(frame)")
    }
    guard let prefix = buffer.readInteger(as: UInt32.self), Int(prefix) == size, buffer.readableBytes == size else {
      fuzzFailure(
        "\(what) encoded with a length prefix that does not match its \(buffer.readableBytes) bytes (size \(size))")
    }
    return buffer
  }
}
