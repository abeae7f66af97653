public import DistrictSchema

/// The share of a year's revenue expected by a date: seasonal when earlier years have
/// collections, else the share of the year's days elapsed.
public struct ExpectedShare: Sendable, Hashable {
  /// The share in basis points.
  public let basisPoints: Int64
  /// The earlier years the seasonal share averages; empty for the elapsed-days fallback.
  public let years: [Int]
  /// In words, e.g. "seasonal: mean share reached by 11-01 in 2021, 2022 (8325 bp)".
  public let basis: String

  /// One earlier year's collections: up to the same day, and for the whole year.
  public struct EarlierYear: Sendable, Hashable {
    public var year: Int
    public var upToSameDay: Int64
    public var wholeYear: Int64

    public init(year: Int, upToSameDay: Int64, wholeYear: Int64) {
      self.year = year
      self.upToSameDay = upToSameDay
      self.wholeYear = wholeYear
    }
  }

  /// How many earlier years the seasonal share looks at (the last three).
  public static let seasonalYears = 3

  /// The mean share `earlier` years had reached by `cutoff`'s month and day (years without a
  /// positive whole-year total are skipped), or the elapsed days of the year when none has one.
  public static func expected(cutoff: CalendarDate, earlier: [EarlierYear]) -> ExpectedShare {
    let usable = earlier.filter { $0.wholeYear > 0 }.sorted { $0.year < $1.year }
    let day = String(cutoff.description.dropFirst(5))
    if !usable.isEmpty {
      let share = BasisPoints.mean(usable.map { BasisPoints.rate($0.upToSameDay, of: $0.wholeYear) })
      let years = usable.map(\.year)
      return ExpectedShare(
        basisPoints: share, years: years,
        basis:
          "seasonal: mean share reached by \(day) in \(years.map(String.init).joined(separator: ", ")) (\(share) bp)")
    }
    let elapsed = cutoff.dayOfYear
    let total = CalendarDate.daysIn(year: cutoff.year)
    let share = BasisPoints.rate(Int64(elapsed), of: Int64(total))
    return ExpectedShare(
      basisPoints: share, years: [],
      basis: "elapsed days: \(elapsed)/\(total) of \(cutoff.year) (\(share) bp); no earlier year has collections")
  }
}
