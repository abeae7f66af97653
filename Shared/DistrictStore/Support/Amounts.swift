/// The bounds of money and the arithmetic on it.
///
/// A district handles a few hundred tỉ đồng a year (Cần Giuộc's 2023 revenue estimate: 644 tỉ,
/// 6.44 × 10^11 VND). One entry — a collection, a payment, an estimate, a plan — may record at
/// most ``maximumEntryVND``, 10^14 VND (100,000 tỉ, about 150 times that year): room for any real
/// figure, and far from what 64 bits hold (9.2 × 10^18), so that even the gateway's thousandths
/// (× 1000) of a sum of many entries stay exact. Sums are still checked: a sum that would not fit
/// is ``StoreFailure/overflow`` (`OUT_OF_RANGE` on the wire) with a message saying what to do,
/// never a trap or an `INTERNAL`.
public enum Amounts {
  /// The most one entry may record: 10^14 VND.
  public static let maximumEntryVND: Int64 = 100_000_000_000_000

  /// What a caller is told when a sum of recorded amounts does not fit 64 bits.
  public static let overflowMessage =
    "the recorded amounts add up to more than 64 bits hold (9.2 × 10^18 VND): an amount is wrong; find it in the audit log and reverse it"

  /// `values` added up, or ``StoreFailure/overflow`` when the sum does not fit an Int64.
  public static func sum<S: Sequence>(_ values: S) throws(StoreFailure) -> Int64 where S.Element == Int64 {
    var total: Int64 = 0
    for value in values { total = try add(total, value) }
    return total
  }

  /// `a + b`, or ``StoreFailure/overflow`` when it does not fit an Int64.
  public static func add(_ a: Int64, _ b: Int64) throws(StoreFailure) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    guard !overflow else { throw StoreFailure.overflow }
    return sum
  }
}
