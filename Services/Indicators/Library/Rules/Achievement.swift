public import DistrictSchema

/// The achievement ratio of a value against its target, in basis points (10,000 = 100 %).
public enum Achievement {
  /// Direction-aware achievement of `valueMilli`, in basis points, rounded half away from zero
  /// as every published rate is (``BasisPoints``):
  /// - higher is better: v / t (610 of 636 tỷ → 9591 bp);
  /// - lower is better: t / v, at most ``lowerIsBetterCap`` (a 3.0 % poverty ceiling with 2.5 %
  ///   actual → 12000 bp); 10000 at the target; a value of 0 or below under the target is the
  ///   cap (−0.5 % against 3.0 %), and a value above a target of 0 or below is 0;
  /// - band: 10000 inside [target, target_high], else v / target below it or target_high / v above;
  /// - milestone: 10000 when reached, 0 when not.
  ///
  /// A zero denominator otherwise gives 0 (nothing measurable).
  public static func basisPoints(_ valueMilli: Int64, against indicator: IndicatorsV1.Indicator) -> Int64 {
    let value = PublishedRounding.rounded(valueMilli, decimals: indicator.publishedDecimals)
    let target = indicator.targetMilli
    switch indicator.direction {
    case .milestone:
      return valueMilli != 0 ? 10_000 : 0
    case .lowerIsBetter:
      if value == target { return 10_000 }
      // t / v means something only for positive levels: a value of 0 or below that beats the
      // ceiling (a rate of change under a ceiling of 0 %) is the cap; one worse than a ceiling
      // of 0 or below is 0.
      if value < target { return value > 0 ? min(ratio(target, value), lowerIsBetterCap) : lowerIsBetterCap }
      return target > 0 ? ratio(target, value) : 0
    case .band:
      let high = max(target, indicator.targetHighMilli)
      if value < target { return value == 0 ? 0 : ratio(value, target) }
      if value > high { return ratio(high, value) }
      return 10_000
    default:
      return target == 0 ? 0 : ratio(value, target)
    }
  }

  /// For rate targets (unit `percent`) the comparison is of levels: how far `valueMilli` is past
  /// the target, in milli-percentage-points, positive when better (96.5 % against ≥ 95 % → 1500,
  /// "vượt 1.5 điểm phần trăm"). For other units, the same difference in milli-units. Worked out
  /// in 128 bits and clamped to Int64's range: accepted targets and values can be 2^64 apart.
  public static func excessMilli(_ valueMilli: Int64, against indicator: IndicatorsV1.Indicator) -> Int64 {
    let value = Int128(PublishedRounding.rounded(valueMilli, decimals: indicator.publishedDecimals))
    let target = Int128(indicator.targetMilli)
    let excess: Int128
    switch indicator.direction {
    case .lowerIsBetter: excess = target - value
    case .band:
      let high = max(target, Int128(indicator.targetHighMilli))
      excess = value < target ? value - target : value > high ? high - value : 0
    default: excess = value - target
    }
    return Int64(clamping: excess)
  }

  /// The most a lower-is-better indicator achieves: twice its target's worth (20000 bp). t / v
  /// grows without bound as v nears 0 (a poverty rate of 0.01 % against 3 % would be 300 times
  /// the target), which says nothing a reader can use; "more than twice as good" is the cap.
  public static let lowerIsBetterCap: Int64 = 20_000

  /// numerator / denominator in basis points (``BasisPoints/ratio(_:_:)``: 128-bit, so VND
  /// amounts never overflow; rounded half away from zero).
  static func ratio(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    BasisPoints.ratio(numerator, denominator)
  }
}
