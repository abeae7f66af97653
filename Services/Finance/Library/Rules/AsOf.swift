internal import DistrictRPC
public import DistrictSchema

/// The date a view is "as of", with its published precision, and the last day whose
/// collections it counts (the cut-off).
///
/// - `DAY` and `EARLY_MONTH` ("đầu tháng 11", written 2023-11-01): collections up to and
///   including `as_of`. `EARLY_MONTH` and `MONTH` need the 1st of the month.
/// - `MONTH` ("lũy kế tháng 11"): up to the last day of that month.
/// - `YEAR`: the whole year (`as_of` must be 1 January).
///
/// A cut-off after the end of the budget year is the year's last day: collections belong to
/// the year they are recorded for.
public struct AsOf: Sendable, Hashable {
  public let year: Int
  public let date: CalendarDate
  public let precision: CommonV1.DatePrecision
  /// The last day counted, within `year`.
  public let cutoff: CalendarDate

  /// Validates `text` and `precision` for budget year `year`.
  public init(year: Int, text: String, precision: CommonV1.DatePrecision, field: String = "as_of") throws {
    let date = try CalendarDate.parse(text, field: field)
    guard date.year >= year else {
      throw RPCError.invalidArgument(field: field, "'\(text)' is before budget year \(year)")
    }
    let precision = precision == .unspecified ? .day : precision
    var cutoff: CalendarDate
    switch precision {
    case .day:
      cutoff = date
    case .earlyMonth, .month:
      guard date.day == 1 else {
        throw RPCError.invalidArgument(field: field, "'\(text)': with month precision the day is the 1st")
      }
      cutoff = precision == .month ? date.endOfMonth : date
    case .year:
      guard date.month == 1, date.day == 1 else {
        throw RPCError.invalidArgument(field: field, "'\(text)': with year precision the date is 1 January")
      }
      cutoff = CalendarDate.endOfYear(date.year)
    default:
      throw RPCError.invalidArgument(field: "as_of_precision", "\(precision.rawValue) is not a known precision")
    }
    if cutoff.year > year { cutoff = CalendarDate.endOfYear(year) }
    self.year = year
    self.date = date
    self.precision = precision
    self.cutoff = cutoff
  }

  /// Days of the year counted, 1…365 (366).
  public var elapsedDays: Int { cutoff.dayOfYear }
}
