internal import NIOCore

/// The bounds of a frame's metadata, checked on the encoded bytes before the frame is decoded.
///
/// A frame may be 4 MiB; its metadata entries cost an allocation each when decoded, so 700,000
/// empty entries in one frame cost a server a quarter of a second of CPU and hundreds of
/// megabytes, before authentication. The decoder therefore counts the top-level `metadata`
/// fields (number 5) of the envelope and their bytes without decoding anything, and a frame past
/// either limit is a connection error (`RESOURCE_EXHAUSTED`).
enum MetadataLimits {
  /// The most metadata entries one frame may carry.
  static let maximumEntries = 64
  /// The most bytes (encoded) all metadata entries of one frame may take.
  static let maximumBytes = 16 * 1024

  /// Why the envelope in `bytes` carries too much metadata, or `nil` (also for bytes that are
  /// not a valid envelope: decoding reports those).
  static func problem(in bytes: ByteBuffer) -> String? {
    var reader = bytes
    var entries = 0
    var total = 0
    while reader.readableBytes > 0 {
      guard let tag = readVarint(&reader) else { return nil }
      let field = tag >> 3
      switch tag & 7 {
      case 0:
        guard readVarint(&reader) != nil else { return nil }
      case 1:
        guard reader.readableBytes >= 8 else { return nil }
        reader.moveReaderIndex(forwardBy: 8)
      case 2:
        guard let length = readVarint(&reader), length <= UInt64(reader.readableBytes) else { return nil }
        if field == 5 {
          entries += 1
          total += Int(length)
          if entries > maximumEntries {
            return "a frame carries more than \(maximumEntries) metadata entries, the most accepted"
          }
          if total > maximumBytes {
            return "a frame's metadata takes more than \(maximumBytes) bytes, the most accepted"
          }
        }
        reader.moveReaderIndex(forwardBy: Int(length))
      case 5:
        guard reader.readableBytes >= 4 else { return nil }
        reader.moveReaderIndex(forwardBy: 4)
      default:
        return nil
      }
    }
    return nil
  }

  private static func readVarint(_ reader: inout ByteBuffer) -> UInt64? {
    var value: UInt64 = 0
    for shift in stride(from: 0, to: 64, by: 7) {
      guard let byte = reader.readInteger(as: UInt8.self) else { return nil }
      value |= UInt64(byte & 0x7F) << UInt64(shift)
      if byte & 0x80 == 0 { return value }
    }
    return nil
  }
}
