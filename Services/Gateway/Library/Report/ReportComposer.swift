internal import DistrictRPC
internal import DistrictSchema

/// Writes the progress report from an overview: one paragraph per section, every figure
/// taken from the overview, a missing section said to be missing (with why).
enum ReportComposer {
  /// The report of `overview` in `language` (Vietnamese or English).
  ///
  /// - Throws: `INVALID_ARGUMENT` naming `language` when it is neither.
  static func report(_ overview: GatewayV1.Overview, language: GatewayV1.Language) throws -> GatewayV1.Report {
    let phrasing: any ReportPhrasing =
      switch language {
      case .vi: VietnamesePhrasing()
      case .en: EnglishPhrasing()
      default:
        throw RPCError.invalidArgument(field: "language", "say LANGUAGE_VI or LANGUAGE_EN")
      }
    // Each section is one paragraph on one line, whatever free text it quotes: no name can
    // break a line or start a paragraph of its own.
    let paragraphs = [
      indicators(overview, phrasing), landClearance(overview, phrasing), finance(overview, phrasing),
    ].map(ReportText.oneLine)
    return GatewayV1.Report().with {
      $0.language = language
      $0.year = overview.year
      $0.asOf = overview.asOf
      $0.title = phrasing.title(year: overview.year, asOf: overview.asOf)
      $0.text = paragraphs.joined(separator: "\n\n")
    }
  }

  private static func indicators(_ overview: GatewayV1.Overview, _ phrasing: any ReportPhrasing) -> String {
    let section = overview.indicators ?? GatewayV1.IndicatorsSection()
    guard let scorecard = section.scorecard else { return phrasing.unavailable(.indicators, failure(section.status)) }
    let indicators = Dictionary(
      scorecard.indicators.compactMap { $0.indicator.map { ($0.id, $0) } }, uniquingKeysWith: { first, _ in first })
    var live: [LiveIndicatorFigure] = []
    var missing: [String] = []
    for figure in section.liveFigures {
      guard let indicator = indicators[figure.indicatorID] else { continue }
      if figure.status?.code == .ok {
        live.append(LiveIndicatorFigure(indicator: indicator, valueMilli: figure.valueMilli))
      } else {
        missing.append(phrasing.missing(.liveFigure(phrasing.name(of: indicator)), failure(figure.status)))
      }
    }
    return ([phrasing.indicators(scorecard, resolution: section.resolution, live: live)] + missing)
      .joined(separator: " ")
  }

  private static func landClearance(_ overview: GatewayV1.Overview, _ phrasing: any ReportPhrasing) -> String {
    let section = overview.landClearance ?? GatewayV1.LandClearanceSection()
    guard let totals = section.totals else { return phrasing.unavailable(.landClearance, failure(section.status)) }
    // The section's status is its first failure; with the totals read, a failure is the blockers'.
    guard let status = section.status, status.code != .ok else {
      return phrasing.landClearance(totals, blockers: BlockerDigest(section))
    }
    return phrasing.landClearance(totals, blockers: nil) + " " + phrasing.missing(.blockers, status)
  }

  private static func finance(_ overview: GatewayV1.Overview, _ phrasing: any ReportPhrasing) -> String {
    let section = overview.finance ?? GatewayV1.FinanceSection()
    guard section.revenue != nil || section.disbursement != nil else {
      return phrasing.unavailable(.finance, failure(section.status))
    }
    var text = phrasing.finance(section.revenue, lagging: section.laggingCommunes, disbursement: section.disbursement)
    // The section's status is its first failure: a part that is absent is the one that failed,
    // and with revenue and disbursement both read, the failure is the lagging communes'.
    if let status = section.status, status.code != .ok {
      var parts: [ReportPart] = []
      if section.revenue == nil { parts.append(.revenue) }
      if section.disbursement == nil { parts.append(.disbursement) }
      if parts.isEmpty { parts.append(.laggingCommunes) }
      for part in parts { text += " " + phrasing.missing(part, status) }
    }
    return text
  }

  private static func failure(_ status: RPCV1.Status?) -> RPCV1.Status {
    status
      ?? RPCV1.Status().with {
        $0.code = .unavailable
        $0.message = "the section was not read"
      }
  }
}
