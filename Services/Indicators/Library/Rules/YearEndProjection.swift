/// How a year-end value was projected.
public enum ProjectionMethod: String, Sendable, Hashable {
  /// The responsible agency's recorded estimate ("ước thực hiện"): always preferred.
  case recordedEstimate = "recorded-estimate"
  /// The share of the year's total reached by this date in earlier years.
  case seasonal
  /// Cumulative × 12 / months elapsed.
  case runRate = "run-rate"
  /// A level (a rate, a count of communes, a milestone): the latest actual stands for the year end.
  case latestLevel = "latest-level"
}

/// A projected year-end value in milli-units and how it was obtained.
public struct YearEndProjection: Sendable, Hashable {
  public var valueMilli: Int64
  public var method: ProjectionMethod

  public init(valueMilli: Int64, method: ProjectionMethod) {
    self.valueMilli = valueMilli
    self.method = method
  }

  /// Run-rate: `cumulativeMilli × 12 / monthsElapsed`; `nil` before the first month is complete.
  ///
  /// 610 tỷ at the start of November (10 months) → 732 tỷ.
  public static func runRate(cumulativeMilli: Int64, monthsElapsed: Int) -> Int64? {
    guard monthsElapsed >= 1 else { return nil }
    return Int64(clamping: Int128(cumulativeMilli) * 12 / Int128(min(monthsElapsed, 12)))
  }

  /// Seasonal: `cumulativeMilli / share`, where `shareBasisPoints` is the share of the year's
  /// total reached by the same date in earlier years; `nil` without a positive share.
  ///
  /// 610 tỷ when earlier years had reached 88 % (8800 bp) by that date → 693.18 tỷ.
  public static func seasonal(cumulativeMilli: Int64, shareBasisPoints: Int64) -> Int64? {
    guard shareBasisPoints > 0 else { return nil }
    return Int64(clamping: Int128(cumulativeMilli) * 10_000 / Int128(shareBasisPoints))
  }

  /// The mean share (basis points) of the year's total reached by a date, over earlier years'
  /// (cumulative at that date, year total) pairs — the last three given; `nil` without history.
  public static func seasonalShare(history: [(cumulativeMilli: Int64, totalMilli: Int64)]) -> Int64? {
    let usable = history.filter { $0.totalMilli > 0 }.suffix(3)
    guard !usable.isEmpty else { return nil }
    let sum = usable.reduce(Int128(0)) { $0 + Int128($1.cumulativeMilli) * 10_000 / Int128($1.totalMilli) }
    return Int64(clamping: sum / Int128(usable.count))
  }

  /// Chooses the projection: the recorded estimate wins; otherwise, for cumulative flows, the
  /// seasonal projection when history gives a share, else the run-rate; for levels, the latest actual.
  public static func choose(
    recordedEstimateMilli: Int64?, cumulativeMilli: Int64?, isCumulativeFlow: Bool, monthsElapsed: Int,
    seasonalShareBasisPoints: Int64?
  ) -> YearEndProjection? {
    if let recordedEstimateMilli {
      return YearEndProjection(valueMilli: recordedEstimateMilli, method: .recordedEstimate)
    }
    guard let cumulativeMilli else { return nil }
    guard isCumulativeFlow else { return YearEndProjection(valueMilli: cumulativeMilli, method: .latestLevel) }
    if let share = seasonalShareBasisPoints,
      let value = seasonal(cumulativeMilli: cumulativeMilli, shareBasisPoints: share)
    {
      return YearEndProjection(valueMilli: value, method: .seasonal)
    }
    if let value = runRate(cumulativeMilli: cumulativeMilli, monthsElapsed: monthsElapsed) {
      return YearEndProjection(valueMilli: value, method: .runRate)
    }
    return nil
  }
}
