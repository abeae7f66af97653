public import DistrictSchema

/// A resolution's scorecard as of a date: the statuses of its indicators and the counts by the
/// status each one counts as.
///
/// During the year the counts are estimates (each indicator's estimated status). Once the year
/// is over on the date, or every indicator has its final figure, they are results: each
/// indicator counts as its final status, or as its estimate where it has no final figure yet.
public enum ScorecardSummary {
  /// Builds the scorecard message from evaluated statuses of a resolution whose period ends with
  /// `lastYear` (0: unknown, so the date alone never makes results).
  public static func make(
    resolutionID: String, lastYear: Int, asOf: CalendarDate, statuses: [IndicatorsV1.IndicatorStatus]
  ) -> IndicatorsV1.Scorecard {
    let allFinal = !statuses.isEmpty && statuses.allSatisfy(hasFinal)
    let results = (lastYear > 0 && asOf.year > lastYear) || allFinal
    var card = IndicatorsV1.Scorecard()
    card.resolutionID = resolutionID
    card.asOf = asOf.description
    card.results = results
    card.indicators = statuses.map { status in
      var status = status
      status.countedStatus = results && hasFinal(status) ? status.finalStatus : status.estimatedStatus
      return status
    }
    for status in card.indicators {
      switch status.countedStatus {
      case .exceeded: card.exceeded += 1
      case .achieved: card.achieved += 1
      case .atRisk: card.atRisk += 1
      case .behind: card.behind += 1
      default: card.noData += 1
      }
    }
    card.total = Int32(statuses.count)
    return card
  }

  /// Whether the indicator has its final figure: a final status that is a result (an indicator
  /// without one has NO_DATA there).
  public static func hasFinal(_ status: IndicatorsV1.IndicatorStatus) -> Bool {
    [.exceeded, .achieved, .behind].contains(status.finalStatus)
  }
}

/// The one-line summary reports lead with: "ước đạt và vượt 15/15" during the year, "đạt và
/// vượt 14/15" once the scorecard is results.
public struct ScorecardHeadline: Sendable, Hashable {
  /// Indicators that meet or exceed their targets (achieved + exceeded), as estimated or as results.
  public let met: Int
  /// All indicators.
  public let total: Int
  /// The counts are results, not estimates.
  public let results: Bool

  public init(_ scorecard: IndicatorsV1.Scorecard) {
    met = Int(scorecard.achieved) + Int(scorecard.exceeded)
    total = Int(scorecard.total)
    results = scorecard.results
  }

  /// "ước đạt và vượt N/M", or "đạt và vượt N/M" for results.
  public var vietnamese: String { "\(results ? "" : "ước ")đạt và vượt \(met)/\(total)" }

  /// "estimated to meet or exceed N of M targets", or "met or exceeded N of M targets".
  public var english: String {
    results ? "met or exceeded \(met) of \(total) targets" : "estimated to meet or exceed \(met) of \(total) targets"
  }
}
