internal import DistrictSchemaCore
internal import NIOCore

/// Frames to bytes and back: a 4-byte big-endian length, then the protobuf-c encoding.
enum FrameCodec {
  /// Appends the length-prefixed encoding of `frame` to `buffer`.
  ///
  /// - Returns: the size of the frame without its prefix.
  @discardableResult
  static func encode(_ frame: RPCV1.Frame, into buffer: inout ByteBuffer) throws -> Int {
    try frame.withPacked { packed in
      buffer.writeInteger(UInt32(packed.size))
      buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: packed.size) { packed.pack(into: $0) }
      return packed.size
    }
  }

  /// The frame in `bytes` (without its length prefix).
  ///
  /// - Throws: ``ConnectionError/tooMuchMetadata(_:)`` before decoding anything when the frame
  ///   carries more metadata than ``MetadataLimits`` allow; ``ConnectionError/undecodableFrame(_:)``.
  static func decode(_ bytes: ByteBuffer) throws -> RPCV1.Frame {
    if let problem = MetadataLimits.problem(in: bytes) { throw ConnectionError.tooMuchMetadata(problem) }
    do {
      return try bytes.withUnsafeReadableBytes { try RPCV1.Frame(serializedBytes: $0) }
    } catch {
      throw ConnectionError.undecodableFrame("\(error)")
    }
  }

  /// Puts `payload` in `frame`, deflate-compressed when the peer accepts deflate and the
  /// payload is larger than `threshold`.
  static func setPayload(_ payload: [UInt8], of frame: inout RPCV1.Frame, peerAcceptsDeflate: Bool, threshold: Int) {
    if peerAcceptsDeflate, payload.count > threshold {
      frame.payload = Deflate.compress(payload)
      frame.compressed = true
    } else {
      frame.payload = payload
    }
  }
}
