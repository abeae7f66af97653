@testable import Indicators
import Testing

@Suite("Today")
struct TodayTests {
  @Test("Days since the epoch become calendar dates")
  func civilFromDays() {
    #expect(Day.fromDaysSinceEpoch(0) == Day(year: 1970, month: 1, day: 1))
    #expect(Day.fromDaysSinceEpoch(19_683) == Day(year: 2023, month: 11, day: 22))
    #expect(Day.fromDaysSinceEpoch(11_016) == Day(year: 2000, month: 2, day: 29))
    #expect(Day.fromDaysSinceEpoch(-1) == Day(year: 1969, month: 12, day: 31))
  }

  @Test("Today in Vietnam is a real date")
  func todayIsADate() {
    let today = IndicatorsService.todayInVietnam()
    #expect(Day(today.text) == today)
    #expect(today.year >= 2025)
  }
}
