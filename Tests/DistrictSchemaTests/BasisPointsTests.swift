import DistrictSchema
import Testing

@Suite("Basis points")
struct BasisPointsTests {
  @Test("Rates are rounded half away from zero, without overflow, and 0 for nothing to divide by")
  func rates() {
    #expect(BasisPoints.rate(1, of: 3) == 3333)
    #expect(BasisPoints.rate(2, of: 3) == 6667)
    #expect(BasisPoints.rate(1, of: 20_000) == 1)  // 0.5 bp → 1
    #expect(BasisPoints.rate(1, of: 20_001) == 0)
    #expect(BasisPoints.rate(-1, of: 20_000) == -1)
    #expect(BasisPoints.rate(5, of: 0) == 0)
    #expect(BasisPoints.rate(Int64.max / 2, of: Int64.max) == 5000)
    #expect(BasisPoints.scale(1_000, by: 365, over: 305) == 1_197)
    #expect(BasisPoints.scale(5, by: 1, over: 0) == 0)
    #expect(BasisPoints.mean([8800, 8801]) == 8801)
    #expect(BasisPoints.mean([]) == 0)
  }

  @Test("Published percentages: one decimal with a decimal comma, or whole")
  func percentText() {
    #expect(BasisPoints.percentText(9591) == "95,9 %")
    #expect(BasisPoints.percentText(9591, decimals: 0) == "96 %")
    #expect(BasisPoints.percentText(-15) == "-0,2 %")
  }

  @Test(
    "Whole percentages are basis points rounded half away from zero",
    arguments: [
      (9602, 96), (9483, 95), (9450, 95), (9449, 94), (0, 0), (10_000, 100), (-150, -2),
    ])
  func wholePercent(basisPoints: Int64, percent: Int64) {
    #expect(BasisPoints.wholePercent(basisPoints) == percent)
  }
}
