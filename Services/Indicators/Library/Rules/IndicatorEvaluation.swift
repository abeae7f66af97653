public import DistrictSchema

/// The status of one indicator as of a date, computed from its measurements — never typed in.
public struct IndicatorEvaluation: Sendable, Hashable {
  /// The message the RPCs return.
  public var status: IndicatorsV1.IndicatorStatus
  /// The year-end projection behind the estimated status, if any.
  public var projection: YearEndProjection?

  /// Evaluates `indicator` for the target `year` as of `asOf`.
  ///
  /// - Parameter measurements: every measurement of the indicator, oldest recording first
  ///   (a correction is a later measurement with the same as-of date and kind, and wins).
  ///   Those dated after `asOf` are ignored; those of earlier years serve as seasonal history.
  ///
  /// Estimated status: the projection (recorded estimate, else seasonal or run-rate for flows,
  /// else the latest level) compared with the target after rounding — better → EXCEEDED, meets →
  /// ACHIEVED, worse → AT_RISK while the year runs and BEHIND after it. Without a recorded
  /// estimate, a flow whose actual lags the pace expected by its date is AT_RISK too.
  /// Final status: from the latest FINAL measurement (worse → BEHIND), else NO_DATA. A FINAL
  /// measurement is dated at the end of the period it closes (e.g. 2023-12-31), and so belongs to
  /// the year of its as-of date.
  public init(
    indicator: IndicatorsV1.Indicator, measurements: [IndicatorsV1.Measurement], asOf: CalendarDate, year: Int
  ) {
    var latestActual: (CalendarDate, IndicatorsV1.Measurement)? = nil
    var latestEstimate: (CalendarDate, IndicatorsV1.Measurement)? = nil
    var latestFinal: (CalendarDate, IndicatorsV1.Measurement)? = nil
    func later(
      _ current: (CalendarDate, IndicatorsV1.Measurement)?, _ day: CalendarDate, _ m: IndicatorsV1.Measurement
    )
      -> (CalendarDate, IndicatorsV1.Measurement)?
    {
      guard let current else { return (day, m) }
      return day >= current.0 ? (day, m) : current
    }
    var totals: [Int: Int64] = [:]
    var earlierActuals: [Int: (CalendarDate, Int64)] = [:]
    for measurement in measurements {
      guard let day = CalendarDate(measurement.asOf), day <= asOf else { continue }
      if day.year == year {
        switch measurement.kind {
        case .cumulativeActual: latestActual = later(latestActual, day, measurement)
        case .yearEndEstimate: latestEstimate = later(latestEstimate, day, measurement)
        case .final: latestFinal = later(latestFinal, day, measurement)
        default: break
        }
      } else if day.year < year {
        switch measurement.kind {
        case .final: totals[day.year] = measurement.valueMilli
        case .cumulativeActual:
          if let current = earlierActuals[day.year], current.0 > day { break }
          if (day.month, day.day) <= (asOf.month, asOf.day) { earlierActuals[day.year] = (day, measurement.valueMilli) }
        default: break
        }
      }
    }

    let isFlow = IndicatorMeasure.isCumulativeFlow(indicator)
    var status = IndicatorsV1.IndicatorStatus()
    status.indicator = indicator
    status.latestActual = latestActual?.1
    status.latestEstimate = latestEstimate?.1

    let actualDay = latestActual?.0 ?? asOf
    let history = totals.keys.sorted().compactMap { year -> (cumulativeMilli: Int64, totalMilli: Int64)? in
      guard let total = totals[year], let actual = earlierActuals[year] else { return nil }
      return (actual.1, total)
    }
    let share = YearEndProjection.seasonalShare(history: history)
    var projection = YearEndProjection.choose(
      recordedEstimateMilli: latestEstimate?.1.valueMilli, cumulativeMilli: latestActual?.1.valueMilli,
      isCumulativeFlow: isFlow, monthsElapsed: actualDay.monthsCompleted, seasonalShareBasisPoints: share)
    if projection == nil, let final = latestFinal {
      projection = YearEndProjection(valueMilli: final.1.valueMilli, method: .latestLevel)
    }
    self.projection = projection

    if let projection {
      switch TargetComparison.of(projection.valueMilli, against: indicator) {
      case .better: status.estimatedStatus = .exceeded
      case .meets: status.estimatedStatus = .achieved
      case .worse: status.estimatedStatus = asOf.year <= year ? .atRisk : .behind
      }
      if projection.method != .recordedEstimate, isFlow, indicator.direction == .higherIsBetter,
        let actual = latestActual, status.estimatedStatus != .behind
      {
        let expected = share ?? ExpectedShare.elapsedBasisPoints(on: actual.0, year: year)
        if ExpectedShare.lags(
          cumulativeMilli: actual.1.valueMilli, targetMilli: indicator.targetMilli, expectedBasisPoints: expected)
        {
          status.estimatedStatus = .atRisk
        }
      }
    } else {
      status.estimatedStatus = .noData
    }

    if let final = latestFinal {
      switch TargetComparison.of(final.1.valueMilli, against: indicator) {
      case .better: status.finalStatus = .exceeded
      case .meets: status.finalStatus = .achieved
      case .worse: status.finalStatus = .behind
      }
    } else {
      status.finalStatus = .noData
    }
    if let value = latestFinal?.1.valueMilli ?? projection?.valueMilli {
      status.achievementBp = Achievement.basisPoints(value, against: indicator)
    }
    self.status = status
  }
}
