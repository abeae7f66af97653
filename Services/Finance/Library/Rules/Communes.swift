public import DistrictGeography
internal import DistrictSchema

/// The communes revenue may be attributed to: those of ``ReferenceGeography`` (Cần Giuộc's 15
/// communes until 30 June 2025, the five successor communes from 1 July 2025), each valid on
/// the dates of its validity. The empty id stands for revenue recorded at district level.
public enum Communes {
  /// Every commune-level unit, in ReferenceGeography's order.
  public static let all: [AdminUnit] = {
    let ids = Set(ReferenceGeography.oldCommuneIDs + ReferenceGeography.newCommuneIDs)
    return ReferenceGeography.units.filter { ids.contains($0.id) }
  }()

  /// The unit `id`, if it is a commune.
  public static func unit(_ id: String) -> AdminUnit? { all.first { $0.id == id } }

  /// Whether `id` names a commune valid on `date` (`YYYY-MM-DD`).
  public static func isValid(_ id: String, on date: String) -> Bool {
    unit(id)?.isValid(on: date) ?? false
  }

  /// Whether `id` names a commune valid on some day of `year`.
  public static func isValid(_ id: String, inYear year: Int) -> Bool {
    guard let unit = unit(id) else { return false }
    let first = CalendarDate.startOfYear(year).description
    let last = CalendarDate.endOfYear(year).description
    return (unit.validFrom ?? first) <= last && (unit.validTo ?? last) >= first
  }

  /// The Vietnamese name of `id`; "Cấp huyện" for the empty id.
  public static func name(_ id: String) -> String {
    id.isEmpty ? "Cấp huyện (không phân bổ cho xã)" : unit(id)?.nameVi ?? id
  }

  /// The position of `id` in ReferenceGeography's order (district level last).
  static func order(_ id: String) -> Int {
    all.firstIndex { $0.id == id } ?? all.count
  }
}
