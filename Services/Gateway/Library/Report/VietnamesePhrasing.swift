internal import DistrictSchema

/// The report in Vietnamese: "ước đến cuối năm đạt và vượt 15/15 chỉ tiêu", "trên 1.200 tỉ đồng".
struct VietnamesePhrasing: ReportPhrasing {
  private let numbers = NumberStyle.vietnamese

  func title(year: Int32, asOf: String) -> String {
    "Báo cáo tiến độ thực hiện Nghị quyết năm \(year) (số liệu đến ngày \(ReportDate.vietnamese(asOf)))"
  }

  func indicators(
    _ scorecard: IndicatorsV1.Scorecard, resolution: IndicatorsV1.Resolution?, live: [LiveIndicatorFigure]
  ) -> String {
    let met = scorecard.exceeded + scorecard.achieved
    var text = "Chỉ tiêu Nghị quyết"
    if let resolution { text += " \(resolution.code) (\(resolution.titleVi))" }
    text += ": ước đến cuối năm đạt và vượt \(met)/\(scorecard.total) chỉ tiêu"
    text += " (vượt \(scorecard.exceeded), đạt \(scorecard.achieved))."
    let atRisk = names(scorecard, .atRisk)
    if !atRisk.isEmpty { text += " Có nguy cơ không đạt: \(atRisk.joined(separator: "; "))." }
    let behind = names(scorecard, .behind)
    if !behind.isEmpty { text += " Chưa đạt: \(behind.joined(separator: "; "))." }
    if scorecard.noData > 0 { text += " Chưa có số liệu: \(scorecard.noData) chỉ tiêu." }
    for figure in live {
      text += " \(figure.indicator.nameVi) (số liệu trực tiếp): \(value(figure))."
    }
    return text
  }

  private func names(_ scorecard: IndicatorsV1.Scorecard, _ status: IndicatorsV1.Status) -> [String] {
    scorecard.indicators.filter { $0.estimatedStatus == status }.compactMap { $0.indicator?.nameVi }
  }

  private func value(_ figure: LiveIndicatorFigure) -> String {
    let whole = figure.valueMilli / 1000
    switch figure.indicator.unit {
    case "vnd": return money(whole)
    case "m2": return area(whole)
    default: return "\(numbers.integer(whole)) \(figure.indicator.unit)"
    }
  }

  func landClearance(_ totals: LandClearanceV1.DistrictTotals, blockers: [LandClearanceV1.Blocker]) -> String {
    var text = "Bồi thường, giải phóng mặt bằng: lũy kế đến ngày \(ReportDate.vietnamese(totals.asOf)),"
    text += " đã chi trả tiền bồi thường cho \(numbers.integer(Int64(totals.householdsPaid))) hộ"
    text += ", \(numbers.integer(Int64(totals.organisationsPaid))) tổ chức"
    text += " với \(area(totals.areaPaid?.squareMeters ?? 0)), số tiền \(money(totals.amountPaid?.vnd ?? 0))"
    text += " (đã chi trả: \(paidDefinition(totals.paidDefinition)))."
    text += " " + blockerSummary(blockers)
    return text
  }

  /// "Còn 12 vướng mắc cần tháo gỡ (5 tồn đọng quá 180 ngày, …); lâu nhất: …".
  private func blockerSummary(_ blockers: [LandClearanceV1.Blocker]) -> String {
    guard let oldest = blockers.max(by: { $0.ageDays < $1.ageDays }) else { return "Không có vướng mắc." }
    let counts = BlockerTally.byKind(blockers).map { "\($0.count) \(kind($0.kind))" }.joined(separator: ", ")
    return "Còn \(blockers.count) vướng mắc cần tháo gỡ (\(counts)); lâu nhất: \(oldest.partyName)"
      + " (\(oldest.projectName)), \(kind(oldest.kind)), \(oldest.ageDays) ngày."
  }

  private func kind(_ kind: LandClearanceV1.BlockerKind) -> String {
    switch kind {
    case .postingOverdue: "quá hạn niêm yết phương án 30 ngày"
    case .decisionOverdue: "quá hạn 10 ngày ra quyết định thu hồi"
    case .paymentOverdue: "quá hạn chi trả 30 ngày"
    case .openComplaint: "có khiếu nại chưa giải quyết"
    case .enforcement: "đang cưỡng chế"
    case .stuck: "tồn đọng quá 180 ngày"
    default: "vướng mắc khác"
    }
  }

  private func paidDefinition(_ definition: String) -> String {
    if definition.hasPrefix("any payment") { return "hồ sơ đã nhận ít nhất một khoản chi trả" }
    if definition.hasPrefix("fully paid") { return "hồ sơ đã nhận đủ số tiền được phê duyệt" }
    return definition
  }

  func finance(
    _ revenue: FinanceV1.RevenueSummary?, lagging: [FinanceV1.LaggingCommune],
    disbursement: FinanceV1.GetDisbursementResponse?
  ) -> String {
    var sentences: [String] = []
    if let revenue, let total = revenue.total {
      sentences.append(
        "Thu ngân sách nhà nước trên địa bàn lũy kế đến \(ReportDate.vietnamese(revenue.asOf, revenue.asOfPrecision)) đạt"
          + " \(ApproximateFigure.percent(basisPoints: total.ofProvinceBp))% dự toán tỉnh giao"
          + " (\(moneyOf(total.collected?.vnd ?? 0, total.provinceEstimate?.vnd ?? 0))),"
          + " đạt \(ApproximateFigure.percent(basisPoints: total.ofCouncilBp))% dự toán HĐND huyện giao"
          + " (\(money(total.councilEstimate?.vnd ?? 0))).")
    }
    if !lagging.isEmpty {
      sentences.append(
        "Các xã có số thu cân đối thấp so với tiến độ: \(lagging.map(\.name).joined(separator: ", ")).")
    }
    if let line = disbursement?.publicInvestment {
      sentences.append(
        "Giải ngân vốn đầu tư công: \(moneyOf(line.disbursed?.vnd ?? 0, line.plan?.vnd ?? 0)),"
          + " đạt \(ApproximateFigure.percent(basisPoints: line.disbursedBp))%.")
    }
    if let programmes = disbursement?.nationalProgrammes, !programmes.isEmpty {
      sentences.append(
        "Giải ngân \(programmes.count) Chương trình mục tiêu quốc gia: "
          + programmes.map { "\($0.name) đạt \(ApproximateFigure.percent(basisPoints: $0.disbursedBp))%" }
          .joined(separator: "; ") + ".")
    }
    return sentences.joined(separator: " ")
  }

  func unavailable(_ section: ReportSection, _ status: RPCV1.Status) -> String {
    let name =
      switch section {
      case .indicators: "Chỉ tiêu Nghị quyết"
      case .landClearance: "Bồi thường, giải phóng mặt bằng"
      case .finance: "Thu ngân sách, giải ngân"
      }
    return "\(name): chưa có số liệu (\(StatusName.of(status.code)): \(status.message))."
  }

  private func money(_ vnd: Int64) -> String {
    if vnd.magnitude < ApproximateFigure.vndPerTỉ.magnitude {
      let figure = ApproximateFigure.triệuĐồng(vnd)
      return "\(qualifier(figure.qualifier))\(numbers.integer(figure.value)) triệu đồng"
    }
    let figure = ApproximateFigure.tỉĐồng(vnd)
    return "\(qualifier(figure.qualifier))\(numbers.integer(figure.value)) tỉ đồng"
  }

  /// "trên 76/109 tỉ đồng" when both are written in the same unit, else both in full.
  private func moneyOf(_ part: Int64, _ whole: Int64) -> String {
    let tỉ = ApproximateFigure.vndPerTỉ
    guard part >= tỉ, whole >= tỉ else { return "\(money(part))/\(money(whole))" }
    let (partFigure, wholeFigure) = (ApproximateFigure.tỉĐồng(part), ApproximateFigure.tỉĐồng(whole))
    return "\(qualifier(partFigure.qualifier))\(numbers.integer(partFigure.value))/"
      + "\(qualifier(wholeFigure.qualifier))\(numbers.integer(wholeFigure.value)) tỉ đồng"
  }

  private func area(_ squareMeters: Int64) -> String {
    let figure = ApproximateFigure.hectares(squareMeters)
    return "\(qualifier(figure.qualifier))\(numbers.integer(figure.value)) ha"
  }

  private func qualifier(_ qualifier: ApproximateFigure.Qualifier) -> String {
    switch qualifier {
    case .exact: ""
    case .over: "trên "
    case .nearly: "gần "
    }
  }
}
