import DistrictServiceSupport
import Foundation
import Testing

@Suite("RFC 3339 instants")
struct RFC3339InstantTests {
  @Test("The forms callers write, against Foundation's reading of the same instant")
  func forms() throws {
    let cases: [(String, String)] = [
      ("2023-11-22T17:00:00+07:00", "2023-11-22T10:00:00.000Z"),
      ("2023-11-22T17:00+07:00", "2023-11-22T10:00:00.000Z"),
      ("2023-11-22T10:00:00Z", "2023-11-22T10:00:00.000Z"),
      ("2023-11-22t10:00:00.25z", "2023-11-22T10:00:00.250Z"),
      ("2023-11-22T10:00:00.123456789Z", "2023-11-22T10:00:00.123Z"),
      ("2023-11-22T00:30:00-05:30", "2023-11-22T06:00:00.000Z"),
      ("2024-02-29T23:59:59+00:00", "2024-02-29T23:59:59.000Z"),
      // A date alone is its midnight in Vietnam.
      ("2023-11-01", "2023-10-31T17:00:00.000Z"),
      ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
    ]
    let reference = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    for (text, utc) in cases {
      let expected = try Date(utc, strategy: reference)
      let milliseconds = try #require(RFC3339Instant.milliseconds(text), "\(text)")
      #expect(milliseconds == Int64((expected.timeIntervalSince1970 * 1000).rounded()), "\(text)")
    }
  }

  @Test("Anything else is refused")
  func refused() {
    for text in [
      "", "22/11/2023", "2023-11-22 17:00:00+07:00", "2023-11-22T17:00:00", "2023-11-22T24:00:00Z",
      "2023-11-22T17:60:00Z", "2023-11-22T17:00:60Z", "2023-02-29T00:00:00Z", "2023-11-22T17:00:00+24:00",
      "2023-11-22T17:00:00+07", "2023-11-22T17:00:00+07:00 ", "2023-11-22T17:00:00.Z",
      "2023-11-22T17:00:00.1234567890Z", "2023-11-22T17Z", "2023-11-2", "+2023-11-22", "2023-11-22T17:00:00ZZ",
      "0000-01-01", "2023-11-22T1７:00:00Z",
    ] {
      #expect(RFC3339Instant.milliseconds(text) == nil, "\(text)")
    }
  }

  @Test("Instants over a thousand years, written in UTC and in Vietnam's time: read as Foundation reads them")
  func againstFoundation() throws {
    var milliseconds: Int64 = 1_672_531_200_000  // 2023-01-01T00:00Z
    for _ in 0..<2_000 {
      milliseconds += 15_778_463_917  // about half a year and an odd number of milliseconds
      let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
      for zone in [TimeZone.gmt, TimeZone(secondsFromGMT: 7 * 3600)!] {
        let style = Date.ISO8601FormatStyle(
          timeZoneSeparator: .colon, includingFractionalSeconds: true, timeZone: zone)
        let text = date.formatted(style)
        let foundation = try Date(text, strategy: style)
        #expect(
          RFC3339Instant.milliseconds(text) == Int64((foundation.timeIntervalSince1970 * 1000).rounded()), "\(text)")
      }
    }
  }
}
