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
    var generator = SystemRandomNumberGenerator()
    return random(using: &generator)
  }

  /// A new trace, sampled, with ids from `generator`.
  public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> TraceParent {
    let traceID = hex(nonZero(&generator), digits: 16) + hex(generator.next(), digits: 16)
    return TraceParent(traceID: traceID, parentID: hex(nonZero(&generator), digits: 16), flags: "01")
  }

  /// The same trace with a new parent span, for a call made on its behalf.
  public func child() -> TraceParent {
    var generator = SystemRandomNumberGenerator()
    return TraceParent(traceID: traceID, parentID: Self.hex(Self.nonZero(&generator), digits: 16), flags: flags)
  }

  public var description: String { "00-\(traceID)-\(parentID)-\(flags)" }

  private static func isHex(_ text: Substring, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }

  /// An id of all zeros is invalid.
  private static func nonZero<Generator: RandomNumberGenerator>(_ generator: inout Generator) -> UInt64 {
    while true {
      let value = generator.next()
      if value != 0 { return value }
    }
  }

  private static func hex(_ value: UInt64, digits: Int) -> String {
    String(unsafeUninitializedCapacity: digits) { buffer in
      for index in 0..<digits {
        let nibble = UInt8(truncatingIfNeeded: value >> (4 * UInt64(digits - 1 - index))) & 0xF
        buffer[index] = nibble < 10 ? 48 + nibble : 87 + nibble
      }
      return digits
    }
  }
}
