import DistrictRPC
import DistrictSchema
import Testing

@testable import Gateway

@Suite("Report figures and request rules")
struct FormattingTests {
  @Test("money is cut to whole tỉ, to hundreds of tỉ from 1,000 tỉ, and said to be 'over' when cut")
  func money() {
    let billion: Int64 = 1_000_000_000
    #expect(ApproximateFigure.billionDong(1_234 * billion + 5) == .init(value: 1_200, qualifier: .over))
    #expect(ApproximateFigure.billionDong(1_200 * billion) == .init(value: 1_200, qualifier: .exact))
    #expect(ApproximateFigure.billionDong(610_700_000_000) == .init(value: 610, qualifier: .over))
    #expect(ApproximateFigure.billionDong(644 * billion) == .init(value: 644, qualifier: .exact))
    #expect(ApproximateFigure.billionDong(999 * billion + 999_999_999) == .init(value: 999, qualifier: .over))
    #expect(ApproximateFigure.millionDong(750_500_000) == .init(value: 750, qualifier: .over))
  }

  @Test("areas are rounded to the nearest hectare: 'nearly' when rounded up, 'over' when down")
  func area() {
    #expect(ApproximateFigure.hectares(1_129_500) == .init(value: 113, qualifier: .nearly))
    #expect(ApproximateFigure.hectares(1_130_000) == .init(value: 113, qualifier: .exact))
    #expect(ApproximateFigure.hectares(1_134_999) == .init(value: 113, qualifier: .over))
    #expect(ApproximateFigure.hectares(1_125_000) == .init(value: 113, qualifier: .nearly))
  }

  @Test("numbers are grouped the Vietnamese and the English way")
  func grouping() {
    #expect(NumberStyle.vietnamese.integer(1_200) == "1.200")
    #expect(NumberStyle.english.integer(1_200) == "1,200")
    #expect(NumberStyle.vietnamese.integer(1_234_567) == "1.234.567")
    #expect(NumberStyle.english.integer(999) == "999")
    #expect(NumberStyle.english.integer(-1_000) == "-1,000")
    #expect(NumberStyle.english.integer(0) == "0")
  }

  @Test("dates are written day/month/year in Vietnamese and in words in English")
  func dates() {
    #expect(ReportDate.vietnamese("2023-11-22") == "22/11/2023")
    #expect(ReportDate.vietnamese("2023-11-01", .earlyMonth) == "đầu tháng 11/2023")
    #expect(ReportDate.english("2023-11-22") == "22 November 2023")
    #expect(ReportDate.english("2023-11-01", .earlyMonth) == "early November 2023")
  }

  @Test("the query: year from the date, today when no date, invalid dates refused")
  func query() throws {
    let query = try OverviewQuery(year: 0, asOf: "", resolutionID: "", today: "2024-02-29")
    #expect(query.year == 2024)
    #expect(query.asOf == "2024-02-29")
    #expect(query.revenueAsOf == "2024-02-29")
    #expect(throws: RPCError.self) {
      try OverviewQuery(year: 0, asOf: "2023-02-29", resolutionID: "", today: "2024-01-01")
    }
    #expect(throws: RPCError.self) {
      try OverviewQuery(year: 0, asOf: "2023-1-01", resolutionID: "", today: "2024-01-01")
    }
    #expect(throws: RPCError.self) { try OverviewQuery(year: 99_999, asOf: "2023-01-01", resolutionID: "", today: "") }
    #expect(CalendarDate(GatewayService.todayInVietnam()) != nil)
  }

  @Test("a revenue date the precision does not accept is refused naming the field the caller sent")
  func revenuePrecisionField() {
    func field(asOf: String, revenueAsOf: String, _ precision: CommonV1.DatePrecision) -> String? {
      do {
        _ = try OverviewQuery(
          year: 0, asOf: asOf, resolutionID: "", revenueAsOf: revenueAsOf, revenueAsOfPrecision: precision,
          today: "2024-01-01")
        return nil
      } catch {
        return (error as? RPCError)?.details["field"]
      }
    }
    #expect(field(asOf: "2023-11-22", revenueAsOf: "2023-11-05", .earlyMonth) == "revenue_as_of")
    #expect(field(asOf: "2023-11-22", revenueAsOf: "2023-11-01", .year) == "revenue_as_of")
    #expect(field(asOf: "2023-11-22", revenueAsOf: "", .month) == "as_of")
    #expect(field(asOf: "2023-11-22", revenueAsOf: "2023-11-01", .earlyMonth) == nil)
    #expect(field(asOf: "2023-11-22", revenueAsOf: "2023-01-01", .year) == nil)
  }

  @Test("backends get the caller's remaining time less a reserve, or the default without a deadline")
  func budget() {
    let now = ContinuousClock.now
    #expect(
      BackendBudget(callerRemaining: .seconds(1), defaultTimeout: .seconds(5), now: now).deadline == now
        + .milliseconds(900))
    #expect(
      BackendBudget(callerRemaining: .seconds(10), defaultTimeout: .seconds(5), now: now).deadline == now + .seconds(5))
    #expect(
      BackendBudget(callerRemaining: .milliseconds(20), defaultTimeout: .seconds(5), now: now).deadline == now
        + .milliseconds(15))
    #expect(BackendBudget(callerRemaining: nil, defaultTimeout: .seconds(5), now: now).deadline == now + .seconds(5))
    #expect(throws: RPCError.self) {
      try BackendBudget(callerRemaining: .milliseconds(2), defaultTimeout: .seconds(5), now: now).callOptions(
        now: now + .milliseconds(3))
    }
  }
}
