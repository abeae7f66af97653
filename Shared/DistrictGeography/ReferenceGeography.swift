/// The reference geography of the project: Cần Giuộc and its province before and after
/// Vietnam's 2025 reorganisation (domain.md §2.6), as units, parentage and successions.
///
/// - Until 2025-06-30: Long An province ⊃ Cần Giuộc district ⊃ 15 communes (the township of
///   Cần Giuộc and 14 xã), as in 2023.
/// - From 2025-07-01: no districts; Long An and (old) Tây Ninh merged into Tây Ninh; Cần Giuộc's
///   15 communes merged into five, directly under Tây Ninh.
///
/// The commune merge map is the one domain.md §2.6 gives (reported as proposed, "dự kiến";
/// check it against the final resolution); each old commune went wholly into one new commune,
/// so every share is 10,000 basis points. Official codes are given only for the two old
/// provinces (GSO 80 and 72); the 2025 code list is not in the sources yet. Start dates of the
/// old units are unknown here and left open (`nil`).
public enum ReferenceGeography {
  /// The first day of the new arrangement.
  public static let reformDate = "2025-07-01"
  /// The last day of the old one.
  public static let lastDayBeforeReform = "2025-06-30"

  public static let longAn = "vn.long-an"
  public static let tayNinhBefore2025 = "vn.tay-ninh-pre-2025"
  public static let tayNinh = "vn.tay-ninh"
  public static let canGiuocDistrict = "vn.long-an.can-giuoc"

  /// Cần Giuộc's communes as of 2023: (slug, Vietnamese name, English name, kind).
  static let oldCommunes: [(slug: String, vi: String, en: String, kind: AdminUnitKind)] = [
    ("can-giuoc", "Cần Giuộc", "Can Giuoc Township", .township),
    ("long-hau", "Long Hậu", "Long Hau Commune", .commune),
    ("phuoc-lai", "Phước Lại", "Phuoc Lai Commune", .commune),
    ("phuoc-ly", "Phước Lý", "Phuoc Ly Commune", .commune),
    ("long-thuong", "Long Thượng", "Long Thuong Commune", .commune),
    ("phuoc-hau", "Phước Hậu", "Phuoc Hau Commune", .commune),
    ("phuoc-lam", "Phước Lâm", "Phuoc Lam Commune", .commune),
    ("thuan-thanh", "Thuận Thành", "Thuan Thanh Commune", .commune),
    ("my-loc", "Mỹ Lộc", "My Loc Commune", .commune),
    ("long-an", "Long An", "Long An Commune", .commune),
    ("long-phung", "Long Phụng", "Long Phung Commune", .commune),
    ("phuoc-vinh-tay", "Phước Vĩnh Tây", "Phuoc Vinh Tay Commune", .commune),
    ("tan-tap", "Tân Tập", "Tan Tap Commune", .commune),
    ("dong-thanh", "Đông Thạnh", "Dong Thanh Commune", .commune),
    ("phuoc-vinh-dong", "Phước Vĩnh Đông", "Phuoc Vinh Dong Commune", .commune),
  ]

  /// The five communes from 2025-07-01 and the old communes (slugs) merged into each.
  static let newCommunes: [(slug: String, vi: String, en: String, predecessors: [String])] = [
    ("phuoc-ly", "Phước Lý", "Phuoc Ly Commune", ["phuoc-ly", "long-thuong", "phuoc-hau"]),
    ("my-loc", "Mỹ Lộc", "My Loc Commune", ["phuoc-lam", "thuan-thanh", "my-loc"]),
    ("can-giuoc", "Cần Giuộc", "Can Giuoc Commune", ["can-giuoc", "long-hau", "phuoc-lai"]),
    ("phuoc-vinh-tay", "Phước Vĩnh Tây", "Phuoc Vinh Tay Commune", ["long-an", "long-phung", "phuoc-vinh-tay"]),
    ("tan-tap", "Tân Tập", "Tan Tap Commune", ["tan-tap", "dong-thanh", "phuoc-vinh-dong"]),
  ]

  /// The id of an old commune of Cần Giuộc (2023), e.g. `vn.long-an.can-giuoc.phuoc-ly`.
  public static func oldCommune(_ slug: String) -> String { "\(canGiuocDistrict).\(slug)" }

  /// The id of a commune of Tây Ninh from 2025-07-01, e.g. `vn.tay-ninh.phuoc-ly`.
  public static func newCommune(_ slug: String) -> String { "\(tayNinh).\(slug)" }

  /// The ids of the old communes (15) and of the new ones (5).
  public static var oldCommuneIDs: [String] { oldCommunes.map { oldCommune($0.slug) } }
  public static var newCommuneIDs: [String] { newCommunes.map { newCommune($0.slug) } }

  static let communeResolution = "NQ 1656/NQ-UBTVQH15"

  /// Every unit, parent before child.
  public static var units: [AdminUnit] {
    var units = [
      AdminUnit(
        id: longAn, officialCode: "80", nameVi: "Long An", nameEn: "Long An Province", kind: .province,
        validTo: lastDayBeforeReform),
      AdminUnit(
        id: tayNinhBefore2025, officialCode: "72", nameVi: "Tây Ninh", nameEn: "Tay Ninh Province (before 2025)",
        kind: .province, validTo: lastDayBeforeReform),
      AdminUnit(id: tayNinh, nameVi: "Tây Ninh", nameEn: "Tay Ninh Province", kind: .province, validFrom: reformDate),
      AdminUnit(
        id: canGiuocDistrict, nameVi: "Cần Giuộc", nameEn: "Can Giuoc District", kind: .district,
        validTo: lastDayBeforeReform),
    ]
    units += oldCommunes.map {
      AdminUnit(id: oldCommune($0.slug), nameVi: $0.vi, nameEn: $0.en, kind: $0.kind, validTo: lastDayBeforeReform)
    }
    units += newCommunes.map {
      AdminUnit(
        id: newCommune($0.slug), nameVi: $0.vi, nameEn: $0.en, kind: .commune, validFrom: reformDate,
        legalBasis: communeResolution)
    }
    return units
  }

  /// Every parentage.
  public static var parentage: [AdminParentage] {
    [AdminParentage(childID: canGiuocDistrict, parentID: longAn, validFrom: nil, validTo: lastDayBeforeReform)]
      + oldCommuneIDs.map {
        AdminParentage(childID: $0, parentID: canGiuocDistrict, validFrom: nil, validTo: lastDayBeforeReform)
      }
      + newCommuneIDs.map { AdminParentage(childID: $0, parentID: tayNinh, validFrom: reformDate, validTo: nil) }
  }

  /// Every succession: the two provinces into Tây Ninh, the 15 communes into 5.
  public static var successions: [AdminSuccession] {
    [
      AdminSuccession(predecessorID: longAn, successorID: tayNinh, effectiveOn: reformDate, kind: .merge),
      AdminSuccession(predecessorID: tayNinhBefore2025, successorID: tayNinh, effectiveOn: reformDate, kind: .merge),
    ]
      + newCommunes.flatMap { new in
        new.predecessors.map {
          AdminSuccession(
            predecessorID: oldCommune($0), successorID: newCommune(new.slug), effectiveOn: reformDate, kind: .merge,
            legalBasis: communeResolution)
        }
      }
  }
}
