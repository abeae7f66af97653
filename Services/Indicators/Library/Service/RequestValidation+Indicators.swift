internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

/// The Indicators service's own checks: units, and dates with its wording.
extension RequestValidation {
  /// Units an indicator may be measured in.
  static let units: Set<String> = [
    "percent", "per-mille", "vnd", "count", "hectare", "m2", "km", "boolean", "households", "persons", "products",
    "communes", "index", "score", "ratio",
  ]

  static func date(_ value: String, field: String) throws -> CalendarDate {
    guard let day = CalendarDate(value) else {
      throw RPCError.invalidArgument(field: field, "'\(value)' is not a date (YYYY-MM-DD)")
    }
    return day
  }
}
