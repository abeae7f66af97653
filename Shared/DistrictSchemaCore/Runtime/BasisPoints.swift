/// Rates as the services and the gateway's report state them: basis points (1 bp = 0.01 %)
/// computed from integers (VND, m²), never from floating point.
///
/// Rounding rule (the one the article's figures follow): the rate is rounded half away from zero
/// to a whole basis point; a published percentage is then rounded half up from the basis
/// points — one decimal ("95,9 %") or a whole percent ("96 %"). So 610/636 tỉ is 9591 bp,
/// shown "95,9 %" and, to a whole percent, "96 %"; the article's "trên 96 %" needs at least
/// 610.56 tỉ (9600 bp), which "trên 610" allows.
public enum BasisPoints {
  /// One whole: 10,000 bp = 100 %.
  public static let whole: Int64 = 10_000

  /// `part / whole` in basis points, rounded half away from zero; 0 when `whole` is not positive.
  public static func rate(_ part: Int64, of whole: Int64) -> Int64 {
    guard whole > 0 else { return 0 }
    return divideRounded(Int128(part) * Int128(Self.whole), by: Int128(whole))
  }

  /// `value × numerator / denominator`, rounded half away from zero; 0 when `denominator` is not
  /// positive. Computed in 128 bits, so no intermediate product overflows.
  public static func scale(_ value: Int64, by numerator: Int64, over denominator: Int64) -> Int64 {
    guard denominator > 0 else { return 0 }
    return divideRounded(Int128(value) * Int128(numerator), by: Int128(denominator))
  }

  /// `numerator / denominator` in basis points, rounded half away from zero, for ratios whose
  /// terms may be negative (an indicator's value against its target); 0 when `denominator` is 0.
  public static func ratio(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    guard denominator != 0 else { return 0 }
    return divideRounded(Int128(numerator) * Int128(Self.whole), by: Int128(denominator))
  }

  /// The mean of `values`, rounded half away from zero; 0 for none.
  public static func mean(_ values: [Int64]) -> Int64 {
    guard !values.isEmpty else { return 0 }
    return divideRounded(values.reduce(Int128(0)) { $0 + Int128($1) }, by: Int128(values.count))
  }

  /// A rate as a published percentage with `decimals` (0 or 1) decimals and a decimal comma:
  /// 9591 bp → "95,9 %" (1) or "96 %" (0).
  public static func percentText(_ basisPoints: Int64, decimals: Int = 1) -> String {
    if decimals <= 0 {
      return "\(Int64(divideRounded(Int128(basisPoints), by: 100))) %"
    }
    let tenths = divideRounded(Int128(basisPoints), by: 10)
    let sign = tenths < 0 ? "-" : ""
    let magnitude = abs(tenths)
    return "\(sign)\(magnitude / 10),\(magnitude % 10) %"
  }

  /// The whole percentage a rate is published as: 9591 bp → 96.
  public static func wholePercent(_ basisPoints: Int64) -> Int64 {
    divideRounded(Int128(basisPoints), by: 100)
  }

  /// `numerator / denominator` rounded half away from zero (either may be negative).
  private static func divideRounded(_ numerator: Int128, by denominator: Int128) -> Int64 {
    let quotient = numerator / denominator
    let remainder = numerator % denominator
    var result = quotient
    if abs(remainder) * 2 >= abs(denominator) {
      result += (numerator < 0) != (denominator < 0) ? -1 : 1
    }
    return Int64(clamping: result)
  }
}
