internal import DistrictRPC
internal import DistrictSchema
internal import DistrictStore
internal import Foundation

/// The checks the handlers share; each failure is `INVALID_ARGUMENT` naming the field.
enum RequestValidation {
  static func nonEmpty(_ value: String, field: String) throws {
    guard !value.allSatisfy(\.isWhitespace) else {
      throw RPCError.invalidArgument(field: field, "must not be empty")
    }
  }

  /// An id: at most 128 characters, no spaces; empty allowed unless `required`.
  static func id(_ value: String, field: String, required: Bool = false) throws {
    if required { try nonEmpty(value, field: field) }
    guard value.utf8.count <= 128, !value.contains(where: { $0.isWhitespace || $0.isNewline }) else {
      throw RPCError.invalidArgument(field: field, "'\(value)' is not an id (at most 128 characters, no spaces)")
    }
  }

  /// `value`, or a new UUID when it is empty.
  static func idOrNew(_ value: String) -> String { value.isEmpty ? UUID().uuidString.lowercased() : value }

  /// A known enum value; `UNSPECIFIED` (0) is refused unless `allowUnspecified`.
  static func known<E: ProtoEnum>(_ value: E, field: String, allowUnspecified: Bool = false) throws {
    guard E.knownCases.contains(value), allowUnspecified || value.rawValue != 0 else {
      let names = E.knownCases.dropFirst().compactMap(\.protoName).joined(separator: ", ")
      throw RPCError.invalidArgument(field: field, "\(value.rawValue) is not one of \(names)")
    }
  }

  /// A present, positive amount.
  static func amount(_ money: CommonV1.Money?, field: String) throws -> Int64 {
    guard let vnd = money?.vnd else { throw RPCError.invalidArgument(field: field, "is required") }
    guard vnd > 0 else { throw RPCError.invalidArgument(field: field, "must be more than 0 VND, got \(vnd)") }
    return vnd
  }

  /// A present area of at least `minimum` m².
  static func area(_ area: CommonV1.Area?, field: String, minimum: Int64 = 1) throws -> Int64 {
    guard let value = area?.squareMeters else { throw RPCError.invalidArgument(field: field, "is required") }
    guard value >= minimum else {
      throw RPCError.invalidArgument(field: field, "must be at least \(minimum) m², got \(value)")
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

  /// The caller's idempotency key, which money writes require.
  static func requireIdempotencyKey(_ context: ServerContext) throws {
    guard let key = context.idempotencyKey, !key.isEmpty else {
      throw RPCError.invalidArgument(
        field: "idempotency-key", "\(context.method) records money: send an idempotency-key so a retry is not counted twice")
    }
  }

  /// Refuses a commune-scoped caller writing for a party of another commune.
  static func scope(_ context: ServerContext, commune: String) throws {
    guard let scope = context.principal.communeScope, commune != scope else { return }
    throw RPCError(
      .permissionDenied, "\(context.principal.subject) may write only for parties of commune '\(scope)', not '\(commune)'")
  }
}
