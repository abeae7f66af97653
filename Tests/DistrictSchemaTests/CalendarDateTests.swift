import DistrictSchema
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
  @Test("Day numbers count days since 1970-01-01, leap days included")
  func dayNumbers() {
    #expect(CalendarDate("1970-01-01")?.dayNumber == 0)
    #expect(CalendarDate("2023-11-22")?.dayNumber == 19_683)
    #expect(CalendarDate("2000-02-29")?.dayNumber == 11_016)
    #expect(CalendarDate(dayNumber: 0) == CalendarDate(year: 1970, month: 1, day: 1))
    #expect(CalendarDate(dayNumber: 19_683) == CalendarDate(year: 2023, month: 11, day: 22))
    #expect(CalendarDate(dayNumber: 11_016) == CalendarDate(year: 2000, month: 2, day: 29))
    #expect(CalendarDate(dayNumber: -1) == CalendarDate(year: 1969, month: 12, day: 31))
    #expect(CalendarDate(dayNumber: -719_162) == CalendarDate(year: 1, month: 1, day: 1))
    #expect(CalendarDate(dayNumber: 2_932_896) == CalendarDate(year: 9999, month: 12, day: 31))
  }

  @Test("Text and day number round trip, day after day, from 1600 to 2400")
  func roundTrip() {
    var expected = CalendarDate(year: 1600, month: 1, day: 1)
    var number: Int64 = -135_140
    #expect(CalendarDate("1600-01-01")?.dayNumber == number)
    var leapDays = 0
    var wrong: [String] = []
    while expected.year <= 2400 {
      let date = CalendarDate(dayNumber: number)
      if date != expected || date.dayNumber != number || CalendarDate(date.description) != date {
        wrong.append("\(number): \(date), expected \(expected)")
      }
      if date.month == 2, date.day == 29 { leapDays += 1 }
      let last = CalendarDate.daysIn(month: expected.month, year: expected.year)
      expected =
        expected.day < last
        ? CalendarDate(year: expected.year, month: expected.month, day: expected.day + 1)
        : expected.month < 12
          ? CalendarDate(year: expected.year, month: expected.month + 1, day: 1)
          : CalendarDate(year: expected.year + 1, month: 1, day: 1)
      number += 1
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    #expect(number - 1 == 157_419)  // 2400-12-31
    // 801 years, 1600–2400: 201 multiples of 4, less 1700, 1800, 1900, 2100, 2200, 2300.
    #expect(leapDays == 195)
  }

  @Test("Only real dates written exactly YYYY-MM-DD parse")
  func parsing() throws {
    let date = try #require(CalendarDate("2023-11-01"))
    #expect(date.year == 2023 && date.month == 11 && date.day == 1)
    #expect(CalendarDate("2024-02-29") != nil)
    #expect(CalendarDate("2000-02-29") != nil)
    #expect(CalendarDate("0001-01-01") != nil)
    #expect(CalendarDate("9999-12-31") != nil)
    let bad = [
      "2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "0000-01-01",
      "2023-2-01", "2023-1-01", "2023-1-011", "2023-01-1", "+023-01-01", "2023-+1-01", "2023/01/01", "20230101",
      "2023-01-01 ", " 2023-01-01", "abcd-ef-gh", "", "16/12/2022",
    ]
    for text in bad { #expect(CalendarDate(text) == nil, "\(text)") }
  }

  @Test("Text, order, adding days")
  func arithmetic() throws {
    #expect(CalendarDate(year: 2023, month: 1, day: 5).description == "2023-01-05")
    #expect(CalendarDate(year: 33, month: 1, day: 5).description == "0033-01-05")
    let date = try #require(CalendarDate("2023-11-22"))
    #expect(date.adding(days: 30).description == "2023-12-22")
    #expect(date.adding(days: -326).description == "2022-12-31")
    #expect(date.adding(days: 99).description == "2024-02-29")
    #expect(CalendarDate("2023-02-28")! < CalendarDate("2023-03-01")!)
    #expect(CalendarDate("2022-12-31")! < CalendarDate("2023-01-01")!)
    #expect(!(date < date))
  }

  @Test("Leap years, days in a month and a year, day of the year")
  func calendar() {
    #expect(CalendarDate.isLeap(2024) && CalendarDate.isLeap(2000))
    #expect(!CalendarDate.isLeap(2023) && !CalendarDate.isLeap(1900))
    #expect(CalendarDate.daysIn(month: 2, year: 2024) == 29)
    #expect(CalendarDate.daysIn(month: 2, year: 2023) == 28)
    #expect(CalendarDate.daysIn(month: 4, year: 2023) == 30)
    #expect(CalendarDate.daysIn(year: 2024) == 366 && CalendarDate.daysIn(year: 2023) == 365)
    #expect(CalendarDate("2023-11-01")?.dayOfYear == 305)
    #expect(CalendarDate("2024-12-31")?.dayOfYear == 366)
    #expect(CalendarDate("2023-01-01")?.dayOfYear == 1)
  }

  @Test("Today in Vietnam is a real date")
  func today() {
    let today = CalendarDate.todayInVietnam()
    #expect(CalendarDate(today.description) == today)
    #expect(today.year >= 2025)
  }
}
