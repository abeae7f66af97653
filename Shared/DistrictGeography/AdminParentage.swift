/// That `childID` lay within `parentID` between two dates (inclusive; `nil` ends are open).
/// A unit has at most one parent on any day; the root units (provinces) have none.
public struct AdminParentage: Sendable, Hashable, Codable {
  public var childID: String
  public var parentID: String
  public var validFrom: String?
  public var validTo: String?

  public init(childID: String, parentID: String, validFrom: String?, validTo: String?) {
    self.childID = childID
    self.parentID = parentID
    self.validFrom = validFrom
    self.validTo = validTo
  }

  /// Whether the two periods share a day.
  public func overlaps(_ other: AdminParentage) -> Bool {
    let startsBeforeOtherEnds = validFrom.flatMap { from in other.validTo.map { from <= $0 } } ?? true
    let otherStartsBeforeThisEnds = other.validFrom.flatMap { from in validTo.map { from <= $0 } } ?? true
    return startsBeforeOtherEnds && otherStartsBeforeThisEnds
  }
}
