import DistrictSchema
import DistrictStore
import Indicators
import Testing

func rule(
  _ direction: IndicatorsV1.Direction, target: Int64, high: Int64 = 0, unit: String = "percent", decimals: Int32 = 1
) -> IndicatorsV1.Indicator {
  IndicatorsV1.Indicator().with {
    $0.id = "i"
    $0.direction = direction
    $0.targetMilli = target
    $0.targetHighMilli = high
    $0.unit = unit
    $0.publishedDecimals = decimals
  }
}

func m(_ value: Int64, _ kind: IndicatorsV1.MeasurementKind, _ asOf: String) -> IndicatorsV1.Measurement {
  IndicatorsV1.Measurement().with {
    $0.valueMilli = value
    $0.kind = kind
    $0.asOf = asOf
  }
}

let nov22 = CalendarDate(year: 2023, month: 11, day: 22)

@Suite("Rules")
struct RulesTests {
  @Test("Rounding to the published precision, half away from zero")
  func rounding() {
    #expect(PublishedRounding.rounded(94_960, decimals: 1) == 95_000)
    #expect(PublishedRounding.rounded(94_949, decimals: 1) == 94_900)
    #expect(PublishedRounding.rounded(94_950, decimals: 1) == 95_000)
    #expect(PublishedRounding.rounded(-1_500, decimals: 0) == -2_000)
    #expect(PublishedRounding.rounded(610_449, decimals: 0) == 610_000)
    #expect(PublishedRounding.rounded(12_345, decimals: 3) == 12_345)
    #expect(PublishedRounding.rounded(12_345, decimals: 2) == 12_350)
  }

  @Test("Higher is better: above is vượt, equal is đạt, below is không đạt")
  func higherIsBetter() {
    let target = rule(.higherIsBetter, target: 95_000)
    #expect(TargetComparison.of(95_100, against: target) == .better)
    #expect(TargetComparison.of(95_000, against: target) == .meets)
    #expect(TargetComparison.of(94_900, against: target) == .worse)
    #expect(
      Achievement.basisPoints(610_000, against: rule(.higherIsBetter, target: 636_000, unit: "vnd", decimals: 3))
        == 9591)
  }

  @Test("Rounding happens before classifying: 94.96 % published as 95.0 % meets 95 %")
  func roundingBeforeClassifying() {
    #expect(TargetComparison.of(94_960, against: rule(.higherIsBetter, target: 95_000, decimals: 1)) == .meets)
    #expect(TargetComparison.of(94_960, against: rule(.higherIsBetter, target: 95_000, decimals: 2)) == .worse)
    #expect(Achievement.basisPoints(94_960, against: rule(.higherIsBetter, target: 95_000, decimals: 1)) == 10_000)
  }

  @Test("Lower is better inverts the comparison and the ratio")
  func lowerIsBetter() {
    let poverty = rule(.lowerIsBetter, target: 3_000, decimals: 1)
    #expect(TargetComparison.of(2_500, against: poverty) == .better)
    #expect(TargetComparison.of(3_000, against: poverty) == .meets)
    #expect(TargetComparison.of(3_040, against: poverty) == .meets)  // 3.04 → 3.0
    #expect(TargetComparison.of(3_100, against: poverty) == .worse)
    #expect(Achievement.basisPoints(2_500, against: poverty) == 12_000)
    #expect(Achievement.excessMilli(2_500, against: poverty) == 500)
    // At most twice the target's worth, however close to 0: 0.1 % against 3.0 % is capped.
    #expect(Achievement.basisPoints(100, against: poverty) == 20_000)
    #expect(Achievement.basisPoints(0, against: poverty) == 20_000)
    #expect(Achievement.basisPoints(0, against: rule(.lowerIsBetter, target: 0, decimals: 1)) == 10_000)
  }

  @Test("Achievement is rounded half away from zero, as every published rate: 11,904.8 bp is 11,905")
  func achievementRounds() {
    // 125,000 / 105,000 = 11,904.76… bp; 95,914 / 100,000 = 9,591.4 bp.
    #expect(Achievement.basisPoints(125_000, against: rule(.higherIsBetter, target: 105_000, decimals: 3)) == 11_905)
    #expect(Achievement.basisPoints(95_914, against: rule(.higherIsBetter, target: 100_000, decimals: 3)) == 9_591)
    #expect(BasisPoints.ratio(-1, 3) == -3_333 && BasisPoints.ratio(2, -3) == -6_667 && BasisPoints.ratio(1, 0) == 0)
  }

  @Test("A band is met inside, missed on either side")
  func band() {
    let band = rule(.band, target: 800, high: 1_000, decimals: 2)
    #expect(TargetComparison.of(800, against: band) == .meets)
    #expect(TargetComparison.of(950, against: band) == .meets)
    #expect(TargetComparison.of(1_000, against: band) == .meets)
    #expect(TargetComparison.of(1_010, against: band) == .worse)
    #expect(TargetComparison.of(790, against: band) == .worse)
    #expect(Achievement.basisPoints(950, against: band) == 10_000)
    #expect(Achievement.basisPoints(1_250, against: band) == 8_000)
    #expect(Achievement.basisPoints(400, against: band) == 5_000)
  }

  @Test("A milestone is reached or not")
  func milestone() {
    let ntm = rule(.milestone, target: 1000, unit: "boolean", decimals: 0)
    #expect(TargetComparison.of(1000, against: ntm) == .meets)
    #expect(TargetComparison.of(0, against: ntm) == .worse)
    #expect(Achievement.basisPoints(1000, against: ntm) == 10_000)
    #expect(Achievement.basisPoints(0, against: ntm) == 0)
  }

  @Test("Rate targets report the excess in percentage points")
  func rateExcess() {
    let coverage = rule(.higherIsBetter, target: 95_000)
    #expect(Achievement.excessMilli(96_500, against: coverage) == 1_500)
    #expect(Achievement.excessMilli(94_000, against: coverage) == -1_000)
  }

  @Test("Projections: run-rate, seasonal, seasonal share from history")
  func projections() {
    let billion: Int64 = 1_000_000_000_000
    #expect(YearEndProjection.runRate(cumulativeMilli: 610 * billion, monthsElapsed: 10) == 732 * billion)
    #expect(YearEndProjection.runRate(cumulativeMilli: 610 * billion, monthsElapsed: 0) == nil)
    #expect(YearEndProjection.seasonal(cumulativeMilli: 610 * billion, shareBasisPoints: 8_000) == 762_500_000_000_000)
    #expect(YearEndProjection.seasonalShare(history: [(80, 100), (90, 100), (85, 100), (70, 100)]) == 8_166)
    #expect(YearEndProjection.seasonalShare(history: []) == nil)
  }

  @Test("The recorded estimate wins over run-rate and seasonal projections")
  func recordedEstimateWins() {
    let chosen = YearEndProjection.choose(
      recordedEstimateMilli: 650, cumulativeMilli: 610, isCumulativeFlow: true, monthsElapsed: 10,
      seasonalShareBasisPoints: 8_000)
    #expect(chosen == YearEndProjection(valueMilli: 650, method: .recordedEstimate))
    let seasonal = YearEndProjection.choose(
      recordedEstimateMilli: nil, cumulativeMilli: 600, isCumulativeFlow: true, monthsElapsed: 10,
      seasonalShareBasisPoints: 8_000)
    #expect(seasonal == YearEndProjection(valueMilli: 750, method: .seasonal))
    let runRate = YearEndProjection.choose(
      recordedEstimateMilli: nil, cumulativeMilli: 600, isCumulativeFlow: true, monthsElapsed: 10,
      seasonalShareBasisPoints: nil)
    #expect(runRate == YearEndProjection(valueMilli: 720, method: .runRate))
    let level = YearEndProjection.choose(
      recordedEstimateMilli: nil, cumulativeMilli: 600, isCumulativeFlow: false, monthsElapsed: 10,
      seasonalShareBasisPoints: nil)
    #expect(level == YearEndProjection(valueMilli: 600, method: .latestLevel))
  }

  @Test("Evaluation: estimated status from the estimate, final status kept apart")
  func evaluationEstimatedAndFinal() {
    let revenue = rule(.higherIsBetter, target: 636_000, unit: "vnd", decimals: 0)
    let measurements = [
      m(610_000, .cumulativeActual, "2023-11-01"), m(650_000, .yearEndEstimate, "2023-11-01"),
    ]
    let during = IndicatorEvaluation(indicator: revenue, measurements: measurements, asOf: nov22, year: 2023)
    #expect(during.status.estimatedStatus == .exceeded)
    #expect(during.status.finalStatus == .noData)
    #expect(during.projection?.method == .recordedEstimate)
    #expect(during.status.achievementBp == 10_220)
    let closed = IndicatorEvaluation(
      indicator: revenue, measurements: measurements + [m(630_000, .final, "2023-12-31")],
      asOf: CalendarDate(year: 2024, month: 2, day: 1), year: 2023)
    #expect(closed.status.estimatedStatus == .exceeded)
    #expect(closed.status.finalStatus == .behind)
  }

  @Test("A projection below target is AT_RISK during the year, BEHIND after it")
  func atRiskThenBehind() {
    let revenue = rule(.higherIsBetter, target: 636_000, unit: "vnd", decimals: 0)
    let low = [m(500_000, .cumulativeActual, "2023-11-01")]  // run-rate 600,000
    let during = IndicatorEvaluation(indicator: revenue, measurements: low, asOf: nov22, year: 2023)
    #expect(during.projection == YearEndProjection(valueMilli: 600_000, method: .runRate))
    #expect(during.status.estimatedStatus == .atRisk)
    let after = IndicatorEvaluation(
      indicator: revenue, measurements: low, asOf: CalendarDate(year: 2024, month: 1, day: 15), year: 2023)
    #expect(after.status.estimatedStatus == .behind)
  }

  @Test("An actual below the share expected by its date is AT_RISK without an estimate")
  func paceCheck() {
    #expect(ExpectedShare.elapsedBasisPoints(on: CalendarDate(year: 2023, month: 11, day: 1), year: 2023) == 8_356)
    #expect(ExpectedShare.lags(cumulativeMilli: 70, targetMilli: 100, expectedBasisPoints: 8_356))
    #expect(!ExpectedShare.lags(cumulativeMilli: 80, targetMilli: 100, expectedBasisPoints: 8_356))
    // Seasonal history says 95 % is usually in by November: 80 % lags even though run-rate would not.
    let revenue = rule(.higherIsBetter, target: 100_000, unit: "vnd", decimals: 0)
    var history: [IndicatorsV1.Measurement] = []
    for year in 2020...2022 {
      history.append(m(95_000, .cumulativeActual, "\(year)-11-01"))
      history.append(m(100_000, .final, "\(year)-12-31"))
    }
    let evaluation = IndicatorEvaluation(
      indicator: revenue, measurements: history + [m(80_000, .cumulativeActual, "2023-11-01")], asOf: nov22, year: 2023)
    #expect(evaluation.projection == YearEndProjection(valueMilli: 84_210, method: .seasonal))
    #expect(evaluation.status.estimatedStatus == .atRisk)
  }

  @Test("No measurement is NO_DATA; later measurements than the as-of date are ignored")
  func noData() {
    let revenue = rule(.higherIsBetter, target: 636_000, unit: "vnd", decimals: 0)
    let none = IndicatorEvaluation(indicator: revenue, measurements: [], asOf: nov22, year: 2023)
    #expect(none.status.estimatedStatus == .noData)
    #expect(none.status.finalStatus == .noData)
    let future = IndicatorEvaluation(
      indicator: revenue, measurements: [m(700_000, .yearEndEstimate, "2023-12-01")], asOf: nov22, year: 2023)
    #expect(future.status.estimatedStatus == .noData)
  }

  @Test("A correction (a later measurement of the same date) wins")
  func correctionWins() {
    let coverage = rule(.higherIsBetter, target: 95_000)
    let evaluation = IndicatorEvaluation(
      indicator: coverage,
      measurements: [m(96_000, .yearEndEstimate, "2023-11-01"), m(94_000, .yearEndEstimate, "2023-11-01")],
      asOf: nov22, year: 2023)
    #expect(evaluation.status.estimatedStatus == .atRisk)
    #expect(evaluation.status.latestEstimate?.valueMilli == 94_000)
  }

  @Test("Scorecard counts and the headline in both languages")
  func scorecard() {
    let statuses: [IndicatorsV1.Status] = [.exceeded, .exceeded, .achieved, .atRisk, .behind, .noData]
    let card = ScorecardSummary.make(
      resolutionID: "r", lastYear: 2023, asOf: nov22,
      statuses: statuses.map { status in IndicatorsV1.IndicatorStatus().with { $0.estimatedStatus = status } })
    #expect((card.exceeded, card.achieved, card.atRisk, card.behind, card.noData, card.total) == (2, 1, 1, 1, 1, 6))
    #expect(card.asOf == "2023-11-22")
    #expect(!card.results)
    let headline = ScorecardHeadline(card)
    #expect(headline.vietnamese == "ước đạt và vượt 3/6")
    #expect(headline.english == "estimated to meet or exceed 3 of 6 targets")
  }

  @Test("After the year, or with every final figure in, the scorecard counts results")
  func scorecardResults() {
    // Three exceeded estimates; one of them recorded FINAL behind, one with no final yet.
    let statuses = [IndicatorsV1.Status.behind, .exceeded, .noData].map { final in
      IndicatorsV1.IndicatorStatus().with {
        $0.estimatedStatus = .exceeded
        $0.finalStatus = final
      }
    }
    let during = ScorecardSummary.make(resolutionID: "r", lastYear: 2023, asOf: nov22, statuses: statuses)
    #expect(!during.results && during.exceeded == 3 && during.behind == 0)
    #expect(during.indicators.map(\.countedStatus) == [.exceeded, .exceeded, .exceeded])
    let after = ScorecardSummary.make(
      resolutionID: "r", lastYear: 2023, asOf: CalendarDate(year: 2024, month: 1, day: 10), statuses: statuses)
    #expect(after.results && after.exceeded == 2 && after.behind == 1)
    #expect(after.indicators.map(\.countedStatus) == [.behind, .exceeded, .exceeded])
    #expect(ScorecardHeadline(after).vietnamese == "đạt và vượt 2/3")
    #expect(ScorecardHeadline(after).english == "met or exceeded 2 of 3 targets")
    // Every final in before the year ends: results too. A period not known: the date alone never is.
    let allFinal = Array(statuses.prefix(2))
    #expect(ScorecardSummary.make(resolutionID: "r", lastYear: 2023, asOf: nov22, statuses: allFinal).results)
    #expect(
      !ScorecardSummary.make(
        resolutionID: "r", lastYear: 0, asOf: CalendarDate(year: 2030, month: 1, day: 1), statuses: statuses
      ).results)
  }

  @Test("Dates: months completed")
  func dates() {
    #expect(CalendarDate("2023-11-01")?.monthsCompleted == 10)
    #expect(CalendarDate("2023-11-30")?.monthsCompleted == 11)
    #expect(CalendarDate("2024-02-29")?.monthsCompleted == 2)
    #expect(CalendarDate("2023-01-01")?.monthsCompleted == 0)
  }
}
