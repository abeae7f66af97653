public import DistrictSchemaCore

/// What an approval covers: one data set's facts of one month for one unit (DHIS2's data set ×
/// period × organisation unit).
public struct ApprovalUnit: Sendable, Hashable, Encodable, CustomStringConvertible {
  /// The data set: `measurements`, `collections`, `payments`.
  public let dataSet: String
  /// The resolution, the commune (empty: the district's own) or the project.
  public let scopeID: String
  /// The month, `YYYY-MM`.
  public let period: String

  /// The unit of `dataSet` and `scopeID` whose month holds `date` (`YYYY-MM-DD`).
  public init(dataSet: String, scopeID: String, date: CalendarDate) {
    self.dataSet = dataSet
    self.scopeID = scopeID
    self.period = Self.period(of: date)
  }

  /// A unit from its parts; `nil` unless `period` is a month written `YYYY-MM` (years 0001–9999).
  public init?(dataSet: String, scopeID: String, period: String) {
    guard CalendarDate(period + "-01") != nil, period.utf8.count == 7 else { return nil }
    self.dataSet = dataSet
    self.scopeID = scopeID
    self.period = period
  }

  /// The month of `date`, `YYYY-MM`.
  public static func period(of date: CalendarDate) -> String { String(date.description.prefix(7)) }

  /// How the audit log names the unit: `collections/vn.long-an.can-giuoc.long-hau/2023-10`.
  public var description: String { "\(dataSet)/\(scopeID)/\(period)" }

  /// The key that a transition and every write into the unit lock, so that a write never lands
  /// in a period approved while it ran.
  var lockKey: String { "approval:\(description)" }
}
