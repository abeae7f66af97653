internal import DistrictGeography
internal import DistrictRPC
internal import DistrictServiceSupport
internal import DistrictStore

/// Finance's own checks: budget years, communes on a date or in a year, and the wording of the
/// commune scope.
extension RequestValidation {
  /// Budget years the service accepts.
  static let years: ClosedRange<Int32> = 2000...2100

  static func year(_ value: Int32, field: String) throws -> Int {
    guard years.contains(value) else {
      throw RPCError.invalidArgument(
        field: field, "\(value) is not a budget year (\(years.lowerBound)–\(years.upperBound))")
    }
    return Int(value)
  }

  /// A commune of ReferenceGeography valid on `date`; empty (district level) allowed.
  static func commune(_ id: String, on date: String, field: String) throws {
    guard id.isEmpty || Communes.isValid(id, on: date) else {
      throw RPCError.invalidArgument(field: field, "'\(id)' is not a commune of the district on \(date)")
    }
  }

  /// A commune of ReferenceGeography valid in `year`; empty (whole district) allowed.
  static func commune(_ id: String, inYear year: Int, field: String) throws {
    guard id.isEmpty || Communes.isValid(id, inYear: year) else {
      throw RPCError.invalidArgument(field: field, "'\(id)' is not a commune of the district in \(year)")
    }
  }

  /// Refuses a commune-scoped caller recording `what` for another commune (or for the district).
  static func scope(_ context: ServerContext, commune: String, what: String) throws {
    try scope(context, commune: commune) { scope in
      "\(context.principal.subject) may record \(what) only for commune '\(scope)', not for '\(commune.isEmpty ? "the district" : commune)'"
    }
  }
}
