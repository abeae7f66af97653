/// A figure as a progress report states it: rounded, with a word saying which way
/// ("trên 1.200 tỉ đồng", "gần 113 ha"), the way the press writes the district's figures.
///
/// The rules (docs/GATEWAY.md): money is cut down to whole tỉ đồng (whole triệu under one tỉ), or to hundreds of tỉ from
/// 1,000 tỉ up, and said to be "over" what is shown when anything was cut; areas are rounded to
/// the nearest hectare, "nearly" when rounded up and "over" when rounded down; percentages are
/// basis points rounded half up to whole percent; counts are exact.
struct ApproximateFigure: Sendable, Hashable {
  enum Qualifier: Sendable, Hashable {
    case exact
    /// The true figure is above the one shown ("trên", "over").
    case over
    /// The true figure is just below the one shown ("gần", "nearly").
    case nearly
  }

  /// In the unit shown (tỉ đồng, ha).
  let value: Int64
  let qualifier: Qualifier

  static let vndPerTỉ: Int64 = 1_000_000_000
  static let squareMetersPerHectare: Int64 = 10_000

  /// VND in tỉ đồng (10⁹ VND): whole tỉ, hundreds of tỉ from 1,000 tỉ up, never rounded up.
  static func tỉĐồng(_ vnd: Int64) -> ApproximateFigure {
    let step = vnd >= 1_000 * vndPerTỉ ? 100 * vndPerTỉ : vndPerTỉ
    let kept = vnd >= 0 ? vnd / step * step : -((-vnd + step - 1) / step * step)
    return ApproximateFigure(value: kept / vndPerTỉ, qualifier: kept == vnd ? .exact : .over)
  }

  /// VND in triệu đồng (10⁶ VND), for sums under one tỉ: whole triệu, never rounded up.
  static func triệuĐồng(_ vnd: Int64) -> ApproximateFigure {
    let step: Int64 = 1_000_000
    let kept = vnd >= 0 ? vnd / step * step : -((-vnd + step - 1) / step * step)
    return ApproximateFigure(value: kept / step, qualifier: kept == vnd ? .exact : .over)
  }

  /// Square metres in hectares, to the nearest hectare.
  static func hectares(_ squareMeters: Int64) -> ApproximateFigure {
    let step = squareMetersPerHectare
    let nearest = (squareMeters + step / 2) / step
    let qualifier: Qualifier =
      nearest * step == squareMeters ? .exact : nearest * step > squareMeters ? .nearly : .over
    return ApproximateFigure(value: nearest, qualifier: qualifier)
  }
}
