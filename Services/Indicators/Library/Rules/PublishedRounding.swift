/// Rounds milli-unit values to the precision a figure is published with, before any status is
/// decided: 94.96 % published with one decimal is 95.0 %, and meets a 95 % target.
public enum PublishedRounding {
  /// `valueMilli` rounded half away from zero to `decimals` digits after the point
  /// (0…3; 3 or more leaves it as it is, below 0 is treated as 0).
  ///
  /// `rounded(94_960, decimals: 1) == 95_000`; `rounded(610_449, decimals: 0) == 610_000`.
  public static func rounded(_ valueMilli: Int64, decimals: Int32) -> Int64 {
    let clamped = min(max(Int(decimals), 0), 3)
    guard clamped < 3 else { return valueMilli }
    var step: Int64 = 1
    for _ in clamped..<3 { step *= 10 }
    let magnitude = valueMilli.magnitude
    let down = magnitude / UInt64(step) * UInt64(step)
    let roundedMagnitude = (magnitude - down) * 2 >= UInt64(step) ? down + UInt64(step) : down
    let result = Int64(clamping: roundedMagnitude)
    return valueMilli < 0 ? -result : result
  }
}
