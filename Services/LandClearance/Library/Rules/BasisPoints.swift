/// Rates in basis points (1 bp = 0.01 %) from integers, rounded half away from zero, as the
/// other services state them (a copy of the rule, not an import: services share no library).
public enum BasisPoints {
  /// 10,000 bp = 100 %.
  public static let whole: Int64 = 10_000

  /// `part / whole` in basis points; 0 when `whole` is not positive.
  public static func rate(_ part: Int64, of whole: Int64) -> Int64 {
    scale(part, by: Self.whole, over: whole)
  }

  /// `value × numerator / denominator`, rounded half away from zero, computed in 128 bits; 0
  /// when `denominator` is not positive.
  public static func scale(_ value: Int64, by numerator: Int64, over denominator: Int64) -> Int64 {
    guard denominator > 0 else { return 0 }
    let product = Int128(value) * Int128(numerator)
    var quotient = product / Int128(denominator)
    if abs(product % Int128(denominator)) * 2 >= Int128(denominator) { quotient += product < 0 ? -1 : 1 }
    return Int64(clamping: quotient)
  }

  /// Square metres in hundredths of a hectare (1 ha = 10,000 m²): 1,129,800 m² → 11298.
  public static func centiHectares(_ squareMeters: Int64) -> Int64 { scale(squareMeters, by: 1, over: 100) }
}
