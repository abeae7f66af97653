internal import DistrictSchema

/// The year-end projection of revenue: once the year is over, what was collected (a result
/// needs no estimate); else the recorded estimate ("ước thực hiện", official practice) when
/// there is one; otherwise seasonal when earlier years give a share; otherwise the run-rate.
public enum YearEndProjector {
  /// Which figure the projection uses.
  public enum Method: Sendable, Hashable {
    case recorded, seasonal, runRate, actual
  }

  /// Every candidate and the chosen one.
  public struct Projection: Sendable, Hashable {
    public var runRate: Int64
    /// `nil` without a seasonal share.
    public var seasonal: Int64?
    public var recorded: Int64?
    public var method: Method
    public var projected: Int64
  }

  /// - Parameters:
  ///   - collected: Collected up to the cut-off.
  ///   - elapsedDays: Days of the year up to the cut-off (at least 1).
  ///   - daysInYear: 365 or 366.
  ///   - seasonalShare: The share of the year's total usually reached by the cut-off, in bp; 0
  ///     when unknown.
  ///   - recorded: The latest recorded year-end estimate, if any.
  ///   - yearOver: Whether the view's date is after the year's last day.
  public static func project(
    collected: Int64, elapsedDays: Int, daysInYear: Int, seasonalShare: Int64, recorded: Int64?, yearOver: Bool = false
  ) -> Projection {
    let runRate = BasisPoints.scale(collected, by: Int64(daysInYear), over: Int64(max(elapsedDays, 1)))
    let seasonal = seasonalShare > 0 ? BasisPoints.scale(collected, by: BasisPoints.whole, over: seasonalShare) : nil
    if yearOver {
      return Projection(runRate: runRate, seasonal: seasonal, recorded: recorded, method: .actual, projected: collected)
    }
    if let recorded {
      return Projection(
        runRate: runRate, seasonal: seasonal, recorded: recorded, method: .recorded, projected: recorded)
    }
    if let seasonal {
      return Projection(runRate: runRate, seasonal: seasonal, recorded: nil, method: .seasonal, projected: seasonal)
    }
    return Projection(runRate: runRate, seasonal: nil, recorded: nil, method: .runRate, projected: runRate)
  }
}
