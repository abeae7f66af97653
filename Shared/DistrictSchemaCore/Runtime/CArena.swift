package import DistrictSchemaCoreC

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// A bump allocator that owns every C struct, string and array of one encode or decode.
///
/// Encoding builds the protoc-c structs in it; decoding hands it to protobuf-c as the
/// allocator of `protobuf_c_message_unpack`, so an unpacked message costs a few block
/// allocations instead of one `malloc` per sub-message and string, and `free_unpacked` is not
/// needed. Everything is released at once when the arena is released, on every path, errors
/// included.
///
/// For decoding, each allocation is preceded by a 16-byte header holding its size and a tag, so
/// that the size of a string protobuf-c unpacked is known (``allocationSize(of:)``): protobuf-c
/// allocates `length + 1` bytes for a string of `length` bytes, which is how a NUL inside a
/// string is told apart from its end.
package final class CArena {
  /// Small enough for glibc's per-thread cache; a request frame's C form fits in one block.
  private static let blockSize = 1024
  private static let alignment = 16
  private static let sizeHeader = 16
  private static let tag: UInt64 = 0x4449_5354_4152_454E  // "DISTAREN"

  /// The first block, kept out of `blocks` so that a small message allocates no array.
  private var firstBlock: UnsafeMutableRawPointer? = nil
  private var blocks: [UnsafeMutableRawPointer] = []
  private var cursor: UnsafeMutableRawPointer? = nil
  private var remaining = 0
  private let headerSize: Int
  /// Set while a thread's scratch arena serves a call (see ``withScratch(recordsSizes:_:)``).
  var inUse = false

  /// - Parameter recordsSizes: precede each allocation with its size (for decoding).
  package init(recordsSizes: Bool = false) {
    self.headerSize = recordsSizes ? Self.sizeHeader : 0
  }

  deinit {
    free(firstBlock)
    for block in blocks { free(block) }
  }

  /// Uninitialised, 16-byte-aligned memory for `byteCount` bytes.
  package func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
    let rounded = headerSize + ((max(byteCount, 1) + Self.alignment - 1) & ~(Self.alignment - 1))
    let start: UnsafeMutableRawPointer
    if rounded > Self.blockSize / 4 {
      start = newBlock(rounded)
    } else {
      if rounded > remaining {
        cursor = newBlock(Self.blockSize)
        remaining = Self.blockSize
      }
      start = cursor!
      cursor = start + rounded
      remaining -= rounded
    }
    guard headerSize > 0 else { return start }
    start.storeBytes(of: byteCount, as: Int.self)
    start.storeBytes(of: Self.tag, toByteOffset: 8, as: UInt64.self)
    return start + headerSize
  }

  /// The size requested for memory that an arena recording sizes allocated.
  package static func allocationSize(of pointer: UnsafeRawPointer) -> Int {
    let header = pointer - sizeHeader
    precondition(
      header.load(fromByteOffset: 8, as: UInt64.self) == tag, "memory not allocated by a size-recording CArena")
    return header.load(as: Int.self)
  }

  /// Forgets every allocation, keeping the first block for the next use.
  func reset() {
    for block in blocks { free(block) }
    blocks.removeAll(keepingCapacity: true)
    cursor = firstBlock
    remaining = firstBlock == nil ? 0 : Self.blockSize
  }

  private func newBlock(_ size: Int) -> UnsafeMutableRawPointer {
    guard let block = malloc(size) else { fatalError("out of memory allocating \(size) bytes") }
    if size == Self.blockSize, firstBlock == nil { firstBlock = block } else { blocks.append(block) }
    return block
  }

  /// Zeroed memory for one `T`; the generated code calls the protoc-c `*_init` on it next.
  package func allocate<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
    let raw = allocate(byteCount: MemoryLayout<T>.stride)
    memset(raw, 0, MemoryLayout<T>.stride)
    return raw.bindMemory(to: T.self, capacity: 1)
  }

  /// protobuf-c's allocator interface over this arena; valid while the arena lives.
  package var protobufAllocator: ProtobufCAllocator {
    ProtobufCAllocator(
      alloc: { data, size in
        Unmanaged<CArena>.fromOpaque(data!)._withUnsafeGuaranteedRef { $0.allocate(byteCount: size) }
      },
      free: { _, _ in },
      allocator_data: Unmanaged.passUnretained(self).toOpaque())
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
