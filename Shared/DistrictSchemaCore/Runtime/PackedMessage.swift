internal import DistrictSchemaCoreC

/// A message in protobuf-c form, ready to be packed into bytes.
///
/// Obtained from ``SchemaMessage/withPacked(_:)``. It points into memory that is released
/// when that call returns: do not let it escape.
public struct PackedMessage {
  private let message: UnsafePointer<ProtobufCMessage>

  /// The number of bytes ``pack(into:)`` writes.
  public let size: Int

  init(_ message: UnsafePointer<ProtobufCMessage>) {
    self.message = message
    self.size = protobuf_c_message_get_packed_size(message)
  }

  /// Writes the encoding into `buffer`, which must hold at least ``size`` bytes.
  ///
  /// - Returns: the number of bytes written, ``size``.
  public func pack(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    precondition(buffer.count >= size, "buffer of \(buffer.count) bytes for a \(size)-byte message")
    guard size > 0, let base = buffer.baseAddress else { return 0 }
    return protobuf_c_message_pack(message, base.assumingMemoryBound(to: UInt8.self))
  }
}
