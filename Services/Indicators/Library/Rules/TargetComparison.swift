public import DistrictSchema

/// Where a value stands against an indicator's target, after rounding to the published precision.
public enum TargetComparison: Sendable, Hashable {
  /// Strictly better than the target ("vượt").
  case better
  /// Meets the target exactly, or lies within a band ("đạt").
  case meets
  /// Worse than the target ("không đạt").
  case worse

  /// Compares `valueMilli` with the target of `indicator`, direction-aware, after rounding the value
  /// to `indicator.publishedDecimals`.
  ///
  /// - higher is better: better when v > t, meets when v = t;
  /// - lower is better: better when v < t, meets when v = t;
  /// - band: meets within [target, target_high], worse outside (a band is never "better");
  /// - milestone: any non-zero value (1000 = yes) meets a yes target, zero is worse.
  public static func of(_ valueMilli: Int64, against indicator: IndicatorsV1.Indicator) -> TargetComparison {
    let value = PublishedRounding.rounded(valueMilli, decimals: indicator.publishedDecimals)
    let target = indicator.targetMilli
    switch indicator.direction {
    case .lowerIsBetter:
      return value < target ? .better : value == target ? .meets : .worse
    case .band:
      return (target...max(target, indicator.targetHighMilli)).contains(value) ? .meets : .worse
    case .milestone:
      return valueMilli != 0 ? .meets : .worse
    default:
      return value > target ? .better : value == target ? .meets : .worse
    }
  }
}
