import DistrictSchema
import DistrictStore
import Finance
import Testing

@Suite("Finance rules")
struct RulesTests {
  @Test("Rates against the article: 610/636 = 9591 bp, shown 95,9 % and 96 %")
  func articleRates() {
    #expect(BasisPoints.rate(610 * billion, of: 636 * billion) == 9591)
    #expect(BasisPoints.percentText(9591) == "95,9 %")
    #expect(BasisPoints.percentText(9591, decimals: 0) == "96 %")
    // "trên 96 %" needs at least 610.56 tỉ: 610.56/636 = 9600 bp.
    #expect(BasisPoints.rate(610_560_000_000, of: 636 * billion) == 9600)
    #expect(BasisPoints.rate(610_500_000_000, of: 636 * billion) == 9599)
    // 610.6/644 = 9481 bp, published "95 %".
    #expect(BasisPoints.rate(610_600_000_000, of: 644 * billion) == 9481)
    #expect(BasisPoints.wholePercent(9481) == 95)
    #expect(BasisPoints.wholePercent(9449) == 94)
    #expect(BasisPoints.wholePercent(9450) == 95)
  }

  @Test("Dates of the budget year: same day in another year, ends of months and years")
  func dates() throws {
    let leapDay = try #require(CalendarDate("2024-02-29"))
    #expect(leapDay.inYear(2023).description == "2023-02-28")
    #expect(leapDay.inYear(2028) == CalendarDate("2028-02-29"))
    #expect(CalendarDate("2023-11-01")?.inYear(2021).description == "2021-11-01")
    #expect(CalendarDate("2023-02-01")?.endOfMonth.description == "2023-02-28")
    #expect(leapDay.endOfMonth == leapDay)
    #expect(CalendarDate("2023-11-22")?.endOfMonth.description == "2023-11-30")
    #expect(CalendarDate.startOfYear(2023).description == "2023-01-01")
    #expect(CalendarDate.endOfYear(2023).description == "2023-12-31")
  }

  @Test("As-of precision: early month and month need the 1st; month and year move the cut-off")
  func asOfPrecision() throws {
    let early = try AsOf(year: 2023, text: "2023-11-01", precision: .earlyMonth)
    #expect(early.cutoff.description == "2023-11-01")
    let month = try AsOf(year: 2023, text: "2023-11-01", precision: .month)
    #expect(month.cutoff.description == "2023-11-30")
    let year = try AsOf(year: 2023, text: "2023-01-01", precision: .year)
    #expect(year.cutoff.description == "2023-12-31")
    let later = try AsOf(year: 2023, text: "2024-03-01", precision: .day)
    #expect(later.cutoff.description == "2023-12-31")
    #expect(throws: (any Error).self) { try AsOf(year: 2023, text: "2023-11-05", precision: .earlyMonth) }
    #expect(throws: (any Error).self) { try AsOf(year: 2023, text: "2022-12-31", precision: .day) }
  }

  @Test("Expected share: seasonal mean of earlier years, else elapsed days")
  func expectedShare() throws {
    let cutoff = try #require(CalendarDate("2023-11-01"))
    let seasonal = ExpectedShare.expected(
      cutoff: cutoff,
      earlier: [
        .init(year: 2022, upToSameDay: 90, wholeYear: 100), .init(year: 2021, upToSameDay: 80, wholeYear: 100),
        .init(year: 2020, upToSameDay: 0, wholeYear: 0),
      ])
    #expect(seasonal.basisPoints == 8500)
    #expect(seasonal.years == [2021, 2022])
    #expect(seasonal.basis.hasPrefix("seasonal"))
    let elapsed = ExpectedShare.expected(cutoff: cutoff, earlier: [])
    #expect(elapsed.basisPoints == 8356)  // 305/365
    #expect(elapsed.years.isEmpty)
    #expect(elapsed.basis.hasPrefix("elapsed days: 305/365"))
  }

  @Test("Lagging: more than the margin below the expected share, worst first")
  func lagging() {
    let standings = LaggingRule.evaluate(
      collected: ["a": 70, "b": 83, "c": 82, "d": 90],
      estimates: ["a": 100, "b": 100, "c": 100, "d": 100, "e": 0], expected: 8800, margin: 500)
    #expect(standings.map(\.communeID) == ["a", "c", "b", "d"])
    #expect(standings.filter(\.lagging).map(\.communeID) == ["a", "c"])  // b: exactly 5 points below, not lagging
    #expect(standings[0].gapBasisPoints == 1800)
  }

  @Test("Projection: the recorded estimate wins, then seasonal, then run-rate")
  func projection() {
    let recorded = YearEndProjector.project(
      collected: 600, elapsedDays: 305, daysInYear: 365, seasonalShare: 8800, recorded: 650)
    #expect(recorded.method == .recorded)
    #expect(recorded.projected == 650)
    #expect(recorded.seasonal == 682)
    let seasonal = YearEndProjector.project(
      collected: 600, elapsedDays: 305, daysInYear: 365, seasonalShare: 8800, recorded: nil)
    #expect(seasonal.method == .seasonal)
    #expect(seasonal.projected == 682)
    let runRate = YearEndProjector.project(
      collected: 610, elapsedDays: 305, daysInYear: 365, seasonalShare: 0, recorded: nil)
    #expect(runRate.method == .runRate)
    #expect(runRate.projected == 730)
    // After the year, the result: what was collected, whatever was estimated.
    let over = YearEndProjector.project(
      collected: 6107, elapsedDays: 365, daysInYear: 365, seasonalShare: 9000, recorded: 6300, yearOver: true)
    #expect(over.method == .actual)
    #expect(over.projected == 6107)
  }

  @Test("Estimates: a recorded slice wins over the sum of its breakdown")
  func estimates() {
    let table = EstimateTable([
      .init(issuer: .province, source: "a", commune: "", amount: 60),
      .init(issuer: .province, source: "b", commune: "", amount: 40),
      .init(issuer: .districtCouncil, source: "", commune: "", amount: 120),
      .init(issuer: .districtCouncil, source: "a", commune: "x", amount: 7),
      .init(issuer: .districtCouncil, source: "b", commune: "x", amount: 3),
      .init(issuer: .districtCouncil, source: "a", commune: "y", amount: 5),
    ])
    #expect(table.total(.province) == 100)
    #expect(table.total(.districtCouncil) == 120)
    #expect(table.source(.districtCouncil, "a") == 12)
    #expect(table.commune(.districtCouncil, "x") == 10)
    #expect(table.communes(.districtCouncil, sources: ["a"]) == ["x": 7, "y": 5])
  }
}
