internal import DistrictSchema

/// The report in Vietnamese: "ước đến cuối năm đạt và vượt 15/15 chỉ tiêu", "trên 1.200 tỉ đồng".
struct VietnamesePhrasing: ReportPhrasing {
  private let words = FigureWords.vietnamese

  func title(year: Int32, asOf: String) -> String {
    "Báo cáo tiến độ thực hiện Nghị quyết năm \(year) (số liệu đến ngày \(ReportDate.vietnamese(asOf)))"
  }

  func indicators(
    _ scorecard: IndicatorsV1.Scorecard, resolution: IndicatorsV1.Resolution?, live: [LiveIndicatorFigure]
  ) -> String {
    let met = Int64(scorecard.exceeded) + Int64(scorecard.achieved)
    var text = "Chỉ tiêu Nghị quyết"
    if let resolution { text += " \(resolution.code) (\(resolution.titleVi))" }
    text +=
      scorecard.results
      ? ": đạt và vượt \(met)/\(scorecard.total) chỉ tiêu"
      : ": ước đến cuối năm đạt và vượt \(met)/\(scorecard.total) chỉ tiêu"
    text += " (vượt \(scorecard.exceeded), đạt \(scorecard.achieved))."
    let atRisk = names(scorecard, .atRisk)
    if !atRisk.isEmpty { text += " Có nguy cơ không đạt: \(atRisk.joined(separator: "; "))." }
    let behind = names(scorecard, .behind)
    if !behind.isEmpty { text += " Chưa đạt: \(behind.joined(separator: "; "))." }
    if scorecard.noData > 0 { text += " Chưa có số liệu: \(scorecard.noData) chỉ tiêu." }
    for figure in live {
      text += " \(figure.indicator.nameVi) (số liệu trực tiếp): \(words.value(figure))."
    }
    return text
  }

  private func names(_ scorecard: IndicatorsV1.Scorecard, _ status: IndicatorsV1.Status) -> [String] {
    scorecard.indicators.filter { $0.countedStatus == status }.compactMap { $0.indicator?.nameVi }
  }

  func landClearance(_ totals: LandClearanceV1.DistrictTotals, blockers: BlockerDigest?) -> String {
    var text = "Bồi thường, giải phóng mặt bằng: lũy kế đến ngày \(ReportDate.vietnamese(totals.asOf)),"
    text += " đã chi trả tiền bồi thường cho \(words.count(totals.householdsPaid)) hộ"
    text += ", \(words.count(totals.organisationsPaid)) tổ chức"
    text +=
      " với \(words.area(totals.areaPaid?.squareMeters ?? 0)), số tiền \(words.money(totals.amountPaid?.vnd ?? 0))"
    text += " (đã chi trả: \(paidDefinition(totals.paidDefinition)))."
    if let blockers { text += " " + blockerSummary(blockers) }
    return text
  }

  /// "Còn 12 vướng mắc cần tháo gỡ (5 tồn đọng quá 180 ngày, …); lâu nhất: …".
  private func blockerSummary(_ blockers: BlockerDigest) -> String {
    guard blockers.total > 0, let oldest = blockers.oldest else { return "Không có vướng mắc." }
    let counts = blockers.byKind.map { "\($0.count) \(kind($0.kind))" }.joined(separator: ", ")
    return "Còn \(blockers.total) vướng mắc cần tháo gỡ (\(counts)); lâu nhất: hồ sơ \(caseReference(oldest))"
      + " (dự án \(ReportText.quoted(oldest.projectName))), \(kind(oldest.kind)), \(oldest.ageDays) ngày."
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
      let collected = total.collected?.vnd ?? 0
      let province = total.provinceEstimate?.vnd ?? 0
      let council = total.councilEstimate?.vnd ?? 0
      // Tỉ lệ của một dự toán chưa có không phải là số liệu: nói bằng lời.
      let ofProvince =
        province > 0
        ? "đạt \(words.percent(total.ofProvinceBp)) dự toán tỉnh giao\(revenue.revised(.province) ? " điều chỉnh" : "")"
          + " (\(words.money(collected, of: province)))"
        : "được \(words.money(collected)), chưa có dự toán tỉnh giao"
      let ofCouncil =
        council > 0
        ? "đạt \(words.percent(total.ofCouncilBp)) dự toán HĐND huyện giao\(revenue.revised(.districtCouncil) ? " điều chỉnh" : "")"
          + " (\(words.money(council)))"
        : "chưa có dự toán HĐND huyện giao"
      sentences.append(
        // A whole year is not "accumulated up to" anything: "năm 2023", not "lũy kế đến năm 2023".
        "Thu ngân sách nhà nước trên địa bàn"
          + (revenue.asOfPrecision == .year ? "" : " lũy kế đến")
          + " \(ReportDate.vietnamese(revenue.asOf, revenue.asOfPrecision))"
          + " \(ofProvince), \(ofCouncil).")
    }
    if !lagging.isEmpty {
      sentences.append(
        "Các xã có số thu cân đối thấp so với tiến độ: \(lagging.map(\.name).joined(separator: ", ")).")
    }
    if let line = disbursement?.publicInvestment {
      if (line.plan?.vnd ?? 0) > 0 {
        sentences.append(
          "Giải ngân vốn đầu tư công: \(words.money(line.disbursed?.vnd ?? 0, of: line.plan?.vnd ?? 0)),"
            + " đạt \(words.percent(line.disbursedBp)).")
      } else {
        sentences.append("Vốn đầu tư công: chưa có kế hoạch vốn.")
      }
    }
    if let programmes = disbursement?.nationalProgrammes, !programmes.isEmpty {
      sentences.append(
        "Giải ngân \(programmes.count) Chương trình mục tiêu quốc gia: "
          + programmes.map {
            ($0.plan?.vnd ?? 0) > 0
              ? "\($0.name) đạt \(words.percent($0.disbursedBp))" : "\($0.name) chưa được phân bổ vốn"
          }
          .joined(separator: "; ") + ".")
    }
    return sentences.joined(separator: " ")
  }

  func name(of indicator: IndicatorsV1.Indicator) -> String { indicator.nameVi }

  func missing(_ part: ReportPart, _ status: RPCV1.Status) -> String {
    let name =
      switch part {
      case .blockers: "Vướng mắc"
      case .revenue: "Thu ngân sách"
      case .laggingCommunes: "Các xã thu chậm so với tiến độ"
      case .disbursement: "Giải ngân vốn đầu tư công"
      case .liveFigure(let indicator): "\(indicator) (số liệu trực tiếp)"
      }
    return "\(name): chưa có số liệu (\(StatusName.of(status.code)): \(status.message))."
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

}
