internal import DistrictSchema

/// How a language writes a figure: its qualifier ("trên", "over"), its unit and its digit
/// grouping, over the rounding rules of ``ApproximateFigure``.
struct FigureWords: Sendable {
  let numbers: NumberStyle
  let over: String
  let nearly: String
  /// A qualifier and a whole number of tỉ đồng (10⁹ VND), grouped: "trên 1.200 tỉ đồng", "over VND 1,200 billion".
  let billions: @Sendable (_ qualifier: String, _ number: String) -> String
  /// The same in triệu đồng (10⁶ VND): "750 triệu đồng", "VND 750 million".
  let millions: @Sendable (_ qualifier: String, _ number: String) -> String
  /// A part of a whole, both in tỉ: "trên 610/636 tỉ đồng", "over VND 610 billion of 636 billion".
  let billionsOf: @Sendable (_ part: (String, String), _ whole: (String, String)) -> String
  /// Two sums in full, one of the other: "76 tỉ đồng/109 tỉ đồng", "VND 76 billion of VND 109 billion".
  let ofSeparator: String
  /// No money at all, without a unit it does not need: "0 đồng", "VND 0".
  let nothing: String

  static let vietnamese = FigureWords(
    numbers: .vietnamese, over: "trên ", nearly: "gần ", billions: { "\($0)\($1) tỉ đồng" },
    millions: { "\($0)\($1) triệu đồng" }, billionsOf: { "\($0.0)\($0.1)/\($1.0)\($1.1) tỉ đồng" }, ofSeparator: "/",
    nothing: "0 đồng")
  static let english = FigureWords(
    numbers: .english, over: "over ", nearly: "nearly ", billions: { "\($0)VND \($1) billion" },
    millions: { "\($0)VND \($1) million" }, billionsOf: { "\($0.0)VND \($0.1) billion of \($1.0)\($1.1) billion" },
    ofSeparator: " of ", nothing: "VND 0")

  /// A sum of money, cut and qualified.
  func money(_ vnd: Int64) -> String {
    if vnd == 0 { return nothing }
    if vnd.magnitude < ApproximateFigure.vndPerBillion.magnitude {
      return millions(qualifier(.millionDong(vnd)), number(.millionDong(vnd)))
    }
    return billions(qualifier(.billionDong(vnd)), number(.billionDong(vnd)))
  }

  /// A part of a whole: in one unit when both are at least one tỉ, else both in full.
  func money(_ part: Int64, of whole: Int64) -> String {
    let billion = ApproximateFigure.vndPerBillion
    guard part >= billion, whole >= billion else { return money(part) + ofSeparator + money(whole) }
    let (partFigure, wholeFigure) = (ApproximateFigure.billionDong(part), ApproximateFigure.billionDong(whole))
    return billionsOf(
      (qualifier(partFigure), number(partFigure)), (qualifier(wholeFigure), number(wholeFigure)))
  }

  /// An area in hectares, rounded and qualified.
  func area(_ squareMeters: Int64) -> String {
    let figure = ApproximateFigure.hectares(squareMeters)
    return "\(qualifier(figure))\(number(figure)) ha"
  }

  /// A count, exact.
  func count(_ value: Int32) -> String {
    numbers.integer(Int64(value))
  }

  /// Basis points as a whole percentage: "96%".
  func percent(_ basisPoints: Int64) -> String {
    "\(BasisPoints.wholePercent(basisPoints))%"
  }

  /// An indicator's live value in its unit.
  func value(_ figure: LiveIndicatorFigure) -> String {
    let whole = figure.valueMilli / 1000
    switch figure.indicator.unit {
    case "vnd": return money(whole)
    case "m2": return area(whole)
    default: return "\(numbers.integer(whole)) \(figure.indicator.unit)"
    }
  }

  private func qualifier(_ figure: ApproximateFigure) -> String {
    switch figure.qualifier {
    case .exact: ""
    case .over: over
    case .nearly: nearly
    }
  }

  private func number(_ figure: ApproximateFigure) -> String {
    numbers.integer(figure.value)
  }
}
