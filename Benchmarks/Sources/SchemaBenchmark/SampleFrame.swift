/// The message every path encodes and decodes: a REQUEST frame as a client sends it, with a
/// 300-byte payload. Each path builds its own representation from these values.
enum SampleFrame {
  static let callID: UInt64 = 7_341
  /// `FRAME_KIND_REQUEST`.
  static let kind: Int32 = 2
  static let method = "/district.finance.v1.Finance/GetRevenueSummary"
  /// 2.5 s left of the caller's deadline.
  static let timeoutMicros: UInt64 = 2_500_000
  static let metadata: [(key: String, value: String)] = [
    (
      "authorization",
      "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaW5hbmNlLWNsaWVudCIsImV4cCI6MTc2NzIyNTYwMH0.3uW0Wq0mS9aWv6r5tN1a8dQ0hJkq7Zb0m2Y4x9eLk3c"
    ),
    ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
  ]
  /// 300 bytes standing for an encoded request message (deterministic, not all one value).
  static let payload: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
}
