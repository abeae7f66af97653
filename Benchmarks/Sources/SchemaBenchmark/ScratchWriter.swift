#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lays out C structs, pointer arrays and NUL-terminated strings front to back in a buffer the
/// caller provides (the hand-written bridge uses a stack temporary), with nothing to free.
struct ScratchWriter {
  private var cursor: UnsafeMutableRawPointer
  private let end: UnsafeMutableRawPointer

  init(_ buffer: UnsafeMutableRawBufferPointer) {
    cursor = buffer.baseAddress!
    end = cursor + buffer.count
  }

  /// The bytes one ``take(_:count:)`` of `count` `T`s may use, alignment padding included.
  static func bytes<T>(for type: T.Type, count: Int = 1) -> Int {
    MemoryLayout<T>.stride * count + MemoryLayout<T>.alignment
  }

  /// The bytes one ``cString(_:)`` of `string` uses.
  static func bytes(for string: String) -> Int {
    string.utf8.count + 1
  }

  /// Zeroed memory for `count` values of `T`, aligned for `T`.
  mutating func take<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
    let start = cursor.alignedUp(for: T.self)
    let byteCount = MemoryLayout<T>.stride * count
    precondition(start + byteCount <= end, "scratch too small")
    memset(start, 0, byteCount)
    cursor = start + byteCount
    return start.bindMemory(to: T.self, capacity: count)
  }

  /// A NUL-terminated copy of `string`.
  mutating func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
    let count = string.utf8.count
    precondition(cursor + count + 1 <= end, "scratch too small")
    let start = cursor
    var string = string
    string.withUTF8 { utf8 in
      if let base = utf8.baseAddress { memcpy(start, base, count) }
    }
    start.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
    cursor = start + count + 1
    return start.bindMemory(to: CChar.self, capacity: count + 1)
  }
}
