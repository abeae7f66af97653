package import DistrictSchemaC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A bump allocator that owns every C struct, string and array built to encode one message.
///
/// Everything is released at once when the arena is released, on every path, errors included.
package final class CArena {
  private static let blockSize = 4096
  private static let alignment = 16

  private var blocks: [UnsafeMutableRawPointer] = []
  private var cursor: UnsafeMutableRawPointer? = nil
  private var remaining = 0

  package init() {}

  deinit {
    for block in blocks { free(block) }
  }

  /// Uninitialised, 16-byte-aligned memory for `byteCount` bytes.
  package func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
    let rounded = (max(byteCount, 1) + Self.alignment - 1) & ~(Self.alignment - 1)
    if rounded > remaining {
      if rounded > Self.blockSize / 4 {
        return newBlock(rounded)
      }
      cursor = newBlock(Self.blockSize)
      remaining = Self.blockSize
    }
    let pointer = cursor!
    cursor = pointer + rounded
    remaining -= rounded
    return pointer
  }

  private func newBlock(_ size: Int) -> UnsafeMutableRawPointer {
    guard let block = malloc(size) else { fatalError("out of memory allocating \(size) bytes") }
    blocks.append(block)
    return block
  }

  /// Zeroed memory for one `T`; the generated code calls the protoc-c `*_init` on it next.
  package func allocate<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
    let raw = allocate(byteCount: MemoryLayout<T>.stride)
    memset(raw, 0, MemoryLayout<T>.stride)
    return raw.bindMemory(to: T.self, capacity: 1)
  }

  /// A NUL-terminated copy of `string`.
  ///
  /// - Throws: ``SchemaError/embeddedNul(field:)`` when the string holds a NUL, which the C
  ///   representation would silently cut.
  package func cString(_ string: String, field: String) throws -> UnsafeMutablePointer<CChar> {
    var string = string
    return try string.withUTF8 { utf8 in
      let count = utf8.count
      if count > 0, memchr(utf8.baseAddress!, 0, count) != nil {
        throw SchemaError.embeddedNul(field: field)
      }
      let raw = allocate(byteCount: count + 1)
      if count > 0 { memcpy(raw, utf8.baseAddress!, count) }
      raw.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
      return raw.bindMemory(to: CChar.self, capacity: count + 1)
    }
  }

  /// A C array of NUL-terminated copies of `strings`.
  package func cStrings(
    _ strings: [String],
    field: String
  ) throws -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
    try pointerArray(strings) { try cString($0, field: field) }
  }

  /// `ProtobufCBinaryData` over a copy of `bytes`.
  package func binary(_ bytes: [UInt8]) -> ProtobufCBinaryData {
    let raw = allocate(byteCount: bytes.count)
    bytes.withUnsafeBytes { source in
      if let base = source.baseAddress { memcpy(raw, base, source.count) }
    }
    return ProtobufCBinaryData(len: bytes.count, data: raw.assumingMemoryBound(to: UInt8.self))
  }

  /// A C array of `ProtobufCBinaryData`, one per element.
  package func binaries(_ values: [[UInt8]]) -> UnsafeMutablePointer<ProtobufCBinaryData> {
    array(values) { binary($0) }
  }

  /// A C copy of an array whose elements have the same layout in Swift and C.
  package func array<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
    let pointer = allocate(byteCount: MemoryLayout<T>.stride * values.count)
      .bindMemory(to: T.self, capacity: values.count)
    _ = UnsafeMutableBufferPointer(start: pointer, count: values.count).initialize(from: values)
    return pointer
  }

  /// A C array built by converting each element.
  package func array<T, C>(_ values: [T], _ convert: (T) throws -> C) rethrows -> UnsafeMutablePointer<C> {
    let pointer = allocate(byteCount: MemoryLayout<C>.stride * values.count)
      .bindMemory(to: C.self, capacity: values.count)
    for (index, value) in values.enumerated() {
      (pointer + index).initialize(to: try convert(value))
    }
    return pointer
  }

  /// A C array of pointers, one per element.
  package func pointerArray<T, C>(
    _ values: [T],
    _ convert: (T) throws -> UnsafeMutablePointer<C>
  ) rethrows -> UnsafeMutablePointer<UnsafeMutablePointer<C>?> {
    try array(values) { Optional(try convert($0)) }
  }
}
