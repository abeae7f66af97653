internal import DistrictSchemaC

/// Encoding and decoding through protobuf-c, shared by every generated message.
package enum SchemaCodec {
  /// Unpacks `bytes` with protobuf-c, checks it, copies it into `Message`, and frees the C memory.
  package static func decode<Message: CBridgedMessage>(
    _ type: Message.Type,
    from bytes: UnsafeRawBufferPointer
  ) throws -> Message {
    let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    guard let unpacked = protobuf_c_message_unpack(Message.cDescriptor, nil, bytes.count, data) else {
      throw SchemaError.malformed(message: Message.protoName, byteCount: bytes.count)
    }
    defer { protobuf_c_message_free_unpacked(unpacked, nil) }
    // protobuf-c ends every string at its first NUL. When the re-encoded size differs from the
    // input, a string may have been cut: find out from the wire before trusting the copy.
    if protobuf_c_message_get_packed_size(unpacked) != bytes.count {
      try WireStringCheck.validate(bytes, descriptor: Message.cDescriptor)
    }
    let typed = UnsafeMutableRawPointer(unpacked).assumingMemoryBound(to: Message.CType.self)
    return try Message(cMessage: UnsafePointer(typed))
  }

  /// Builds the C form of `message` in a fresh arena and hands its packer to `body`.
  package static func withPacked<Message: CBridgedMessage, Result>(
    _ message: Message,
    _ body: (PackedMessage) throws -> Result
  ) throws -> Result {
    let arena = CArena()
    let c = try message.toC(arena)
    return try body(PackedMessage(UnsafeRawPointer(c).assumingMemoryBound(to: ProtobufCMessage.self)))
  }
}
