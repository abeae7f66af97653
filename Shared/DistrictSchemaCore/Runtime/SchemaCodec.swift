internal import DistrictSchemaCoreC

/// Encoding and decoding through protobuf-c, shared by every generated message.
package enum SchemaCodec {
  /// Unpacks `bytes` with protobuf-c into the thread's scratch arena, copies it into `Message`
  /// (refusing strings that are not UTF-8 or hold a NUL), and empties the arena.
  package static func decode<Message: CBridgedMessage>(
    _ type: Message.Type,
    from bytes: UnsafeRawBufferPointer
  ) throws -> Message {
    try CArena.withScratch(recordsSizes: true) { arena in
      var allocator = arena.protobufAllocator
      let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
      guard let unpacked = protobuf_c_message_unpack(Message.cDescriptor, &allocator, bytes.count, data) else {
        throw SchemaError.malformed(message: Message.protoName, byteCount: bytes.count)
      }
      let typed = UnsafeMutableRawPointer(unpacked).assumingMemoryBound(to: Message.CType.self)
      return try Message(cMessage: UnsafePointer(typed))
    }
  }

  /// The encoding of `message`. Generated messages call it from a concrete `serializedBytes()`,
  /// so that it is specialised per message type.
  package static func serializedBytes<Message: CBridgedMessage>(_ message: Message) throws -> [UInt8] {
    try CArena.withScratch(recordsSizes: false) { arena in
      let c = try message.toC(arena)
      let packed = PackedMessage(UnsafeRawPointer(c).assumingMemoryBound(to: ProtobufCMessage.self))
      return [UInt8](unsafeUninitializedCapacity: packed.size) { buffer, count in
        count = packed.pack(into: UnsafeMutableRawBufferPointer(buffer))
      }
    }
  }

  /// Builds the C form of `message` in a fresh arena and hands its packer to `body`.
  package static func withPacked<Message: CBridgedMessage, Result>(
    _ message: Message,
    _ body: (PackedMessage) throws -> Result
  ) throws -> Result {
    try CArena.withScratch(recordsSizes: false) { arena in
      let c = try message.toC(arena)
      return try body(PackedMessage(UnsafeRawPointer(c).assumingMemoryBound(to: ProtobufCMessage.self)))
    }
  }
}
