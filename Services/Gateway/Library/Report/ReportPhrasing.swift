internal import DistrictSchema

/// The sections of the overview, as a report names them when one is missing.
enum ReportSection: Sendable {
  case indicators, landClearance, finance
}

/// A part of a section that can fail while the rest of the section was read.
enum ReportPart: Sendable {
  case blockers, revenue, laggingCommunes, disbursement
  /// The live figure of the indicator so named.
  case liveFigure(String)
}

/// How one language writes the progress report's sentences. Every number comes from the
/// overview; the phrasing only words and formats it.
protocol ReportPhrasing: Sendable {
  func title(year: Int32, asOf: String) -> String
  /// The scorecard's counts and each indicator's `counted_status` are results when
  /// `scorecard.results` (the year is over or every indicator has its final figure), estimates
  /// otherwise.
  func indicators(
    _ scorecard: IndicatorsV1.Scorecard, resolution: IndicatorsV1.Resolution?, live: [LiveIndicatorFigure]
  ) -> String
  /// `blockers` is `nil` when they could not be read (the composer says so with ``missing(_:_:)``).
  func landClearance(_ totals: LandClearanceV1.DistrictTotals, blockers: BlockerDigest?) -> String
  func finance(
    _ revenue: FinanceV1.RevenueSummary?, lagging: [FinanceV1.LaggingCommune],
    disbursement: FinanceV1.GetDisbursementResponse?
  ) -> String
  /// A whole section that could not be read, with why.
  func unavailable(_ section: ReportSection, _ status: RPCV1.Status) -> String
  /// An indicator's name in the report's language.
  func name(of indicator: IndicatorsV1.Indicator) -> String
  /// A part of a section that could not be read, with why.
  func missing(_ part: ReportPart, _ status: RPCV1.Status) -> String
}

extension ReportPhrasing {
  /// A clearance case as the report names it: by its id, never by the person's name (personal
  /// data, Decree 13/2023/NĐ-CP, stays with those entitled to it).
  func caseReference(_ blocker: LandClearanceV1.Blocker) -> String {
    ReportText.quoted(blocker.clearanceCase?.id ?? "?")
  }
}

/// An indicator whose actual value the overview read live from another service.
struct LiveIndicatorFigure: Sendable {
  let indicator: IndicatorsV1.Indicator
  let valueMilli: Int64
}

/// "22/11/2023" and "22 November 2023" from "2023-11-22".
enum ReportDate {
  static func parts(_ iso: String) -> (year: Int, month: Int, day: Int)? {
    CalendarDate(iso).map { ($0.year, $0.month, $0.day) }
  }

  /// "ngày 01/11/2023", "đầu tháng 11/2023", "tháng 11/2023", "năm 2023" by the date's precision.
  static func vietnamese(_ iso: String, _ precision: CommonV1.DatePrecision) -> String {
    guard let (year, month, _) = parts(iso) else { return iso }
    let monthYear = "\(month < 10 ? "0" : "")\(month)/\(year)"
    return switch precision {
    case .earlyMonth: "đầu tháng \(monthYear)"
    case .month: "tháng \(monthYear)"
    case .year: "năm \(year)"
    default: "ngày \(vietnamese(iso))"
    }
  }

  /// "1 November 2023", "early November 2023", "November 2023", "2023" by the date's precision.
  static func english(_ iso: String, _ precision: CommonV1.DatePrecision) -> String {
    guard let (year, month, _) = parts(iso), (1...12).contains(month) else { return iso }
    let monthYear = english(iso).split(separator: " ").dropFirst().joined(separator: " ")
    return switch precision {
    case .earlyMonth: "early \(monthYear)"
    case .month: monthYear
    case .year: "\(year)"
    default: english(iso)
    }
  }

  static func vietnamese(_ iso: String) -> String {
    guard let (year, month, day) = parts(iso) else { return iso }
    return "\(day < 10 ? "0" : "")\(day)/\(month < 10 ? "0" : "")\(month)/\(year)"
  }

  static func english(_ iso: String) -> String {
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December",
    ]
    guard let (year, month, day) = parts(iso), (1...12).contains(month) else { return iso }
    return "\(day) \(months[month - 1]) \(year)"
  }
}

/// A status code's name as people read it: "UNAVAILABLE", "DEADLINE_EXCEEDED".
enum StatusName {
  static func of(_ code: RPCV1.StatusCode) -> String {
    code.protoName.map { String($0.dropFirst("STATUS_CODE_".count)) } ?? "code \(code.rawValue)"
  }
}

/// What the report says of the blockers: how many in all, by kind (the most frequent first, ties
/// in the enum's order), and the oldest — from the overview's section, which holds the counts of
/// every blocker and only the oldest few.
struct BlockerDigest {
  let total: Int
  let byKind: [(kind: LandClearanceV1.BlockerKind, count: Int)]
  let oldest: LandClearanceV1.Blocker?

  init(_ section: GatewayV1.LandClearanceSection) {
    total = Int(section.blockerTotal)
    byKind = section.blockerCounts.filter { $0.count > 0 }
      .sorted { $0.count != $1.count ? $0.count > $1.count : $0.kind.rawValue < $1.kind.rawValue }
      .map { ($0.kind, Int($0.count)) }
    oldest = section.blockers.max { $0.ageDays < $1.ageDays }
  }
}

extension FinanceV1.RevenueSummary {
  /// Whether `issuer`'s estimate in force on the summary's date is a revision ("dự toán điều
  /// chỉnh"), which the report names as such.
  func revised(_ issuer: FinanceV1.EstimateIssuer) -> Bool {
    estimatesInForce.contains { $0.issuer == issuer && $0.revised }
  }
}
