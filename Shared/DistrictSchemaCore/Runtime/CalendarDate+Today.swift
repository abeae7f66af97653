internal import Foundation

extension CalendarDate {
  /// The current date in Vietnam (UTC+7, no daylight saving): the services' "today", the
  /// default as-of date of their views.
  @Sendable public static func todayInVietnam() -> CalendarDate {
    let seconds = Int64(Date().timeIntervalSince1970.rounded(.down)) + 7 * 3600
    return CalendarDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
  }
}
