package import DistrictSchemaCoreC

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// Copies unpacked protobuf-c values into Swift values.
package enum CDecoding {
  /// A Swift string from a C string that protobuf-c unpacked into a ``CArena``, refusing
  /// bytes that are not valid UTF-8 and NUL characters (which the `char *` would cut).
  ///
  /// protobuf-c allocates `length + 1` bytes for a string of `length` bytes; the arena knows
  /// the allocation's size, so the string's true length is known even past a NUL.
  package static func string(_ pointer: UnsafePointer<CChar>?, field: String) throws -> String {
    guard let pointer, pointer.pointee != 0 else { return "" }
    let length = CArena.allocationSize(of: pointer) - 1
    if memchr(pointer, 0, length) != nil { throw SchemaError.embeddedNul(field: field) }
    // No NUL before `length`: the C string is exactly the unpacked bytes.
    guard let string = String(validatingCString: pointer) else {
      throw SchemaError.invalidUTF8(field: field)
    }
    return string
  }

  /// A Swift string from a mutable C string.
  package static func string(_ pointer: UnsafeMutablePointer<CChar>?, field: String) throws -> String {
    try string(UnsafePointer(pointer), field: field)
  }

  /// The bytes of a `ProtobufCBinaryData`.
  package static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
    guard data.len > 0, let base = data.data else { return [] }
    return Array(UnsafeBufferPointer(start: base, count: data.len))
  }

  /// The pointer, or a typed error naming the field.
  package static func present<T>(_ pointer: UnsafeMutablePointer<T>?, field: String) throws -> UnsafeMutablePointer<T> {
    guard let pointer else { throw SchemaError.missingMessage(field: field) }
    return pointer
  }

  /// A Swift array copied from a C array whose elements have the same layout.
  package static func scalars<T>(_ count: Int, _ pointer: UnsafeMutablePointer<T>?) -> [T] {
    guard count > 0, let pointer else { return [] }
    return Array(UnsafeBufferPointer(start: pointer, count: count))
  }

  /// A Swift array converted element by element from a C array.
  package static func scalars<C, T>(_ count: Int, _ pointer: UnsafeMutablePointer<C>?, _ convert: (C) -> T) -> [T] {
    guard count > 0, let pointer else { return [] }
    return UnsafeBufferPointer(start: pointer, count: count).map(convert)
  }

  /// A Swift array converted element by element, where conversion may fail.
  package static func array<C, T>(
    _ count: Int,
    _ pointer: UnsafeMutablePointer<C>?,
    _ convert: (C) throws -> T
  ) throws -> [T] {
    guard count > 0, let pointer else { return [] }
    var result: [T] = []
    result.reserveCapacity(count)
    for index in 0..<count { result.append(try convert(pointer[index])) }
    return result
  }

  /// A dictionary from a C array of map entries; a repeated key keeps its last value.
  package static func map<Entry, Key: Hashable, Value>(
    _ count: Int,
    _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?,
    field: String,
    _ convert: (Entry) throws -> (Key, Value)
  ) throws -> [Key: Value] {
    guard count > 0, let pointer else { return [:] }
    var result: [Key: Value] = [:]
    result.reserveCapacity(count)
    for index in 0..<count {
      let entry = try present(pointer[index], field: field)
      let (key, value) = try convert(entry.pointee)
      result[key] = value
    }
    return result
  }
}
