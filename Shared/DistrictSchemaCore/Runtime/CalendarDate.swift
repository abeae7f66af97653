/// A calendar date (Gregorian, no time zone, no floating point) as the services and the store
/// keep it: `YYYY-MM-DD` text, which sorts and compares like the dates themselves on both
/// backends, and a day number (days since 1970-01-01), so that periods are integer arithmetic
/// here and in SQL alike.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let year: Int
  /// 1 for January.
  public let month: Int
  /// The day of the month, from 1.
  public let day: Int

  /// The date `text` names, or `nil` unless it is a real date written exactly `YYYY-MM-DD`
  /// (years 0001–9999, leap years counted).
  public init?(_ text: String) {
    guard text.utf8.count == 10 else { return nil }
    let bytes = Array(text.utf8)
    guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]), let day = Self.number(bytes[8..<10]),
      year >= 1, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// What a person is told when `text` is given as a date and is not one: the words of every
  /// layer that refuses it (the wire's `CalendarDate.parse(_:field:)`, the store's checks).
  public static func notADate(_ text: String) -> String { "'\(text)' is not a date written YYYY-MM-DD" }

  /// A date from its parts; the caller guarantees they form a real date.
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date of day number `dayNumber` (days since 1970-01-01, negative before it).
  public init(dayNumber: Int64) {
    // H. Hinnant's civil_from_days.
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    self.init(year: Int(year), month: Int(month), day: Int(day))
  }

  /// Days since 1970-01-01: 0 on that day, negative before it.
  public var dayNumber: Int64 {
    // H. Hinnant's days_from_civil.
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64(month > 2 ? month - 3 : month + 9)
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `days` later (earlier when negative).
  public func adding(days: Int64) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

  /// 1 for 1 January, 365 or 366 for 31 December.
  public var dayOfYear: Int {
    (1..<month).reduce(0) { $0 + Self.daysIn(month: $1, year: year) } + day
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// Whether `year` has 29 February.
  public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  /// The number of days of `month` in `year`.
  public static func daysIn(month: Int, year: Int) -> Int {
    [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  /// 365 or 366.
  public static func daysIn(year: Int) -> Int { isLeap(year) ? 366 : 365 }

  /// The value of ASCII decimal `digits`, or `nil` if any is not a digit.
  private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in digits {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }
}
