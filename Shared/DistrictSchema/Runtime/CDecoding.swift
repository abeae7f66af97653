package import DistrictSchemaC

/// Copies unpacked protobuf-c values into Swift values.
package enum CDecoding {
  /// A Swift string from a C string, refusing bytes that are not valid UTF-8.
  package static func string(_ pointer: UnsafePointer<CChar>?, field: String) throws -> String {
    guard let pointer, pointer.pointee != 0 else { return "" }
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
