/// How a unit's territory passed to another on a date.
public enum SuccessionKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// The predecessor ended and all of it went into the successor, with others.
  case merge
  /// The predecessor ended and was divided; each successor got a share.
  case split
  /// Part of the predecessor went to the successor; the predecessor goes on.
  case partialTransfer = "partial_transfer"
  /// The same territory under a new unit (new name or code).
  case rename
}

/// One arrow of the succession graph: on `effectiveOn`, `areaShareBP` of the predecessor's area
/// and `populationShareBP` of its population went to the successor, in basis points
/// (10,000 = all of it), as integers, never floating point.
public struct AdminSuccession: Sendable, Hashable, Codable {
  public var predecessorID: String
  public var successorID: String
  /// The first day of the new arrangement, `YYYY-MM-DD`.
  public var effectiveOn: String
  public var kind: SuccessionKind
  public var areaShareBP: Int64
  public var populationShareBP: Int64
  public var legalBasis: String?

  public init(
    predecessorID: String, successorID: String, effectiveOn: String, kind: SuccessionKind,
    areaShareBP: Int64 = 10_000, populationShareBP: Int64 = 10_000, legalBasis: String? = nil
  ) {
    self.predecessorID = predecessorID
    self.successorID = successorID
    self.effectiveOn = effectiveOn
    self.kind = kind
    self.areaShareBP = areaShareBP
    self.populationShareBP = populationShareBP
    self.legalBasis = legalBasis
  }
}
