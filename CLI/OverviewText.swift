import DistrictSchema

/// The district overview as a few lines of text for a terminal: one block per section, a
/// section that failed shown with its status.
enum OverviewText {
  static func render(_ overview: GatewayV1.Overview) -> String {
    var lines = ["District overview \(overview.year), as of \(overview.asOf)"]
    lines += indicators(overview.indicators ?? .init())
    lines += landClearance(overview.landClearance ?? .init())
    lines += finance(overview.finance ?? .init())
    return lines.joined(separator: "\n")
  }

  private static func indicators(_ section: GatewayV1.IndicatorsSection) -> [String] {
    guard let scorecard = section.scorecard else { return ["Indicators: \(failure(section.status))"] }
    let code = section.resolution?.code ?? scorecard.resolutionID
    var lines = [
      "Indicators (\(code)): \(Int64(scorecard.exceeded) + Int64(scorecard.achieved))/\(scorecard.total)"
        + (scorecard.results ? " met or exceeded" : " estimated met or exceeded")
        + " — \(scorecard.exceeded) exceeded, \(scorecard.achieved) achieved, \(scorecard.atRisk) at risk,"
        + " \(scorecard.behind) behind, \(scorecard.noData) without data"
    ]
    for figure in section.liveFigures {
      let value = figure.status?.code == .ok ? group(figure.valueMilli / 1000) : failure(figure.status)
      lines.append("  live \(figure.figure) for \(figure.indicatorID): \(value)")
    }
    return lines
  }

  private static func landClearance(_ section: GatewayV1.LandClearanceSection) -> [String] {
    guard let totals = section.totals else { return ["Land clearance: \(failure(section.status))"] }
    let area = totals.areaPaid?.squareMeters ?? 0
    // With the totals read, a failed section status is the blockers': their count is unknown, not 0.
    let blockersFailed = section.status.map { $0.code != .ok } ?? false
    let blockers =
      blockersFailed ? "blockers unavailable (\(failure(section.status)))" : "\(section.blockerTotal) blockers"
    return [
      "Land clearance (paid = \(totals.paidDefinition)): \(group(Int64(totals.householdsPaid))) households,"
        + " \(group(Int64(totals.organisationsPaid))) organisations, \(group(area)) m² (\(hectares(area)) ha),"
        + " \(group(totals.amountPaid?.vnd ?? 0)) VND; \(blockers)"
    ]
      + section.blockers.prefix(5).map {
        "  blocker: case \($0.clearanceCase?.id ?? "?") (\($0.projectName)): \($0.reason), \($0.ageDays) days"
      }
  }

  private static func finance(_ section: GatewayV1.FinanceSection) -> [String] {
    var lines: [String] = []
    if let total = section.revenue?.total {
      lines.append(
        "Revenue: \(group(total.collected?.vnd ?? 0)) VND collected — \(percent(total.ofProvinceBp)) of the province's"
          + " estimate (\(group(total.provinceEstimate?.vnd ?? 0))), \(percent(total.ofCouncilBp)) of the council's"
          + " (\(group(total.councilEstimate?.vnd ?? 0)))")
    }
    if !section.laggingCommunes.isEmpty {
      lines.append("  lagging communes: \(section.laggingCommunes.map(\.name).joined(separator: ", "))")
    }
    if let line = section.disbursement?.publicInvestment {
      lines.append(
        "Public investment: \(group(line.disbursed?.vnd ?? 0)) of \(group(line.plan?.vnd ?? 0)) VND disbursed"
          + " (\(percent(line.disbursedBp)))")
    }
    if let status = section.status, status.code != .ok {
      lines.append("Finance: \(failure(status))")
    }
    return lines
  }

  private static func failure(_ status: RPCV1.Status?) -> String {
    guard let status else { return "not read" }
    let name = status.code.protoName.map { String($0.dropFirst("STATUS_CODE_".count)) } ?? "\(status.code.rawValue)"
    return "\(name): \(status.message)"
  }

  /// 1234567 → "1,234,567".
  static func group(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return value < 0 ? "-" + out : out
  }

  /// Basis points as a percentage with two decimals: 9602 → "96.02%".
  private static func percent(_ basisPoints: Int64) -> String {
    let magnitude = basisPoints.magnitude
    let cents = magnitude % 100
    return "\(basisPoints < 0 ? "-" : "")\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)%"
  }

  /// Square metres as hectares with two decimals, cut (not rounded): 1129500 → "112.95".
  private static func hectares(_ squareMeters: Int64) -> String {
    let hundredths = squareMeters / 100
    let cents = hundredths % 100
    return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
  }
}
