internal import DistrictRPC
internal import DistrictSchema
public import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension LandClearanceService {
  /// The data set land clearance puts under approval: a project's payments of a month (scope:
  /// the project), submitted by an editor without a commune scope (a project spans communes),
  /// approved by the district's approver.
  public static let approvals = ApprovalDataSet(
    name: "payments", scopeName: "project",
    checkScope: { unit, db in
      guard try await LandClearanceRepository.project(id: unit.scopeID, in: db) != nil else {
        throw RPCError.notFound("project", id: unit.scopeID)
      }
    })

  /// Refuses a payment (or a reversal) dated `date` into `project`'s payments while that month
  /// is approved.
  func requireWritable(project: String, date: CalendarDate, what: String, in db: any SQLDatabase) async throws {
    try await store.approvals.requireWritable(Self.approvals.unit(scopeID: project, date: date), what: what, in: db)
  }
}
