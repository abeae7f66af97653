internal import DistrictGeography
public import DistrictRPC
public import DistrictSchema

/// The demo data: Cần Giuộc's 2023 resolution 50-NQ/HU (16/12/2022) with 15 indicators and
/// their measurements as of early November 2023, plus resolutions 53-NQ/HU and 11-NQ/HU.
///
/// The indicators the article of Báo Long An (22/11/2023) names carry its figures; the others are
/// plausible and say "illustrative" in their notes. The agencies' year-end estimates make the
/// scorecard as of 2023-11-22 read "ước đạt và vượt 15/15", as the article reports.
public enum IndicatorsDemo {
  /// Cần Giuộc district (2023), the org unit of every demo indicator.
  public static let district = ReferenceGeography.canGiuocDistrict
  /// The id of 50-NQ/HU, the 2023 direction resolution.
  public static let resolution2023 = "nq-50-hu-2022"
  /// The id of 53-NQ/HU on land, construction and living standards, 2023–2030.
  public static let resolution53 = "nq-53-hu-2023"
  /// The id of 11-NQ/HU on high-tech vegetables and brackish-water shrimp, 2020–2025.
  public static let resolution11 = "nq-11-hu-2020"
  /// The date of the article, as of which the demo scorecard is quoted.
  public static let articleDate = "2023-11-22"

  /// The three resolutions.
  public static var resolutions: [IndicatorsV1.Resolution] {
    let body = "Ban Chấp hành Đảng bộ huyện Cần Giuộc"
    func make(
      _ id: String, _ code: String, _ vi: String, _ en: String, _ issued: String, _ kind: IndicatorsV1.ResolutionKind,
      _ from: Int32, _ to: Int32
    ) -> IndicatorsV1.Resolution {
      IndicatorsV1.Resolution().with {
        $0.id = id
        $0.code = code
        $0.titleVi = vi
        $0.titleEn = en
        $0.issuingBody = body
        $0.issuedOn = issued
        $0.kind = kind
        $0.periodFromYear = from
        $0.periodToYear = to
        $0.orgUnitID = district
      }
    }
    return [
      make(
        resolution2023, "50-NQ/HU", "Nghị quyết về phương hướng, nhiệm vụ năm 2023",
        "Resolution on the directions and tasks for 2023", "2022-12-16", .annual, 2023, 2023),
      make(
        resolution53, "53-NQ/HU",
        "Nghị quyết về tăng cường lãnh đạo công tác quản lý đất đai, xây dựng và nâng cao chất lượng cuộc sống của người dân ở các khu dân cư hiện hữu theo định hướng xây dựng TP. Cần Giuộc giai đoạn 2023–2030",
        "Resolution on land management, construction and living standards in existing residential areas toward Cần Giuộc city, 2023–2030",
        "2023-03-03", .thematic, 2023, 2030),
      make(
        resolution11, "11-NQ/HU",
        "Nghị quyết về phát triển nông nghiệp ứng dụng công nghệ cao trong trồng rau và nuôi tôm nước lợ gắn với tái cơ cấu ngành Nông nghiệp giai đoạn 2020–2025",
        "Resolution on high-tech vegetable growing and brackish-water shrimp farming with the restructuring of agriculture, 2020–2025",
        // The article gives no date for 11-NQ/HU: 2020-01-01 is a placeholder (illustrative).
        "2020-01-01", .thematic, 2020, 2025),
    ]
  }

  /// One demo indicator with its two measurements: the cumulative actual (or level) at the start
  /// of November 2023 and the agency's year-end estimate.
  public struct Entry: Sendable {
    public var indicator: IndicatorsV1.Indicator
    /// `nil` when the figure exists only at year end.
    public var actual: IndicatorsV1.Measurement?
    public var estimate: IndicatorsV1.Measurement
  }

  /// The 15 indicators of 50-NQ/HU and their measurements.
  public static var entries: [Entry] {
    typealias Row = (
      code: String, vi: String, en: String, unit: String, direction: IndicatorsV1.Direction, target: Int64,
      high: Int64, decimals: Int32, category: IndicatorsV1.Category, actual: Int64, actualQualifier: CommonV1.Qualifier,
      estimate: Int64, note: String
    )
    let billion: Int64 = 1_000_000_000 * 1000  // one tỷ đồng in milli-VND
    let rows: [Row] = [
      (
        "CT-01", "Tổng thu ngân sách nhà nước trên địa bàn (dự toán tỉnh giao)",
        "State budget revenue collected in the district (provincial estimate)",
        "vnd", .higherIsBetter, 636 * billion, 0, 0, .economy, 610 * billion, .over, 650 * billion,
        "Báo Long An 22/11/2023: lũy kế đầu tháng 11 trên 610/636 tỉ đồng (trên 96% dự toán tỉnh giao, 95% dự toán HĐND huyện 644 tỉ); year-end estimate illustrative"
      ),
      (
        "CT-02", "Tỷ lệ người dân tham gia bảo hiểm y tế", "Health-insurance coverage of the population",
        "percent", .higherIsBetter, 93_000, 0, 1, .society, 93_600, .exact, 94_000,
        "Article: coverage maintained above the 2023 target; the figures are illustrative"
      ),
      (
        "CT-03", "Huyện đạt chuẩn nông thôn mới", "District recognised as meeting the New Rural District standard",
        "boolean", .milestone, 1000, 0, 0, .economy, 0, .exact, 1000,
        "Article: the district strives to complete the criteria for recognition in 2023 (estimate: criteria completed)"
      ),
      (
        "CT-04", "Sản phẩm OCOP được công nhận mới", "New OCOP products certified",
        "products", .higherIsBetter, 5_000, 0, 0, .economy, 5_000, .exact, 6_000,
        "Article names OCOP among the programs with positive results; the numbers are illustrative"
      ),
      (
        "CT-05", "Đường giao thông mặt đường rộng từ 5 m trở lên được nhựa hóa hoặc bê tông hóa",
        "Roads 5 m wide or more paved with asphalt or concrete",
        "km", .higherIsBetter, 20_000, 0, 1, .economy, 17_500, .exact, 20_500,
        "Article: transport resolution, roads ≥ 5 m, 'Nhà nước và nhân dân cùng làm'; kilometres illustrative"
      ),
      (
        "CT-06", "Tỷ lệ giải ngân vốn đầu tư công", "Public-investment disbursement rate",
        "percent", .higherIsBetter, 95_000, 0, 1, .economy, 78_300, .exact, 94_960,
        "Article: disbursement on schedule; illustrative; the estimate 94.96 % is published as 95.0 % and meets the target"
      ),
      (
        "CT-07", "Tỷ lệ diện tích rau ứng dụng công nghệ cao", "Share of vegetable area under high-tech farming",
        "percent", .higherIsBetter, 40_000, 0, 1, .economy, 40_500, .exact, 41_000,
        "Illustrative (context: 11-NQ/HU)"
      ),
      (
        "CT-08", "Tỷ lệ hộ nghèo", "Poverty rate (households)",
        "percent", .lowerIsBetter, 500, 0, 2, .society, 450, .exact, 420,
        "Illustrative; lower is better"
      ),
      (
        "CT-09", "Tỷ lệ lao động qua đào tạo", "Share of workers with vocational training",
        "percent", .higherIsBetter, 75_000, 0, 1, .society, 74_800, .exact, 75_200,
        "Illustrative"
      ),
      (
        "CT-10", "Tỷ lệ hộ dân sử dụng nước sạch", "Households using clean water",
        "percent", .higherIsBetter, 98_000, 0, 1, .environment, 97_900, .exact, 98_000,
        "Illustrative"
      ),
      (
        "CT-11", "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "Household solid waste collected and treated",
        "percent", .higherIsBetter, 95_000, 0, 1, .environment, 95_500, .exact, 96_000,
        "Illustrative"
      ),
      (
        "CT-12", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        "Grassroots Party organisations rated 'good' or better",
        "percent", .higherIsBetter, 90_000, 0, 0, .partyBuilding, -1, .exact, 92_000,
        "Illustrative; rated at year end, so no actual before it"
      ),
      (
        "CT-13", "Kết nạp đảng viên mới", "New Party members admitted",
        "persons", .higherIsBetter, 250_000, 0, 0, .partyBuilding, 231_000, .exact, 255_000,
        "Illustrative"
      ),
      (
        "CT-14", "Hoàn thành chỉ tiêu giao quân", "Military conscription quota met",
        "percent", .higherIsBetter, 100_000, 0, 0, .defence, 100_000, .exact, 100_000,
        "Illustrative"
      ),
      (
        "CT-15", "Tỷ lệ tăng dân số tự nhiên", "Natural population growth rate",
        "percent", .band, 800, 1_000, 2, .society, 920, .exact, 950,
        "Illustrative; a band: between 0.80 % and 1.00 %"
      ),
    ]
    return rows.map { row in
      let id = "nq50-" + row.code.lowercased()
      let indicator = IndicatorsV1.Indicator().with {
        $0.id = id
        $0.resolutionID = resolution2023
        $0.code = row.code
        $0.nameVi = row.vi
        $0.nameEn = row.en
        $0.unit = row.unit
        $0.direction = row.direction
        $0.targetMilli = row.target
        $0.targetHighMilli = row.high
        $0.category = row.category
        $0.orgUnitID = district
        $0.publishedDecimals = row.decimals
        $0.dataSource = IndicatorsV1.DataSource().with {
          $0.source = row.code == "CT-01" ? .linkedFigure("finance.revenue_collected_vnd") : .manual(true)
        }
      }
      let actual: IndicatorsV1.Measurement? =
        row.actual < 0
        ? nil
        : IndicatorsV1.Measurement().with {
          $0.id = id + "-actual-2023-11"
          $0.indicatorID = id
          $0.asOf = "2023-11-01"
          $0.asOfPrecision = .earlyMonth
          $0.valueMilli = row.actual
          $0.qualifier = row.actualQualifier
          $0.kind = .cumulativeActual
          $0.note = row.note
        }
      let estimate = IndicatorsV1.Measurement().with {
        $0.id = id + "-estimate-2023"
        $0.indicatorID = id
        $0.asOf = "2023-11-01"
        $0.asOfPrecision = .earlyMonth
        $0.valueMilli = row.estimate
        $0.qualifier = .about
        $0.kind = .yearEndEstimate
        $0.note = "Ước thực hiện cả năm (year-end estimate)"
      }
      return Entry(indicator: indicator, actual: actual, estimate: estimate)
    }
  }

  /// Loads the demo data through the RPCs, with fixed ids and idempotency keys: running it again
  /// changes nothing (a record that already exists is left as it is).
  ///
  /// - Parameter options: the call options (an admin token in `authorization`, a timeout).
  public static func seed(_ client: RPCClient, options: CallOptions) async throws {
    typealias S = IndicatorsV1.IndicatorsService
    for resolution in resolutions {
      try await ignoringExisting {
        _ = try await client.unary(
          S.createResolution, IndicatorsV1.CreateResolutionRequest().with { $0.resolution = resolution },
          options: keyed(options, "demo:resolution:\(resolution.id)"))
      }
    }
    for entry in entries {
      try await ignoringExisting {
        _ = try await client.unary(
          S.defineIndicator, IndicatorsV1.DefineIndicatorRequest().with { $0.indicator = entry.indicator },
          options: keyed(options, "demo:indicator:\(entry.indicator.id)"))
      }
      for measurement in [entry.actual, entry.estimate].compactMap({ $0 }) {
        try await ignoringExisting {
          _ = try await client.unary(
            S.recordMeasurement, IndicatorsV1.RecordMeasurementRequest().with { $0.measurement = measurement },
            options: keyed(options, "demo:measurement:\(measurement.id)"))
        }
      }
    }
  }

  private static func keyed(_ options: CallOptions, _ key: String) -> CallOptions {
    var options = options
    options.metadata.add(MetadataKey.idempotencyKey, key)
    return options
  }

  private static func ignoringExisting(_ body: () async throws -> Void) async throws {
    do {
      try await body()
    } catch let error as RPCError where error.code == .alreadyExists {
      // Seeded before (and the idempotency key has expired): leave it as it is.
    }
  }
}
