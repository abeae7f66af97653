public import DistrictSchema

extension CalendarDate {
  /// Whole months of the year completed on this date: 10 on 1 November, 11 on 30 November.
  public var monthsCompleted: Int {
    day == CalendarDate.daysIn(month: month, year: year) ? month : month - 1
  }
}
