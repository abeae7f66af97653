public import DistrictSchema
public import DistrictStore
public import SQLKit

/// The data set a service puts under approval (DHIS2's data set): its name on the wire, what its
/// scope is, and how to check one.
public struct ApprovalDataSet: Sendable {
  /// `measurements`, `collections`, `payments`.
  public let name: String
  /// What a scope id names, for messages: `resolution`, `commune`, `project`.
  public let scopeName: String
  /// Whether an empty scope id is a unit (finance: the collections of no commune).
  public let allowsEmptyScope: Bool
  /// The commune whose officers may submit the unit of `scopeID`, or `nil` when only an editor
  /// without a commune scope may (a project's payments, a resolution's measurements).
  public let commune: @Sendable (_ scopeID: String) -> String?
  /// Throws `NOT_FOUND` or `INVALID_ARGUMENT` (field `unit.scope_id`) unless the unit's scope
  /// names one of the data set in `db` in the unit's month.
  public let checkScope: @Sendable (_ unit: ApprovalUnit, _ db: any SQLDatabase) async throws -> Void

  public init(
    name: String, scopeName: String, allowsEmptyScope: Bool = false,
    commune: @escaping @Sendable (_ scopeID: String) -> String? = { _ in nil },
    checkScope: @escaping @Sendable (_ unit: ApprovalUnit, _ db: any SQLDatabase) async throws -> Void
  ) {
    self.name = name
    self.scopeName = scopeName
    self.allowsEmptyScope = allowsEmptyScope
    self.commune = commune
    self.checkScope = checkScope
  }

  /// The unit of a fact of this data set dated `date` in `scopeID`.
  public func unit(scopeID: String, date: CalendarDate) -> ApprovalUnit {
    ApprovalUnit(dataSet: name, scopeID: scopeID, date: date)
  }
}
