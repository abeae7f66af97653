import DistrictSchema
import Indicators
import PropertyBased
import Testing

/// Property-based tests of the indicator rules (issue 19), pure functions over random
/// indicators and measurements within what the API accepts (IndicatorsService's validation:
/// targets ≥ 0 except a band's, band high ≥ target, published decimals 0–3, a milestone 0 or
/// 1000, values ≥ 0 except in `percent`). A failure prints the input and the `.fixedSeed(…)`.
@Suite("Indicator properties", .shrinking(false))
struct IndicatorPropertyTests {
  /// The scorecard counts each indicator once: exceeded + achieved + at risk + behind + no data
  /// is the total, which is the number of indicators; the headline's met is achieved + exceeded.
  @Test("Scorecard counts add up to the total")
  func scorecardCountsAddUp() async {
    var cases = 0
    let status = Gen.int32(in: 0...6).map { IndicatorsV1.Status(rawValue: $0) }
    let statuses = zip(status, status).map { estimated, final in
      IndicatorsV1.IndicatorStatus().with {
        $0.estimatedStatus = estimated
        $0.finalStatus = final
      }
    }.array(of: 0...20)
    await propertyCheck(count: 200, input: statuses, Gen.int(in: 0...2030), Gen.int(in: 2020...2031)) {
      statuses, lastYear, year in
      cases += 1
      let card = ScorecardSummary.make(
        resolutionID: "r", lastYear: lastYear, asOf: CalendarDate(year: year, month: 6, day: 30), statuses: statuses)
      #expect(card.exceeded + card.achieved + card.atRisk + card.behind + card.noData == card.total)
      #expect(Int(card.total) == statuses.count)
      #expect(card.indicators.count == statuses.count)
      let headline = ScorecardHeadline(card)
      #expect(headline.met == Int(card.achieved + card.exceeded) && headline.met <= headline.total)
    }
    print("property indicators.scorecard-counts: \(cases) cases")
  }

  /// For any indicator and value the API accepts, achievement_bp is computed without trapping,
  /// and a status evaluated from random measurements carries the achievement of its final
  /// figure, else of its projection.
  @Test("Achievement never traps for accepted values; evaluations carry it")
  func achievementNeverTraps() async {
    var cases = 0
    await propertyCheck(count: 300, input: IndicatorGen.indicator, IndicatorGen.measurements) { indicator, values in
      cases += 1
      let measurements = values.map { value in IndicatorGen.accepted(value, for: indicator) }.enumerated().map { n, m in
        IndicatorsV1.Measurement().with {
          $0.id = "m\(n)"
          $0.indicatorID = indicator.id
          $0.asOf = m.asOf
          $0.valueMilli = m.value
          $0.kind = m.kind
        }
      }
      for m in measurements { _ = Achievement.basisPoints(m.valueMilli, against: indicator) }
      let evaluation = IndicatorEvaluation(
        indicator: indicator, measurements: measurements, asOf: CalendarDate(year: 2023, month: 11, day: 22), year: 2023
      )
      if let value = evaluation.status.latestFinalValue(measurements) ?? evaluation.projection?.valueMilli {
        #expect(evaluation.status.achievementBp == Achievement.basisPoints(value, against: indicator))
      }
      let card = ScorecardSummary.make(
        resolutionID: "r", lastYear: 2025, asOf: CalendarDate(year: 2023, month: 11, day: 22),
        statuses: [evaluation.status])
      #expect(card.total == 1)
    }
    print("property indicators.achievement-no-trap: \(cases) cases")
  }

  /// Lower is better: t / v, never above the cap (20,000 bp); v = 0 is the cap (10,000 when
  /// the target is 0 too); a value that meets or beats the ceiling is at least 10,000 and one
  /// worse than it below 10,000 (docs/INDICATORS.md §3) — for every non-negative value.
  @Test("Lower is better: capped at 20,000 bp and on the side of the target its status says")
  func lowerIsBetterIsCapped() async {
    var cases = 0
    await propertyCheck(count: 300, input: IndicatorGen.lowerIsBetter, Gen.int64(in: 0...Int64.max)) {
      indicator, value in
      cases += 1
      try checkLowerIsBetter(indicator, value)
    }
    print("property indicators.lower-is-better-cap: \(cases) cases")
  }

  /// The same for the negative values a `percent` indicator accepts (a rate of change):
  /// a value below the ceiling is better than it, so its achievement is at least 10,000 bp.
  @Test("Lower is better with negative percent values: still on the side of the target")
  func lowerIsBetterNegativeValues() async {
    var cases = 0
    await propertyCheck(count: 300, input: IndicatorGen.lowerIsBetter, Gen.int64(in: Int64.min...(-1))) {
      indicator, value in
      cases += 1
      var percent = indicator
      percent.unit = "percent"
      try checkLowerIsBetter(percent, value)
    }
    print("property indicators.lower-is-better-negative: \(cases) cases")
  }

  /// The excess over the target (`Achievement.excessMilli`, the "vượt 1.5 điểm phần trăm" of a
  /// rate) is computed without trapping for every indicator and value the API accepts.
  /// (It subtracted in 64 bits and trapped for a lower-is-better target of Int64.max with a
  /// negative `percent` value, both accepted, until it worked in 128 bits.)
  @Test("The excess over the target never traps for accepted values")
  func excessNeverTraps() async {
    var cases = 0
    // Rates (`percent`, the only unit with negative values) with targets and values anywhere in 64 bits.
    let rates = zip(Gen.int(in: 1...3), Gen.int64(in: 0...Int64.max), Gen.int64(in: 0...Int64.max)).map {
      direction, a, b in
      IndicatorsV1.Indicator().with {
        $0.id = "i"
        $0.unit = "percent"
        $0.publishedDecimals = 3
        $0.direction = IndicatorsV1.Direction(rawValue: Int32(direction))
        $0.targetMilli = $0.direction == .band ? min(a, b) : a
        $0.targetHighMilli = max(a, b)
      }
    }
    await propertyCheck(count: 300, input: rates, Gen.int64(in: Int64.min...Int64.max)) { indicator, value in
      cases += 1
      _ = Achievement.excessMilli(value, against: indicator)
    }
    print("property indicators.excess-no-trap: \(cases) cases")
  }

  private func checkLowerIsBetter(_ indicator: IndicatorsV1.Indicator, _ value: Int64) throws {
    let bp = Achievement.basisPoints(value, against: indicator)
    let rounded = PublishedRounding.rounded(value, decimals: indicator.publishedDecimals)
    #expect(bp <= Achievement.lowerIsBetterCap, "\(bp) bp for \(rounded) against \(indicator.targetMilli)")
    #expect(bp >= 0, "\(bp) bp for \(rounded) against \(indicator.targetMilli)")
    if rounded == 0 {
      #expect(bp == (indicator.targetMilli == 0 ? 10_000 : Achievement.lowerIsBetterCap))
    }
    switch TargetComparison.of(value, against: indicator) {
    case .better: #expect(bp >= 10_000, "better than the ceiling but \(bp) bp")
    case .meets: #expect(bp == 10_000)
    case .worse: #expect(bp <= 10_000, "worse than the ceiling but \(bp) bp")
    }
  }
}

extension IndicatorsV1.IndicatorStatus {
  /// The value of the latest FINAL measurement of 2023 dated by 2023-11-22 (the last recorded
  /// wins among those of one date), as the evaluation reads it.
  func latestFinalValue(_ measurements: [IndicatorsV1.Measurement]) -> Int64? {
    var latest: (String, Int64)?
    for m in measurements where m.kind == .final && m.asOf.hasPrefix("2023-") && m.asOf <= "2023-11-22" {
      if latest == nil || m.asOf >= latest!.0 { latest = (m.asOf, m.valueMilli) }
    }
    return latest?.1
  }
}

enum IndicatorGen {
  static let units = ["percent", "vnd", "count", "hectare", "households", "index"]

  /// Values across the whole range, and small ones near the targets.
  static let value = zip(Gen.int64(in: Int64.min...Int64.max), Gen.int(in: 0...2)).map { v, scale in
    scale == 0 ? v : scale == 1 ? v % 1_000_000_000 : v % 100_000
  }

  /// An indicator as the service accepts it.
  static let indicator = zip(Gen.int(in: 1...4), zip(value, value), Gen.int32(in: 0...3), Gen.int(in: 0..<units.count))
    .map { direction, targets, decimals, unit in
      IndicatorsV1.Indicator().with {
        $0.id = "i"
        $0.direction = IndicatorsV1.Direction(rawValue: Int32(direction))
        $0.publishedDecimals = decimals
        $0.unit = units[unit]
        switch $0.direction {
        case .milestone:
          $0.unit = "boolean"
          $0.targetMilli = 1000
        case .band:
          $0.targetMilli = min(targets.0, targets.1)
          $0.targetHighMilli = max(targets.0, targets.1)
        default:
          $0.targetMilli = targets.0 == Int64.min ? 0 : abs(targets.0)
        }
      }
    }

  static let lowerIsBetter = zip(value, Gen.int32(in: 0...3), Gen.int(in: 0..<units.count)).map {
    target, decimals, unit in
    IndicatorsV1.Indicator().with {
      $0.id = "i"
      $0.direction = .lowerIsBetter
      $0.publishedDecimals = decimals
      $0.unit = units[unit]
      $0.targetMilli = target == Int64.min ? 0 : abs(target)
    }
  }

  /// (value, day of 2021–2023, kind) triples.
  static let measurements = zip(value, Gen.int(in: 0...(3 * 365 - 1)), Gen.int32(in: 1...3)).array(of: 0...8)

  /// The measurement the API would accept for `indicator` from a generated triple.
  static func accepted(
    _ raw: (Int64, Int, Int32), for indicator: IndicatorsV1.Indicator
  )
    -> (value: Int64, asOf: String, kind: IndicatorsV1.MeasurementKind)
  {
    let (v, day, kind) = raw
    let value: Int64 =
      switch indicator.direction {
      case .milestone: v & 1 == 0 ? 0 : 1000
      default: indicator.unit == "percent" ? v : (v == Int64.min ? 0 : abs(v))
      }
    let date = CalendarDate(year: 2021 + day / 365, month: 1, day: 1).adding(days: Int64(day % 365))
    return (value, date.description, IndicatorsV1.MeasurementKind(rawValue: kind))
  }
}
