public import DistrictSchema

extension BasisPoints {
  /// Square metres in hundredths of a hectare (1 ha = 10,000 m²), rounded half away from zero:
  /// 1,129,800 m² → 11298.
  public static func centiHectares(_ squareMeters: Int64) -> Int64 { scale(squareMeters, by: 1, over: 100) }
}
