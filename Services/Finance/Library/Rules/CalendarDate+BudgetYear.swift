public import DistrictSchema

/// The dates a budget year's views are cut at (budget years are calendar years).
extension CalendarDate {
  /// The same month and day in `year` (29 February becomes 28 February in a common year).
  public func inYear(_ year: Int) -> CalendarDate {
    CalendarDate(year: year, month: month, day: min(day, CalendarDate.daysIn(month: month, year: year)))
  }

  /// The last day of this date's month.
  public var endOfMonth: CalendarDate {
    CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
  }

  /// 1 January of `year`.
  public static func startOfYear(_ year: Int) -> CalendarDate { CalendarDate(year: year, month: 1, day: 1) }

  /// 31 December of `year`.
  public static func endOfYear(_ year: Int) -> CalendarDate { CalendarDate(year: year, month: 12, day: 31) }
}
