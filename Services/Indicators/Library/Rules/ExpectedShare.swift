public import DistrictSchema

/// The share of a yearly target a cumulative flow is expected to have reached by a date.
public enum ExpectedShare {
  /// The default tolerance below the expected share before an actual counts as at risk: 5 points.
  public static let defaultToleranceBasisPoints: Int64 = 500

  /// Elapsed share of `year` on `date`, in basis points: 0 before the year, 10000 after it.
  /// 1 November 2023 (day 305 of 365) → 8356 bp.
  public static func elapsedBasisPoints(on date: CalendarDate, year: Int) -> Int64 {
    if date.year < year { return 0 }
    if date.year > year { return 10_000 }
    return Int64(date.dayOfYear) * 10_000 / Int64(CalendarDate.daysIn(year: year))
  }

  /// Whether a cumulative actual lags the pace needed: `actual / target` below `expected − tolerance`
  /// (higher-is-better flows only; `expectedBasisPoints` from history or elapsed time).
  public static func lags(
    cumulativeMilli: Int64, targetMilli: Int64, expectedBasisPoints: Int64,
    toleranceBasisPoints: Int64 = defaultToleranceBasisPoints
  ) -> Bool {
    guard targetMilli > 0 else { return false }
    return Achievement.ratio(cumulativeMilli, targetMilli) < expectedBasisPoints - toleranceBasisPoints
  }
}
