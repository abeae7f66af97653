internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

/// Land clearance's own checks: areas, communes, dates after the case's last step, and the
/// wording of the commune scope.
extension RequestValidation {
  /// The largest area one parcel or project may record: 10^9 m² (1,000 km²; the whole district
  /// is about 210 km²), so that no sum of areas comes near what 64 bits hold.
  static let maximumAreaSquareMeters: Int64 = 1_000_000_000

  /// A present area of at least `minimum` m² and at most ``maximumAreaSquareMeters``.
  static func area(_ area: CommonV1.Area?, field: String, minimum: Int64 = 1) throws -> Int64 {
    guard let value = area?.squareMeters else { throw RPCError.invalidArgument(field: field, "is required") }
    guard value >= minimum else {
      throw RPCError.invalidArgument(field: field, "must be at least \(minimum) m², got \(value)")
    }
    guard value <= maximumAreaSquareMeters else {
      throw RPCError.invalidArgument(
        field: field, "\(value) m² is more than \(maximumAreaSquareMeters) m² (1,000 km²), the most one record may hold"
      )
    }
    return value
  }

  /// A commune of the reference geography.
  static func commune(_ id: String, field: String) throws {
    guard Communes.isKnown(id) else {
      throw RPCError.invalidArgument(field: field, "'\(id)' is not a commune of the district")
    }
  }

  /// A date on or after `earliest` (the date of the case's current state).
  static func date(_ text: String, field: String, notBefore earliest: String) throws -> CalendarDate {
    let date = try CalendarDate.parse(text, field: field)
    if let earliest = CalendarDate(earliest), date < earliest {
      throw RPCError.invalidArgument(field: field, "'\(text)' is before \(earliest), the date of the case's last step")
    }
    return date
  }

  /// Refuses a commune-scoped caller writing for a party of another commune.
  static func scope(_ context: ServerContext, commune: String) throws {
    try scope(context, commune: commune) { scope in
      "\(context.principal.subject) may write only for parties of commune '\(scope)', not '\(commune)'"
    }
  }
}
