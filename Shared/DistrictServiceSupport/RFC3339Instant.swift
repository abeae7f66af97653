internal import DistrictSchema

/// Instants as callers write them: RFC 3339 with an offset (`2023-11-22T17:00:00+07:00`,
/// `2023-11-22T10:00:00.250Z`; seconds may be left out, `2023-11-22T17:00+07:00`), or a date alone
/// (`2023-11-01`), which means its midnight in Vietnam (UTC+7), where the district's days begin.
///
/// Parsed by hand into milliseconds since the epoch: every part is range-checked, nothing is
/// left to a locale or a formatter's leniency.
public enum RFC3339Instant {
  /// Vietnam's offset from UTC, in minutes: the zone of a date given alone.
  public static let vietnamOffsetMinutes: Int64 = 7 * 60

  /// Milliseconds since 1970-01-01T00:00Z of `text`, or `nil` unless it is one of the forms above
  /// (years 0001–9999, offsets up to ±23:59, fractions of a second beyond milliseconds dropped).
  public static func milliseconds(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 10, let date = CalendarDate(String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
    let day = date.dayNumber * 86_400_000
    if bytes.count == 10 { return day - vietnamOffsetMinutes * 60_000 }
    guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
      let hour = number(bytes[11..<13]), bytes[13] == UInt8(ascii: ":"), let minute = number(bytes[14..<16]),
      hour < 24, minute < 60
    else { return nil }
    var index = 16
    var second: Int64 = 0
    var millisecond: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
      guard index + 3 <= bytes.count, let value = number(bytes[(index + 1)..<(index + 3)]), value < 60 else {
        return nil
      }
      second = value
      index += 3
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        let start = index
        var scale: Int64 = 100
        while index < bytes.count, let digit = digit(bytes[index]) {
          millisecond += digit * scale
          scale /= 10
          index += 1
        }
        guard index > start, index - start <= 9 else { return nil }
      }
    }
    guard index < bytes.count else { return nil }
    var offsetMinutes: Int64 = 0
    switch bytes[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      index += 1
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard index + 6 == bytes.count, let hours = number(bytes[(index + 1)..<(index + 3)]),
        bytes[index + 3] == UInt8(ascii: ":"), let minutes = number(bytes[(index + 4)..<(index + 6)]),
        hours < 24, minutes < 60
      else { return nil }
      offsetMinutes = (hours * 60 + minutes) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
      index += 6
    default:
      return nil
    }
    guard index == bytes.count else { return nil }
    return day + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millisecond
  }

  /// What a person is told when `text` is not an instant.
  public static func notAnInstant(_ text: String) -> String {
    "'\(text)' is not an instant: write RFC 3339 with an offset (2023-11-22T17:00:00+07:00) or a date (2023-11-22, midnight in Vietnam)"
  }

  private static func digit(_ byte: UInt8) -> Int64? {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int64(byte - UInt8(ascii: "0")) : nil
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> Int64? {
    var value: Int64 = 0
    for byte in bytes {
      guard let digit = digit(byte) else { return nil }
      value = value * 10 + digit
    }
    return value
  }
}
