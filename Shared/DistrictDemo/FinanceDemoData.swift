internal import DistrictGeography
public import DistrictSchema

/// The figures of ``FinanceDemo``: the article's (636 and 644 tỉ estimates, "trên 610 tỉ"
/// collected by early November 2023) and illustrative ones around them.
///
/// Collected by 2023-11-01: 610.7 tỉ, so the summary reads 610.7/636 = 9602 bp ("96 %", indeed
/// "trên 96 %") and 610.7/644 = 9483 bp ("95 %"). The communes' balanced revenue is spread so
/// that, against the seasonal expectation of 88 % by 1 November (2021 and 2022 both reached
/// 88 % by then), **Phước Vĩnh Đông (70 %), Tân Tập (75 %) and Đông Thạnh (80 %)** lag by more
/// than 5 points; Long Phụng (84 %) is behind but within the margin. Everything except the
/// article's three figures is illustrative.
public enum FinanceDemoData {
  /// One tỉ đồng (10⁹ VND).
  public static let billion: Int64 = 1_000_000_000
  /// One triệu đồng (10⁶ VND).
  public static let million: Int64 = 1_000_000

  /// The year of the article.
  public static let year: Int32 = 2023
  /// Earlier years with collections, for the seasonal expectation.
  public static let earlierYears: [Int32] = [2021, 2022]
  /// "Lũy kế đến đầu tháng 11": the as-of date of the article's revenue figures (EARLY_MONTH).
  public static let asOf = "2023-11-01"

  /// The province's estimate ("dự toán tỉnh giao"): 636 tỉ.
  public static let provinceEstimate: Int64 = 636 * billion
  /// The district council's estimate ("dự toán HĐND huyện giao"): 644 tỉ.
  public static let councilEstimate: Int64 = 644 * billion
  /// Collected in 2023 up to 1 November: 610.7 tỉ.
  public static let collectedByNovember: Int64 = 610_700 * million

  /// A revenue source: code, names, flags, the two 2023 estimates and collected by 1 November
  /// 2023 (in triệu), and whether communes collect part of it.
  public struct Source: Sendable {
    public var code: String
    public var nameVi: String
    public var nameEn: String
    public var balanced: Bool
    public var landUseFee: Bool
    public var lottery: Bool
    public var province: Int64
    public var council: Int64
    public var collected: Int64
  }

  /// The sources the article names, with the flags of the 2023 basket (land-use fees and
  /// lottery outside "thu cân đối", as earmarked for investment; configurable per year).
  public static let sources: [Source] = [
    Source(
      code: "construction-tax", nameVi: "Thuế xây dựng (GTGT, TNCN xây dựng tư nhân)",
      nameEn: "Construction tax (VAT, PIT on private construction)", balanced: true, landUseFee: false, lottery: false,
      province: 70_000 * million, council: 72_000 * million, collected: 66_000 * million),
    Source(
      code: "real-estate-transfer", nameVi: "Thu từ chuyển nhượng bất động sản", nameEn: "Real-estate transfer",
      balanced: true, landUseFee: false, lottery: false,
      province: 95_000 * million, council: 97_000 * million, collected: 93_500 * million),
    Source(
      code: "business-tax", nameVi: "Thuế doanh nghiệp, hộ kinh doanh", nameEn: "Business and household-business tax",
      balanced: true, landUseFee: false, lottery: false,
      province: 210_000 * million, council: 212_000 * million, collected: 203_000 * million),
    Source(
      code: "land-use-fee", nameVi: "Tiền sử dụng đất", nameEn: "Land-use fees", balanced: false, landUseFee: true,
      lottery: false, province: 180_000 * million, council: 182_000 * million, collected: 175_200 * million),
    Source(
      code: "lottery", nameVi: "Xổ số kiến thiết", nameEn: "Lottery", balanced: false, landUseFee: false, lottery: true,
      province: 25_000 * million, council: 25_000 * million, collected: 22_500 * million),
    Source(
      code: "tax-arrears", nameVi: "Thu nợ thuế", nameEn: "Tax arrears", balanced: true, landUseFee: false,
      lottery: false, province: 20_000 * million, council: 20_000 * million, collected: 18_000 * million),
    Source(
      code: "anti-loss-inspection", nameVi: "Kiểm tra chống thất thu", nameEn: "Anti-revenue-loss inspections",
      balanced: true, landUseFee: false, lottery: false,
      province: 10_000 * million, council: 10_000 * million, collected: 9_000 * million),
    Source(
      code: "other", nameVi: "Thu khác", nameEn: "Other revenue", balanced: true, landUseFee: false, lottery: false,
      province: 26_000 * million, council: 26_000 * million, collected: 23_500 * million),
  ]

  /// The sources communes collect part of (their council estimates are per commune).
  public static let communeSources = ["construction-tax", "business-tax"]

  /// A commune's council estimates for ``communeSources`` (triệu) and the percentage of them
  /// it has collected by 1 November 2023.
  public struct Commune: Sendable {
    public var slug: String
    public var estimates: [Int64]
    public var collectedPercent: Int64
    public var id: String { ReferenceGeography.oldCommune(slug) }
  }

  /// Cần Giuộc's 15 communes (2023).
  public static let communes: [Commune] = [
    Commune(slug: "can-giuoc", estimates: [6_000, 9_000], collectedPercent: 95),
    Commune(slug: "long-hau", estimates: [5_000, 8_000], collectedPercent: 92),
    Commune(slug: "phuoc-lai", estimates: [3_000, 4_000], collectedPercent: 90),
    Commune(slug: "phuoc-ly", estimates: [3_500, 4_500], collectedPercent: 91),
    Commune(slug: "long-thuong", estimates: [2_800, 3_500], collectedPercent: 89),
    Commune(slug: "phuoc-hau", estimates: [2_500, 3_000], collectedPercent: 88),
    Commune(slug: "phuoc-lam", estimates: [2_200, 3_000], collectedPercent: 87),
    Commune(slug: "thuan-thanh", estimates: [2_000, 2_500], collectedPercent: 90),
    Commune(slug: "my-loc", estimates: [2_500, 3_200], collectedPercent: 86),
    Commune(slug: "long-an", estimates: [2_000, 2_500], collectedPercent: 88),
    Commune(slug: "long-phung", estimates: [1_800, 2_200], collectedPercent: 84),
    Commune(slug: "phuoc-vinh-tay", estimates: [2_200, 2_800], collectedPercent: 89),
    Commune(slug: "tan-tap", estimates: [2_500, 3_000], collectedPercent: 75),
    Commune(slug: "dong-thanh", estimates: [2_000, 2_400], collectedPercent: 80),
    Commune(slug: "phuoc-vinh-dong", estimates: [1_800, 2_200], collectedPercent: 70),
  ]

  /// The communes that lag in the demo, worst first.
  public static let laggingCommunes = ["phuoc-vinh-dong", "tan-tap", "dong-thanh"].map(ReferenceGeography.oldCommune)

  /// The share of a year's revenue collected in each month, in percent (sums to 100; 88 by the
  /// end of October). Collections are dated the 20th.
  public static let monthlyPercent: [Int64] = [10, 7, 8, 9, 9, 9, 9, 9, 9, 9, 5, 7]

  /// Whole-year totals of the earlier years (triệu), by source code; illustrative.
  public static let earlierYearTotals: [Int32: [(String, Int64)]] = [
    2021: [("business-tax", 180_000), ("real-estate-transfer", 80_000), ("land-use-fee", 150_000), ("other", 60_000)],
    2022: [("business-tax", 200_000), ("real-estate-transfer", 90_000), ("land-use-fee", 170_000), ("other", 70_000)],
  ]

  /// The recorded year-end estimate ("ước thực hiện") made on 15 November 2023; illustrative.
  public static let yearEndEstimate = FinanceV1.YearEndEstimate().with {
    $0.year = year
    $0.estimatedOn = "2023-11-15"
    $0.amount = CommonV1.Money().with { $0.vnd = 650 * billion }
    $0.note = "Chi cục Thuế khu vực Cần Giuộc – Cần Đước (illustrative)"
  }

  /// 2023 public-investment projects (illustrative).
  public static var projects: [FinanceV1.Project] {
    let basis = "kế hoạch vốn đầu tư công năm 2023 HĐND huyện giao (illustrative)"
    func project(_ id: String, _ name: String, _ plan: Int64, _ commune: String) -> FinanceV1.Project {
      FinanceV1.Project().with {
        $0.id = id
        $0.name = name
        $0.year = year
        $0.basis = basis
        $0.capitalPlan = CommonV1.Money().with { $0.vnd = plan * million }
        $0.communeID = commune.isEmpty ? "" : ReferenceGeography.oldCommune(commune)
      }
    }
    return [
      project("road-long-hau-hiep-phuoc", "Chỉnh trang đường Long Hậu – Hiệp Phước", 45_000, "long-hau"),
      project("school-phuoc-lai", "Trường THCS Phước Lại (mở rộng)", 28_000, "phuoc-lai"),
      project("rural-roads-5m", "Nâng cấp đường giao thông nông thôn rộng từ 5 m", 36_000, ""),
    ]
  }

  /// Disbursed for each project by 22 November 2023 (triệu), in two payments each.
  public static let projectDisbursements: [String: [Int64]] = [
    "road-long-hau-hiep-phuoc": [15_000, 18_500],
    "school-phuoc-lai": [9_000, 10_600],
    "rural-roads-5m": [12_000, 11_400],
  ]

  /// The two national target programmes' 2023 allocations and disbursements (triệu); illustrative.
  public static let programmes: [(FinanceV1.NationalProgramme, Int64, [Int64])] = [
    (.newRuralDevelopment, 30_000, [8_000, 9_500]),
    (.sustainablePovertyReduction, 4_500, [1_200, 700]),
  ]
}
