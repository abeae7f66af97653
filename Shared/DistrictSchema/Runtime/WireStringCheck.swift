internal import DistrictSchemaC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks the protobuf wire format of a message that protobuf-c has already accepted and
/// refuses a string field holding a NUL, which protobuf-c's `char *` would silently cut.
enum WireStringCheck {
  static func validate(_ bytes: UnsafeRawBufferPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>) throws {
    var reader = Reader(bytes: bytes)
    while !reader.isAtEnd {
      let tag = try reader.varint(descriptor)
      let number = UInt32(truncatingIfNeeded: tag >> 3)
      switch tag & 7 {
      case 0: _ = try reader.varint(descriptor)
      case 1: try reader.skip(8, descriptor)
      case 5: try reader.skip(4, descriptor)
      case 2:
        let length = Int(try reader.varint(descriptor))
        let value = try reader.take(length, descriptor)
        guard let field = protobuf_c_message_descriptor_get_field(descriptor, number) else { continue }
        if field.pointee.type == PROTOBUF_C_TYPE_STRING {
          if let base = value.baseAddress, memchr(base, 0, value.count) != nil {
            throw SchemaError.embeddedNul(field: "\(name(descriptor)).\(String(cString: field.pointee.name))")
          }
        } else if field.pointee.type == PROTOBUF_C_TYPE_MESSAGE, let sub = field.pointee.descriptor {
          try validate(value, descriptor: sub.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
        }
      default:
        throw SchemaError.malformed(message: name(descriptor), byteCount: bytes.count)
      }
    }
  }

  private static func name(_ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) -> String {
    String(cString: descriptor.pointee.name)
  }

  private struct Reader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func varint(_ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) throws -> UInt64 {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while offset < bytes.count, shift < 64 {
        let byte = bytes[offset]
        offset += 1
        result |= UInt64(byte & 0x7F) << shift
        if byte & 0x80 == 0 { return result }
        shift += 7
      }
      throw SchemaError.malformed(message: WireStringCheck.name(descriptor), byteCount: bytes.count)
    }

    mutating func skip(_ count: Int, _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) throws {
      _ = try take(count, descriptor)
    }

    mutating func take(_ count: Int, _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) throws -> UnsafeRawBufferPointer {
      guard count >= 0, count <= bytes.count - offset else {
        throw SchemaError.malformed(message: WireStringCheck.name(descriptor), byteCount: bytes.count)
      }
      let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
      offset += count
      return slice
    }
  }
}
