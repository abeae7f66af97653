internal import DistrictRPC
internal import DistrictSchema
internal import Foundation

/// What an overview or a report is asked for, validated: the year, the as-of dates and the
/// resolution (empty: the year's annual resolution).
struct OverviewQuery: Sendable, Hashable {
  let year: Int32
  /// ISO `YYYY-MM-DD`.
  let asOf: String
  let resolutionID: String
  /// The date revenue is counted to (ISO), and its precision.
  let revenueAsOf: String
  let revenueAsOfPrecision: CommonV1.DatePrecision

  /// - Parameters:
  ///   - today: the ISO date used when `asOf` is empty.
  /// - Throws: `INVALID_ARGUMENT` naming `as_of`, `revenue_as_of` or `year`.
  init(
    year: Int32, asOf: String, resolutionID: String, revenueAsOf: String = "",
    revenueAsOfPrecision: CommonV1.DatePrecision = .unspecified, today: String
  ) throws {
    let date = asOf.isEmpty ? today : asOf
    guard let parsedYear = Self.year(ofISODate: date) else {
      throw RPCError.invalidArgument(field: "as_of", "'\(asOf)' is not a date: write it as YYYY-MM-DD, e.g. 2023-11-22")
    }
    guard revenueAsOf.isEmpty || Self.year(ofISODate: revenueAsOf) != nil else {
      throw RPCError.invalidArgument(
        field: "revenue_as_of", "'\(revenueAsOf)' is not a date: write it as YYYY-MM-DD, e.g. 2023-11-01")
    }
    self.revenueAsOf = revenueAsOf.isEmpty ? date : revenueAsOf
    self.revenueAsOfPrecision = revenueAsOfPrecision
    let resolvedYear = year == 0 ? Int32(parsedYear) : year
    guard (1900...2200).contains(resolvedYear) else {
      throw RPCError.invalidArgument(field: "year", "\(year) is not a year the district could report on (1900–2200)")
    }
    self.year = resolvedYear
    self.asOf = date
    self.resolutionID = resolutionID
  }

  /// The year of a valid ISO date, or `nil`.
  static func year(ofISODate text: String) -> Int? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
    else { return nil }
    return year
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Today's date in Vietnam (UTC+7, no daylight saving), ISO.
  @Sendable static func todayInVietnam() -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
    let today = calendar.dateComponents([.year, .month, .day], from: Date())
    return String(format: "%04d-%02d-%02d", today.year!, today.month!, today.day!)
  }
}
