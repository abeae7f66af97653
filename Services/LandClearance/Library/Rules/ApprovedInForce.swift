internal import DistrictSchema

/// The amount approved for a case on each date, as the views count it, and the rule that its
/// net paid never passes it on any date ("never above the approved amount without an
/// amendment"): nothing before the plan's approval; then the plan's amount; from each
/// amendment's decision date on, that amendment's amount.
struct ApprovedInForce {
  /// The day the plan was approved (its PLAN_APPROVED step), if it was.
  let planApprovedOn: CalendarDate?
  /// The plan's own amount, before any amendment.
  let planAmount: Int64
  /// The amendments in the order they were recorded (a decision date of one is never before
  /// the one recorded before it).
  let amendments: [(decidedOn: CalendarDate, amount: Int64)]

  /// The amount approved on `date`.
  func amount(on date: CalendarDate) -> Int64 {
    guard let planApprovedOn, date >= planApprovedOn else { return 0 }
    return amendments.last { $0.decidedOn <= date }?.amount ?? planAmount
  }

  /// The first date on which the net of `payments` (dated amounts, reversals negative, deposits
  /// included) is above the amount approved then, with both figures; `nil` when there is none.
  func firstExcess(
    _ payments: [(on: CalendarDate, amount: Int64)]
  ) -> (date: CalendarDate, paid: Int64, approved: Int64)? {
    let dates = Set(payments.map(\.on) + amendments.map(\.decidedOn) + (planApprovedOn.map { [$0] } ?? [])).sorted()
    let sorted = payments.sorted { $0.on < $1.on }
    var paid = Int128(0)
    var next = 0
    for date in dates {
      while next < sorted.count, sorted[next].on <= date {
        paid += Int128(sorted[next].amount)
        next += 1
      }
      let approved = amount(on: date)
      if paid > Int128(approved) { return (date, Int64(clamping: paid), approved) }
    }
    return nil
  }
}
