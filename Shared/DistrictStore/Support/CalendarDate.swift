public import DistrictRPC

/// Calendar dates as the store keeps them: `YYYY-MM-DD` text, which sorts and compares like
/// the dates themselves on both backends.
public enum CalendarDate {
  /// Throws `INVALID_ARGUMENT` naming `field` unless `value` is a real date written `YYYY-MM-DD`.
  public static func validate(_ value: String, field: String) throws(RPCError) {
    guard isValid(value) else {
      throw RPCError.invalidArgument(field: field, "'\(value)' is not a date written YYYY-MM-DD")
    }
  }

  /// Whether `value` is a real date written `YYYY-MM-DD` (years 0001–9999, leap years counted).
  public static func isValid(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
    func number(_ range: Range<Int>) -> Int? {
      var result = 0
      for byte in bytes[range] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        result = result * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return result
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      year >= 1, (1...12).contains(month), day >= 1
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= days[month - 1]
  }
}
