internal import Foundation

/// How the edge writes JSON: keys sorted, so that the same answer is the same bytes (a GET's
/// ETag stays stable), and slashes left as they are.
enum EdgeJSON {
  static func encode(_ value: some Encodable) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(value))
  }
}
