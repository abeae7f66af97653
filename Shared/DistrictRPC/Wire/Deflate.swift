internal import CZlib

/// zlib-format deflate of payloads ("deflate" in the hello's encodings), and its gzip framing
/// for the HTTP edge.
package enum Deflate {
  /// The name peers announce in `accept_encodings`.
  static let encodingName = "deflate"

  /// The container around the deflate stream.
  package enum Format: Sendable {
    /// RFC 1950, as the binary protocol's frames carry it.
    case zlib
    /// RFC 1952, as HTTP's `Content-Encoding: gzip`.
    case gzip

    /// zlib's `windowBits` for the format: 15 for zlib; +16 asks for gzip's header and trailer.
    var windowBits: Int32 { self == .zlib ? 15 : 15 + 16 }
  }

  /// Compresses `bytes` at a fast level; payloads are compressed once and sent at once.
  package static func compress(_ bytes: [UInt8], format: Format = .zlib) -> [UInt8] {
    var stream = z_stream()
    let started = deflateInit2_(
      &stream, 1, Z_DEFLATED, format.windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)
    )
    precondition(started == Z_OK, "deflateInit2 failed with \(started)")
    defer { deflateEnd(&stream) }
    // A gzip header and trailer take 18 bytes beyond the zlib bound.
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 18)
    var input = bytes
    let status = output.withUnsafeMutableBufferPointer { out in
      input.withUnsafeMutableBufferPointer { inputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = uInt(inputBuffer.count)
        stream.next_out = out.baseAddress
        stream.avail_out = uInt(out.count)
        return deflate(&stream, Z_FINISH)
      }
    }
    precondition(status == Z_STREAM_END, "deflate failed with \(status) for a buffer of its own bound")
    output.removeSubrange(Int(stream.total_out)...)
    return output
  }

  /// Why a compressed payload could not be restored.
  package enum Failure: Error {
    /// The bytes are not a valid zlib stream.
    case corrupt(String)
    /// The restored payload would exceed the limit.
    case tooLarge(limit: Int)
  }

  /// Restores a compressed payload, refusing to grow it past `limit` bytes.
  package static func decompress(_ bytes: [UInt8], limit: Int, format: Format = .zlib) throws(Failure) -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, format.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .corrupt("zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    var input = bytes
    let status: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = uInt(inputBuffer.count)
      while true {
        let produced: (Int32, Int) = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
          stream.next_out = chunkBuffer.baseAddress
          stream.avail_out = uInt(chunkBuffer.count)
          let status = inflate(&stream, Z_NO_FLUSH)
          return (status, chunkBuffer.count - Int(stream.avail_out))
        }
        output.append(contentsOf: chunk[0..<produced.1])
        if output.count > limit { return Z_MEM_ERROR }
        switch produced.0 {
        case Z_STREAM_END: return Z_STREAM_END
        case Z_OK where stream.avail_in > 0 || produced.1 > 0: continue
        case Z_OK, Z_BUF_ERROR: return Z_DATA_ERROR  // input ended before the stream did
        default: return produced.0
        }
      }
    }
    switch status {
    case Z_STREAM_END:
      guard stream.avail_in == 0 else { throw .corrupt("bytes follow the end of the compressed stream") }
      return output
    case Z_MEM_ERROR:
      throw .tooLarge(limit: limit)
    default:
      let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
      throw .corrupt(reason)
    }
  }
}
