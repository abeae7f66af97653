internal import DistrictRPC

/// A calendar date of the budget year (budget years are calendar years), written `YYYY-MM-DD`.
public struct FiscalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// The date `text` names, or `nil` unless it is a real date written `YYYY-MM-DD`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard text.utf8.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
      let day = Int(parts[2]), year >= 1, (1...12).contains(month), day >= 1,
      day <= FiscalDate.daysInMonth(year: year, month: month)
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// A date from its parts; the caller guarantees they form a real date.
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (lhs: FiscalDate, rhs: FiscalDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// Whether `year` has 29 February.
  public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  /// 365 or 366.
  public static func daysInYear(_ year: Int) -> Int { isLeap(year) ? 366 : 365 }

  /// The number of days of a month.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  /// 1 for 1 January, 365 or 366 for 31 December.
  public var dayOfYear: Int {
    (1..<month).reduce(0) { $0 + FiscalDate.daysInMonth(year: year, month: $1) } + day
  }

  /// The same month and day in `year` (29 February becomes 28 February in a common year).
  public func inYear(_ year: Int) -> FiscalDate {
    FiscalDate(year: year, month: month, day: min(day, FiscalDate.daysInMonth(year: year, month: month)))
  }

  /// The last day of this date's month.
  public var endOfMonth: FiscalDate {
    FiscalDate(year: year, month: month, day: FiscalDate.daysInMonth(year: year, month: month))
  }

  /// 1 January of `year`.
  public static func startOfYear(_ year: Int) -> FiscalDate { FiscalDate(year: year, month: 1, day: 1) }

  /// 31 December of `year`.
  public static func endOfYear(_ year: Int) -> FiscalDate { FiscalDate(year: year, month: 12, day: 31) }

  /// Parses `text`, or throws `INVALID_ARGUMENT` naming `field`.
  static func parse(_ text: String, field: String) throws -> FiscalDate {
    guard let date = FiscalDate(text) else {
      throw RPCError.invalidArgument(field: field, "'\(text)' is not a date written YYYY-MM-DD")
    }
    return date
  }
}
