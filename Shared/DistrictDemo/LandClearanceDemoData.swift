internal import DistrictGeography
public import DistrictSchema

/// The figures of ``LandClearanceDemo``: the article's cumulative clearance results as of
/// 22/11/2023 — "đã chi trả bồi thường cho hơn 878 hộ dân và 2 tổ chức, với diện tích gần 113
/// ha, số tiền hơn 1.200 tỉ đồng" — spread over four projects, with a few blockers.
///
/// Paid by 2023-11-22: **881 households and 2 organisations, 1,129,600 m² (112.96 ha, "gần 113
/// ha"), 1,203,750,000,000 VND ("hơn 1.200 tỉ")**. The projects' names are the article's (KCN
/// Nam Tân Tập, đường Long Hậu – Hiệp Phước); parties, parcels, dates, the split between
/// projects and the blockers are illustrative, generated deterministically.
public enum LandClearanceDemoData {
  /// One tỉ đồng (10⁹ VND).
  public static let billion: Int64 = 1_000_000_000
  /// One triệu đồng (10⁶ VND).
  public static let million: Int64 = 1_000_000
  /// The article's date: the totals are cumulative as of it.
  public static let asOf = "2023-11-22"

  public static let householdsPaid = 881
  public static let organisationsPaid = 2
  public static let areaPaid: Int64 = 1_129_600
  public static let amountPaid: Int64 = 1_203_750 * million

  /// A project and what its paid parties add up to.
  public struct ProjectShare: Sendable {
    public var project: LandClearanceV1.Project
    /// Households paid, their recovered area and amount, in total.
    public var households: Int
    public var householdArea: Int64
    public var householdAmount: Int64
    /// The organisation paid in the project, if any: name, area, amount.
    public var organisation: (name: String, area: Int64, amount: Int64)?
    /// The first day of the project's notices; each party's steps follow it.
    public var start: String
  }

  static func commune(_ slug: String) -> String { ReferenceGeography.oldCommune(slug) }

  static func project(
    _ id: String, _ name: String, _ kind: LandClearanceV1.ProjectKind, key: Bool, communes: [String], area: Int64,
    deadline: String, budget: Int64, plots: Int32, landUsePlanOn: String
  ) -> LandClearanceV1.Project {
    LandClearanceV1.Project().with {
      $0.id = id
      $0.name = name
      $0.kind = kind
      $0.keyProject = key
      $0.communeIDs = communes.map(commune)
      $0.areaToClear = CommonV1.Area().with { $0.squareMeters = area }
      $0.deadline = deadline
      $0.compensationBudget = CommonV1.Money().with { $0.vnd = budget }
      $0.committedPlots = plots
      $0.landUsePlanOn = landUsePlanOn
    }
  }

  /// The projects; the paid households, areas and amounts add up to the article's totals.
  public static let projects: [ProjectShare] = [
    ProjectShare(
      project: project(
        "kcn-nam-tan-tap", "Khu công nghiệp Nam Tân Tập", .industrialPark, key: true, communes: ["tan-tap"],
        area: 1_200_000, deadline: "2024-12-31", budget: 1_100 * billion, plots: 120, landUsePlanOn: "2021-01-20"),
      households: 560, householdArea: 760_000, householdAmount: 790 * billion,
      organisation: ("Công ty TNHH Chế biến Thủy sản Tân Tập", 45_000, 95 * billion), start: "2021-06-01"),
    ProjectShare(
      project: project(
        "duong-long-hau-hiep-phuoc", "Đường Long Hậu – Hiệp Phước (chỉnh trang, mở rộng)", .road, key: true,
        communes: ["long-hau"], area: 260_000, deadline: "2024-06-30", budget: 300 * billion, plots: 20,
        landUsePlanOn: "2021-01-20"),
      households: 240, householdArea: 210_000, householdAmount: 215 * billion,
      organisation: ("Hợp tác xã Nông nghiệp Long Hậu", 12_000, 28 * billion), start: "2021-09-01"),
    ProjectShare(
      project: project(
        "khu-tdc-tan-tap", "Khu tái định cư Tân Tập", .resettlementArea, key: false, communes: ["tan-tap"],
        area: 80_000, deadline: "2023-12-31", budget: 60 * billion, plots: 0, landUsePlanOn: "2021-12-28"),
      households: 60, householdArea: 72_000, householdAmount: 55 * billion, organisation: nil, start: "2022-01-10"),
    ProjectShare(
      project: project(
        "tba-110kv-phuoc-ly", "Trạm biến áp 110 kV và đường dây đấu nối Phước Lý", .other, key: false,
        communes: ["phuoc-ly"], area: 32_000, deadline: "2023-12-31", budget: 22 * billion, plots: 0,
        landUsePlanOn: "2021-01-20"),
      households: 21, householdArea: 30_600, householdAmount: 20_750 * million, organisation: nil, start: "2021-11-01"),
  ]

  /// The resettlement site plots are allocated on.
  public static let resettlementSite = "khu-tdc-tan-tap"

  /// `total` split over `count` parts with deterministic weights 1000…1999, rounded to
  /// `unit`; the last part takes the remainder, so the parts add up exactly.
  static func split(_ total: Int64, count: Int, unit: Int64, salt: Int) -> [Int64] {
    let weights = (0..<count).map { Int64(1_000 + ($0 * 7_919 + salt * 104_729) % 1_000) }
    let sum = weights.reduce(0, +)
    var parts = weights.map { total * $0 / sum / unit * unit }
    parts[count - 1] += total - parts.reduce(0, +)
    return parts
  }

  static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ"]
  static let middles = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc"]
  static let givens = [
    "An", "Bình", "Cường", "Dũng", "Hòa", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Tuấn", "Hạnh", "Lộc", "Sơn",
    "Thảo", "Trí", "Vân", "Yến", "Khoa",
  ]

  /// A household's name, "Hộ ông Nguyễn Văn An", from its number.
  static func householdName(_ number: Int) -> String {
    let middle = middles[(number / 12) % middles.count]
    let title = middle == "Thị" || middle == "Ngọc" ? "bà" : "ông"
    return "Hộ \(title) \(families[number % families.count]) \(middle) \(givens[(number * 7) % givens.count])"
  }
}
