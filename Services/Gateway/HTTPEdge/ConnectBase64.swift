#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// Base64 as Connect uses it: unpadded standard alphabet for error details, and RFC 4648 §5
/// URL-safe, padded or not, for a GET request's `message` with `base64=1`.
enum ConnectBase64 {
  static func encodeUnpadded(_ bytes: [UInt8]) -> String {
    var text = Data(bytes).base64EncodedString()
    while text.hasSuffix("=") { text.removeLast() }
    return text
  }

  /// The bytes of `text` in either alphabet, with or without padding; `nil` when it is not base64.
  /// A space is a `+` that a query's form decoding turned into one (base64 has no spaces).
  static func decode(_ text: String) -> [UInt8]? {
    var standard = String(text.map { $0 == "-" || $0 == " " ? "+" : $0 == "_" ? "/" : $0 })
    while standard.hasSuffix("=") { standard.removeLast() }
    if standard.count % 4 == 1 { return nil }
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return Data(base64Encoded: standard).map(Array.init)
  }
}
