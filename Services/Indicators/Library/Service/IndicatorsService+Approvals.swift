internal import DistrictRPC
internal import DistrictSchema
public import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension IndicatorsService {
  /// The data set indicators puts under approval: a resolution's measurements of a month
  /// (scope: the resolution; the month of each measurement's as_of), submitted by an editor
  /// without a commune scope, approved by the district's approver.
  public static let approvals = ApprovalDataSet(
    name: "measurements", scopeName: "resolution",
    checkScope: { unit, db in
      guard try await IndicatorsRepository.resolution(id: unit.scopeID, in: db) != nil else {
        throw RPCError.notFound("resolution", id: unit.scopeID)
      }
    })
}
