public import DistrictSchema

/// Whether an indicator's figures accumulate over the year (revenue, km of road, products) or are
/// levels at a date (a coverage rate, a milestone).
public enum IndicatorMeasure {
  /// Units whose figures are levels, not flows.
  public static let levelUnits: Set<String> = ["percent", "per-mille", "boolean", "ratio", "index", "score"]

  /// A cumulative flow: higher or lower is better, and the unit is not a level unit.
  /// Run-rate and seasonal projections and the pace check apply only to these.
  public static func isCumulativeFlow(_ indicator: IndicatorsV1.Indicator) -> Bool {
    switch indicator.direction {
    case .higherIsBetter, .lowerIsBetter: !levelUnits.contains(indicator.unit)
    default: false
    }
  }
}
