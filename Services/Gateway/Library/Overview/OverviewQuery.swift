internal import DistrictRPC
internal import DistrictSchema

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
    guard let parsedYear = CalendarDate(date)?.year else {
      throw RPCError.invalidArgument(field: "as_of", "'\(asOf)' is not a date: write it as YYYY-MM-DD, e.g. 2023-11-22")
    }
    guard revenueAsOf.isEmpty || CalendarDate(revenueAsOf) != nil else {
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
}
