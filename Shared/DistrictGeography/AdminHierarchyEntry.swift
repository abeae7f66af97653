/// A unit valid on a date, with its parent on that date (`nil` for a root).
public struct AdminHierarchyEntry: Sendable, Hashable {
  public var unit: AdminUnit
  public var parentID: String?

  public init(unit: AdminUnit, parentID: String?) {
    self.unit = unit
    self.parentID = parentID
  }
}

/// Where a unit's territory lies on a later date: a unit valid then, with the share of the
/// original unit's area and population it holds, in basis points.
public struct AdminSuccessor: Sendable, Hashable {
  public var unit: AdminUnit
  public var areaShareBP: Int64
  public var populationShareBP: Int64
  /// Whether a split or partial transfer lies on the way, so that a fact re-mapped by these
  /// shares is an estimate.
  public var approximate: Bool

  public init(unit: AdminUnit, areaShareBP: Int64, populationShareBP: Int64, approximate: Bool) {
    self.unit = unit
    self.areaShareBP = areaShareBP
    self.populationShareBP = populationShareBP
    self.approximate = approximate
  }
}
