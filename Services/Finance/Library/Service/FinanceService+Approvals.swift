internal import DistrictRPC
internal import DistrictSchema
public import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension FinanceService {
  /// The data set finance puts under approval: a commune's collections of a month (scope: the
  /// commune; empty for the collections of no commune, such as lottery revenue), submitted by the
  /// commune's editor or a district one, approved by the district's approver.
  public static let approvals = ApprovalDataSet(
    name: "collections", scopeName: "commune", allowsEmptyScope: true,
    commune: { $0.isEmpty ? nil : $0 },
    checkScope: { unit, _ in
      try RequestValidation.commune(unit.scopeID, inYear: Int(unit.period.prefix(4)) ?? 0, field: "unit.scope_id")
    })

  /// Refuses a write dated `date` into the collections of `commune` while that month is approved.
  static func requireWritable(
    commune: String, date: CalendarDate, what: String, in db: any SQLDatabase, store: Store
  ) async throws {
    try await store.approvals.requireWritable(approvals.unit(scopeID: commune, date: date), what: what, in: db)
  }
}
