/// A W3C trace context `traceparent` value: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
  public let traceID: String
  public let parentID: String
  public let flags: String

  /// Parses a `traceparent` header; `nil` when it is not a valid version-00 value.
  public init?(_ header: String) {
    let parts = header.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "00",
      Self.isHex(parts[1], count: 32), Self.isHex(parts[2], count: 16), Self.isHex(parts[3], count: 2),
      parts[1] != Substring(String(repeating: "0", count: 32)),
      parts[2] != Substring(String(repeating: "0", count: 16))
    else { return nil }
    traceID = String(parts[1])
    parentID = String(parts[2])
    flags = String(parts[3])
  }

  private init(traceID: String, parentID: String, flags: String) {
    self.traceID = traceID
    self.parentID = parentID
    self.flags = flags
  }

  /// A new trace, sampled.
  public static func random() -> TraceParent {
    TraceParent(traceID: randomHex(bytes: 16), parentID: randomHex(bytes: 8), flags: "01")
  }

  /// The same trace with a new parent span, for a call made on its behalf.
  public func child() -> TraceParent {
    TraceParent(traceID: traceID, parentID: Self.randomHex(bytes: 8), flags: flags)
  }

  public var description: String { "00-\(traceID)-\(parentID)-\(flags)" }

  private static func isHex(_ text: Substring, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }

  private static func randomHex(bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    var text = ""
    for _ in 0..<bytes {
      let byte = UInt8.random(in: 0...255, using: &generator)
      text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
    }
    return text
  }
}
