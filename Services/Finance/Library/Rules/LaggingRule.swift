internal import DistrictSchema

/// Which communes lag on balanced revenue ("thu cân đối"): the share of its estimate a commune
/// has collected is more than `margin` below the share expected by the date.
public enum LaggingRule {
  /// The default margin: 500 bp (5 percentage points).
  public static let defaultMarginBasisPoints: Int64 = 500

  /// One commune's figures.
  public struct Standing: Sendable, Hashable {
    public var communeID: String
    public var collected: Int64
    public var estimate: Int64
    public var collectedBasisPoints: Int64
    public var expectedBasisPoints: Int64
    /// expected − collected, in basis points.
    public var gapBasisPoints: Int64
    public var lagging: Bool
  }

  /// The standing of each commune with a positive estimate, largest gap first (ties by id).
  public static func evaluate(
    collected: [String: Int64], estimates: [String: Int64], expected: Int64, margin: Int64
  ) -> [Standing] {
    estimates.filter { $0.value > 0 }.map { commune, estimate in
      let amount = collected[commune] ?? 0
      let rate = BasisPoints.rate(amount, of: estimate)
      return Standing(
        communeID: commune, collected: amount, estimate: estimate, collectedBasisPoints: rate,
        expectedBasisPoints: expected, gapBasisPoints: expected - rate, lagging: rate < expected - margin)
    }.sorted { ($0.gapBasisPoints, $1.communeID) > ($1.gapBasisPoints, $0.communeID) }
  }
}
