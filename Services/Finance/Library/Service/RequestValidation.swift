internal import DistrictRPC
internal import DistrictSchema

/// The checks the handlers share; each failure is `INVALID_ARGUMENT` naming the field.
enum RequestValidation {
  /// Budget years the service accepts.
  static let years: ClosedRange<Int32> = 2000...2100

  static func year(_ value: Int32, field: String) throws -> Int {
    guard years.contains(value) else {
      throw RPCError.invalidArgument(field: field, "\(value) is not a budget year (\(years.lowerBound)–\(years.upperBound))")
    }
    return Int(value)
  }

  static func nonEmpty(_ value: String, field: String) throws {
    guard !value.allSatisfy(\.isWhitespace) else {
      throw RPCError.invalidArgument(field: field, "must not be empty")
    }
  }

  /// An id or code: at most 128 characters, no spaces; empty allowed unless `required`.
  static func id(_ value: String, field: String, required: Bool = false) throws {
    if required { try nonEmpty(value, field: field) }
    guard value.utf8.count <= 128, !value.contains(where: { $0.isWhitespace || $0.isNewline }) else {
      throw RPCError.invalidArgument(field: field, "'\(value)' is not an id (at most 128 characters, no spaces)")
    }
  }

  /// A known enum value; `UNSPECIFIED` (0) is refused unless `allowUnspecified`.
  static func known<E: ProtoEnum>(_ value: E, field: String, allowUnspecified: Bool = false) throws {
    guard E.knownCases.contains(value), allowUnspecified || value.rawValue != 0 else {
      let names = E.knownCases.dropFirst().compactMap(\.protoName).joined(separator: ", ")
      throw RPCError.invalidArgument(field: field, "\(value.rawValue) is not one of \(names)")
    }
  }

  /// A present, positive amount (or non-negative when `allowZero`).
  static func amount(_ money: CommonV1.Money?, field: String, allowZero: Bool = false) throws -> Int64 {
    guard let vnd = money?.vnd else { throw RPCError.invalidArgument(field: field, "is required") }
    guard vnd > 0 || (allowZero && vnd == 0) else {
      throw RPCError.invalidArgument(field: field, "must be \(allowZero ? "0 or more" : "more than 0") VND, got \(vnd)")
    }
    return vnd
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

  /// The caller's idempotency key, which money writes require.
  static func requireIdempotencyKey(_ context: ServerContext) throws {
    guard let key = context.idempotencyKey, !key.isEmpty else {
      throw RPCError.invalidArgument(
        field: "idempotency-key", "\(context.method) records money: send an idempotency-key so a retry is not counted twice")
    }
  }

  /// Refuses a commune-scoped caller writing for another commune (or for the district).
  static func scope(_ context: ServerContext, commune: String, what: String) throws {
    guard let scope = context.principal.communeScope else { return }
    guard commune == scope else {
      throw RPCError(
        .permissionDenied,
        "\(context.principal.subject) may record \(what) only for commune '\(scope)', not for '\(commune.isEmpty ? "the district" : commune)'")
    }
  }
}
