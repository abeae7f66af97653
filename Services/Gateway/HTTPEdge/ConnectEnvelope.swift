internal import DistrictRPC
internal import DistrictSchema
internal import NIOCore

/// The framing of Connect's streaming bodies: one byte of flags, a 4-byte big-endian length,
/// the message.
enum ConnectEnvelope {
  /// The message is compressed with the stream's `Connect-Content-Encoding`.
  static let compressedFlag: UInt8 = 0x01
  /// The message is the end of the stream (JSON), not one of the method's messages.
  static let endStreamFlag: UInt8 = 0x02

  /// `message` framed with `flags`.
  static func frame(_ message: [UInt8], flags: UInt8) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.reserveCapacity(5 + message.count)
    buffer.writeInteger(flags)
    buffer.writeInteger(UInt32(message.count))
    buffer.writeBytes(message)
    return buffer
  }

  /// The one message of a server-streaming request: the body must be exactly one envelope.
  static func single(_ body: [UInt8]) throws(EdgeFailure) -> (flags: UInt8, message: [UInt8]) {
    guard body.count >= 5 else {
      throw EdgeFailure(
        .invalidArgument,
        "a streaming request must be one enveloped message (5 bytes of header, then the message); the body has \(body.count) bytes"
      )
    }
    let flags = body[0]
    let length = body[1..<5].reduce(0) { $0 << 8 | Int($1) }
    guard body.count == 5 + length else {
      throw EdgeFailure(
        .invalidArgument,
        "the request envelope says \(length) bytes but \(body.count - 5) follow; a server stream takes exactly one request message"
      )
    }
    guard flags & ~compressedFlag == 0 else {
      throw EdgeFailure(
        .invalidArgument,
        "the request envelope has flags 0x\(String(flags, radix: 16)); a request may set only 0x01 (compressed)")
    }
    return (flags, Array(body[5...]))
  }
}
