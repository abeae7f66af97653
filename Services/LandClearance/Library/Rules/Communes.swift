internal import DistrictGeography
internal import DistrictStore

/// The communes a project or party may be in: those of ``ReferenceGeography``, the 15 communes
/// of Cần Giuộc until 30 June 2025 and the five successor communes after.
enum Communes {
  static let ids: Set<String> = Set(ReferenceGeography.oldCommuneIDs + ReferenceGeography.newCommuneIDs)

  /// Whether `id` names a commune of the reference geography.
  static func isKnown(_ id: String) -> Bool { ids.contains(id) }
}
