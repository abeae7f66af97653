internal import DistrictRPC
internal import DistrictSchema

/// What an overview or a report is asked for, validated: the year, the as-of dates and the
/// resolution (empty: the year's annual resolution), and whether the projects are wanted.
struct OverviewQuery: Sendable, Hashable {
  let year: Int32
  /// ISO `YYYY-MM-DD`.
  let asOf: String
  let resolutionID: String
  /// The date revenue is counted to (ISO), and its precision.
  let revenueAsOf: String
  let revenueAsOfPrecision: CommonV1.DatePrecision
  /// Each project's progress too (the dashboard's; the report needs none).
  let includeProjects: Bool

  /// - Parameters:
  ///   - today: the ISO date used when `asOf` is empty.
  /// - Throws: `INVALID_ARGUMENT` naming `as_of`, `revenue_as_of` or `year`.
  init(
    year: Int32, asOf: String, resolutionID: String, revenueAsOf: String = "",
    revenueAsOfPrecision: CommonV1.DatePrecision = .unspecified, includeProjects: Bool = false, today: String
  ) throws {
    self.includeProjects = includeProjects
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
    // The precision's rule on the revenue date, checked here so that the error names the field
    // the caller sent (finance, asked with it as its as_of, would name that).
    if let revenueDate = CalendarDate(self.revenueAsOf) {
      let field = revenueAsOf.isEmpty ? "as_of" : "revenue_as_of"
      switch revenueAsOfPrecision {
      case .earlyMonth where revenueDate.day != 1, .month where revenueDate.day != 1:
        throw RPCError.invalidArgument(
          field: field, "'\(self.revenueAsOf)': with month precision (revenue_as_of_precision) the day is the 1st")
      case .year where revenueDate.month != 1 || revenueDate.day != 1:
        throw RPCError.invalidArgument(
          field: field, "'\(self.revenueAsOf)': with year precision (revenue_as_of_precision) the date is 1 January")
      default: break
      }
    }
    let resolvedYear = year == 0 ? Int32(parsedYear) : year
    guard (1900...2200).contains(resolvedYear) else {
      throw RPCError.invalidArgument(field: "year", "\(year) is not a year the district could report on (1900–2200)")
    }
    self.year = resolvedYear
    self.asOf = date
    self.resolutionID = resolutionID
  }
}
