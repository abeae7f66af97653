public import DistrictSchema

/// A resolution's scorecard as of a date: the statuses of its indicators and counts per estimated status.
public enum ScorecardSummary {
  /// Builds the scorecard message from evaluated statuses.
  public static func make(
    resolutionID: String, asOf: CalendarDate, statuses: [IndicatorsV1.IndicatorStatus]
  ) -> IndicatorsV1.Scorecard {
    var card = IndicatorsV1.Scorecard()
    card.resolutionID = resolutionID
    card.asOf = asOf.description
    card.indicators = statuses
    for status in statuses {
      switch status.estimatedStatus {
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
}

/// The one-line summary reports lead with: "ước đạt và vượt 15/15".
public struct ScorecardHeadline: Sendable, Hashable {
  /// Indicators estimated to meet or exceed their targets (achieved + exceeded).
  public let met: Int
  /// All indicators.
  public let total: Int

  public init(_ scorecard: IndicatorsV1.Scorecard) {
    met = Int(scorecard.achieved) + Int(scorecard.exceeded)
    total = Int(scorecard.total)
  }

  /// "ước đạt và vượt N/M".
  public var vietnamese: String { "ước đạt và vượt \(met)/\(total)" }

  /// "estimated to meet or exceed N of M targets".
  public var english: String { "estimated to meet or exceed \(met) of \(total) targets" }
}
