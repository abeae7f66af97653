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

  static let vndPerBillion: Int64 = 1_000_000_000
  static let squareMetersPerHectare: Int64 = 10_000

  /// VND in tỉ đồng (10⁹ VND): whole tỉ, hundreds of tỉ from 1,000 tỉ up, never rounded up.
  static func billionDong(_ vnd: Int64) -> ApproximateFigure {
    let step = vnd >= 1_000 * vndPerBillion ? 100 * vndPerBillion : vndPerBillion
    return cutDown(vnd, step: step, unit: vndPerBillion)
  }

  /// VND in triệu đồng (10⁶ VND), for sums under one tỉ: whole triệu, never rounded up.
  static func millionDong(_ vnd: Int64) -> ApproximateFigure {
    cutDown(vnd, step: 1_000_000, unit: 1_000_000)
  }

  /// Square metres in hectares, to the nearest hectare.
  static func hectares(_ squareMeters: Int64) -> ApproximateFigure {
    // In 128 bits: a figure a backend sends may be any Int64, and the report must not trap on it.
    let step = Int128(squareMetersPerHectare)
    let exact = Int128(squareMeters)
    let nearest = (exact + step / 2) / step
    let qualifier: Qualifier =
      nearest * step == exact ? .exact : nearest * step > exact ? .nearly : .over
    return ApproximateFigure(value: Int64(nearest), qualifier: qualifier)
  }

  /// `value` cut toward minus infinity to a multiple of `step`, in `unit`s; computed in 128
  /// bits, so that no Int64 a backend sends can trap it.
  private static func cutDown(_ value: Int64, step: Int64, unit: Int64) -> ApproximateFigure {
    let (exact, step) = (Int128(value), Int128(step))
    let kept = exact >= 0 ? exact / step * step : -((-exact + step - 1) / step * step)
    return ApproximateFigure(value: Int64(kept / Int128(unit)), qualifier: kept == exact ? .exact : .over)
  }
}
