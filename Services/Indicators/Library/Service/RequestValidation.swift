internal import DistrictRPC
internal import DistrictSchema
internal import DistrictStore

/// The checks the handlers share; each failure is `INVALID_ARGUMENT` naming the field.
enum RequestValidation {
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

  static func nonEmpty(_ value: String, field: String) throws {
    guard !value.allSatisfy(\.isWhitespace) else {
      throw RPCError.invalidArgument(field: field, "must not be empty")
    }
  }

  /// A known enum value; `UNSPECIFIED` (0) is refused unless `allowUnspecified`.
  static func known<E: ProtoEnum>(_ value: E, field: String, allowUnspecified: Bool = false) throws {
    guard E.knownCases.contains(value), allowUnspecified || value.rawValue != 0 else {
      let names = E.knownCases.dropFirst().compactMap(\.protoName).joined(separator: ", ")
      throw RPCError.invalidArgument(field: field, "\(value.rawValue) is not one of \(names)")
    }
  }

  static func id(_ value: String, field: String) throws {
    guard value.utf8.count <= 128, !value.contains(where: { $0.isWhitespace || $0.isNewline }) else {
      throw RPCError.invalidArgument(field: field, "'\(value)' is not an id (at most 128 characters, no spaces)")
    }
  }
}
