internal import DistrictRPC

/// A calendar date written `YYYY-MM-DD`, with its day number (days since 1970-01-01), so that
/// statutory periods are integer arithmetic here and in SQL, on SQLite and PostgreSQL alike.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public let day: Int64

  /// The date `text` names, or `nil` unless it is a real date written `YYYY-MM-DD`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard text.utf8.count == 10, parts.count == 3, let year = Int64(parts[0]), let month = Int64(parts[1]),
      let day = Int64(parts[2]), year >= 1, (1...12).contains(month), day >= 1,
      day <= CivilDate.daysInMonth(year: year, month: month)
    else { return nil }
    self.day = CivilDate.dayNumber(year: year, month: month, day: day)
  }

  /// The date of day number `day`.
  public init(day: Int64) { self.day = day }

  /// `days` later (earlier when negative).
  public func adding(days: Int64) -> CivilDate { CivilDate(day: day + days) }

  /// `YYYY-MM-DD`.
  public var description: String {
    // The inverse of dayNumber (H. Hinnant's civil_from_days).
    let z = day + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func pad(_ value: Int64, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.day < rhs.day }

  /// Parses `text`, or throws `INVALID_ARGUMENT` naming `field`.
  static func parse(_ text: String, field: String) throws -> CivilDate {
    guard let date = CivilDate(text) else {
      throw RPCError.invalidArgument(field: field, "'\(text)' is not a date written YYYY-MM-DD")
    }
    return date
  }

  static func daysInMonth(year: Int64, month: Int64) -> Int64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
  }

  /// Days since 1970-01-01 of a real date (H. Hinnant's days_from_civil).
  static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
