/// The bounds of a call's timeout, the same for what arrives on the wire and what a caller asks.
///
/// `timeout_micros` is a `uint64`: a peer may send anything up to 2^64−1 µs (about 585,000
/// years), which no timer can hold (NIO's deadlines are signed 64-bit nanoseconds and trap on
/// overflow). Every timeout is clamped to ``maximum`` before it reaches a clock or a timer.
public enum CallTimeout {
  /// The longest deadline honoured: 24 hours. A longer one is served as 24 hours.
  public static let maximum: Duration = .seconds(24 * 60 * 60)

  /// `timeout_micros` as a duration: `nil` for 0 (no deadline), otherwise at most ``maximum``.
  public static func fromWire(micros: UInt64) -> Duration? {
    guard micros > 0 else { return nil }
    return .microseconds(Int64(min(micros, maximumMicros)))
  }

  /// A caller's timeout as `timeout_micros`: at least 1 (0 would mean no deadline), at most
  /// ``maximum``.
  public static func toWire(_ timeout: Duration) -> UInt64 {
    UInt64(max(1, min(bounded(timeout), maximum).microseconds))
  }

  /// `timeout`, at most ``maximum`` (and no less than zero).
  public static func bounded(_ timeout: Duration) -> Duration {
    min(max(timeout, .zero), maximum)
  }

  static let maximumMicros = UInt64(maximum.microseconds)
}

extension Duration {
  /// Whole microseconds, rounded toward zero; saturates at the ends of `Int64`.
  var microseconds: Int64 { whole(unitsPerSecond: 1_000_000) }

  /// Whole nanoseconds, rounded toward zero; saturates at the ends of `Int64` (about 292 years)
  /// instead of trapping.
  var nanoseconds: Int64 { whole(unitsPerSecond: 1_000_000_000) }

  private func whole(unitsPerSecond: Int64) -> Int64 {
    let (seconds, attoseconds) = components
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: unitsPerSecond)
    let (sum, sumOverflow) = scaled.addingReportingOverflow(attoseconds / (1_000_000_000_000_000_000 / unitsPerSecond))
    return overflow || sumOverflow ? (seconds < 0 ? .min : .max) : sum
  }
}
