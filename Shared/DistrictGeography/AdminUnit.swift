/// An administrative unit: a province, district, commune… as it existed between two dates.
///
/// The `id` is internal and stable: it never changes and is never reused, even when the unit's
/// official code or name is (Long An was a commune of Cần Giuộc and is now a ward of Tây Ninh:
/// two units). Facts refer to units by `id`, so a reorganisation adds units, parentage and
/// successions and leaves the facts alone.
///
/// Dates are `YYYY-MM-DD` and inclusive at both ends: `validTo` is the last day the unit
/// existed. `nil` for `validFrom` means since before the records begin; `nil` for `validTo`,
/// still existing.
public struct AdminUnit: Sendable, Hashable, Codable {
  /// The stable internal id, e.g. `vn.long-an.can-giuoc.phuoc-ly`.
  public var id: String
  /// The official (GSO) code, when known.
  public var officialCode: String?
  /// The Vietnamese name, e.g. `Phước Lý`.
  public var nameVi: String
  /// An English name, e.g. `Phuoc Ly Commune`.
  public var nameEn: String?
  public var kind: AdminUnitKind
  public var validFrom: String?
  public var validTo: String?
  /// The decision that created the unit, e.g. `NQ 1656/NQ-UBTVQH15`.
  public var legalBasis: String?

  public init(
    id: String, officialCode: String? = nil, nameVi: String, nameEn: String? = nil, kind: AdminUnitKind,
    validFrom: String? = nil, validTo: String? = nil, legalBasis: String? = nil
  ) {
    self.id = id
    self.officialCode = officialCode
    self.nameVi = nameVi
    self.nameEn = nameEn
    self.kind = kind
    self.validFrom = validFrom
    self.validTo = validTo
    self.legalBasis = legalBasis
  }

  /// Whether the unit existed on `date` (`YYYY-MM-DD`).
  public func isValid(on date: String) -> Bool {
    (validFrom.map { $0 <= date } ?? true) && (validTo.map { $0 >= date } ?? true)
  }
}
