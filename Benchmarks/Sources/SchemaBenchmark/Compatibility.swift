/// The start-up proof that the paths speak the same protobuf: every path encodes the sample
/// frame to the very same bytes, and every path decodes those bytes back to the sample frame.
enum Compatibility {
  /// A difference found; the benchmark stops with it.
  struct Mismatch: Error, CustomStringConvertible {
    let description: String
  }

  /// Checks `paths` against the first one; returns the common encoding.
  static func check(_ paths: [CodecPath]) throws -> [UInt8] {
    var encodings: [(name: String, bytes: [UInt8])] = []
    for path in paths {
      do {
        encodings.append((path.name, try path.sampleEncoding()))
      } catch {
        throw Mismatch(description: "\(path.name) cannot encode the sample frame: \(error)")
      }
    }
    let reference = encodings[0]
    for other in encodings.dropFirst() where other.bytes != reference.bytes {
      throw Mismatch(description: difference(reference, other))
    }
    for path in paths {
      let decoded: Bool
      do {
        decoded = try path.decodesToSample(reference.bytes)
      } catch {
        throw Mismatch(description: "\(path.name) cannot decode the common encoding: \(error)")
      }
      guard decoded else {
        throw Mismatch(description: "\(path.name) decodes the common encoding to a different frame")
      }
    }
    return reference.bytes
  }

  private static func difference(_ a: (name: String, bytes: [UInt8]), _ b: (name: String, bytes: [UInt8])) -> String {
    let common = zip(a.bytes, b.bytes).prefix { $0 == $1 }.count
    func around(_ bytes: [UInt8]) -> String {
      bytes[common..<min(common + 8, bytes.count)].map { hex($0) }.joined(separator: " ")
    }
    return """
      encodings differ: \(a.name) gives \(a.bytes.count) bytes, \(b.name) gives \(b.bytes.count); \
      first difference at offset \(common): [\(around(a.bytes))] vs [\(around(b.bytes))]
      """
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
  }
}
