internal import DistrictSchema

/// The report in English: "estimated to meet or exceed 15 of 15 targets", "over VND 1,200 billion".
struct EnglishPhrasing: ReportPhrasing {
  private let words = FigureWords.english

  func title(year: Int32, asOf: String) -> String {
    "Progress on the \(year) resolution targets (figures as of \(ReportDate.english(asOf)))"
  }

  func indicators(
    _ scorecard: IndicatorsV1.Scorecard, resolution: IndicatorsV1.Resolution?, live: [LiveIndicatorFigure]
  ) -> String {
    let met = Int64(scorecard.exceeded) + Int64(scorecard.achieved)
    var text = "Resolution targets"
    if let resolution { text += " of \(resolution.code) (\(resolution.titleEn))" }
    text +=
      scorecard.results
      ? ": met or exceeded \(met) of \(scorecard.total) targets"
      : ": estimated to meet or exceed \(met) of \(scorecard.total) targets by the end of the year"
    text += " (\(scorecard.exceeded) exceeded, \(scorecard.achieved) achieved)."
    let atRisk = names(scorecard, .atRisk)
    if !atRisk.isEmpty { text += " At risk: \(atRisk.joined(separator: "; "))." }
    let behind = names(scorecard, .behind)
    if !behind.isEmpty { text += " Behind: \(behind.joined(separator: "; "))." }
    if scorecard.noData > 0 { text += " No data yet for \(scorecard.noData) targets." }
    for figure in live {
      text += " \(figure.indicator.nameEn) (live figure): \(words.value(figure))."
    }
    return text
  }

  private func names(_ scorecard: IndicatorsV1.Scorecard, _ status: IndicatorsV1.Status) -> [String] {
    scorecard.indicators.filter { $0.countedStatus == status }.compactMap { $0.indicator?.nameEn }
  }

  func landClearance(_ totals: LandClearanceV1.DistrictTotals, blockers: BlockerDigest?) -> String {
    var text = "Land clearance: by \(ReportDate.english(totals.asOf)), compensation had been paid to"
    text += " \(words.count(totals.householdsPaid)) households"
    text += " and \(words.count(totals.organisationsPaid)) organisations"
    text += " for \(words.area(totals.areaPaid?.squareMeters ?? 0)), \(words.money(totals.amountPaid?.vnd ?? 0)) in all"
    text += " (paid: \(paidDefinition(totals.paidDefinition)))."
    if let blockers { text += " " + blockerSummary(blockers) }
    return text
  }

  /// "12 blockers remain to be cleared (5 stuck for over 180 days, …); the oldest: …".
  private func blockerSummary(_ blockers: BlockerDigest) -> String {
    guard blockers.total > 0, let oldest = blockers.oldest else { return "No blockers." }
    let counts = blockers.byKind.map { "\($0.count) \(kind($0.kind))" }.joined(separator: ", ")
    return "\(blockers.total) blockers remain to be cleared (\(counts)); the oldest: case \(caseReference(oldest))"
      + " (project \(ReportText.quoted(oldest.projectName))), \(kind(oldest.kind)), \(oldest.ageDays) days."
  }

  private func kind(_ kind: LandClearanceV1.BlockerKind) -> String {
    switch kind {
    case .postingOverdue: "past the 30-day posting of the plan"
    case .decisionOverdue: "past the 10 days for the recovery decision"
    case .paymentOverdue: "past the 30 days for payment"
    case .openComplaint: "with an open complaint"
    case .enforcement: "under enforcement"
    case .stuck: "stuck for over 180 days"
    default: "other"
    }
  }

  private func paidDefinition(_ definition: String) -> String {
    if definition.hasPrefix("any payment") { return "cases with at least one payment" }
    if definition.hasPrefix("fully paid") { return "cases paid the whole approved amount" }
    return definition
  }

  func finance(
    _ revenue: FinanceV1.RevenueSummary?, lagging: [FinanceV1.LaggingCommune],
    disbursement: FinanceV1.GetDisbursementResponse?
  ) -> String {
    var sentences: [String] = []
    if let revenue, let total = revenue.total {
      let collected = total.collected?.vnd ?? 0
      let province = total.provinceEstimate?.vnd ?? 0
      let council = total.councilEstimate?.vnd ?? 0
      // A rate of an estimate that does not exist is no figure: it is said in words.
      let ofProvince =
        province > 0
        ? "\(words.percent(total.ofProvinceBp)) of the province's \(revenue.revised(.province) ? "revised " : "")estimate"
          + " (\(words.money(collected, of: province)))"
        : "\(words.money(collected)), with no estimate from the province yet"
      let ofCouncil =
        council > 0
        ? "\(words.percent(total.ofCouncilBp)) of the district council's\(revenue.revised(.districtCouncil) ? " revised one" : "")"
          + " (\(words.money(council)))"
        : "no estimate from the district council yet"
      sentences.append(
        "State-budget revenue collected in the district \(revenue.asOfPrecision == .year ? "in" : "by")"
          + " \(ReportDate.english(revenue.asOf, revenue.asOfPrecision)):"
          + " \(ofProvince), \(ofCouncil).")
    }
    if !lagging.isEmpty {
      sentences.append(
        "Communes whose balanced revenue lags the expected pace: \(lagging.map(\.name).joined(separator: ", ")).")
    }
    if let line = disbursement?.publicInvestment {
      if (line.plan?.vnd ?? 0) > 0 {
        sentences.append(
          "Public investment disbursed: \(words.money(line.disbursed?.vnd ?? 0, of: line.plan?.vnd ?? 0)),"
            + " \(words.percent(line.disbursedBp)).")
      } else {
        sentences.append("Public investment: no capital plan recorded yet.")
      }
    }
    if let programmes = disbursement?.nationalProgrammes, !programmes.isEmpty {
      sentences.append(
        "The \(programmes.count) national target programmes disbursed: "
          + programmes.map {
            ($0.plan?.vnd ?? 0) > 0 ? "\($0.name) \(words.percent($0.disbursedBp))" : "\($0.name): no allocation yet"
          }
          .joined(separator: "; ") + ".")
    }
    return sentences.joined(separator: " ")
  }

  func name(of indicator: IndicatorsV1.Indicator) -> String { indicator.nameEn }

  func missing(_ part: ReportPart, _ status: RPCV1.Status) -> String {
    let name =
      switch part {
      case .blockers: "Blockers"
      case .revenue: "Budget revenue"
      case .laggingCommunes: "Communes lagging the expected pace"
      case .disbursement: "Public-investment disbursement"
      case .liveFigure(let indicator): "\(indicator) (live figure)"
      }
    return "\(name): figures unavailable (\(StatusName.of(status.code)): \(status.message))."
  }

  func unavailable(_ section: ReportSection, _ status: RPCV1.Status) -> String {
    let name =
      switch section {
      case .indicators: "Resolution targets"
      case .landClearance: "Land clearance"
      case .finance: "Budget revenue and disbursement"
      }
    return "\(name): figures unavailable (\(StatusName.of(status.code)): \(status.message))."
  }

}
