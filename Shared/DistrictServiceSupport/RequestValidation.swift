public import DistrictRPC
public import DistrictSchema
internal import DistrictStore
internal import Foundation

/// The checks request handlers share; each failure is `INVALID_ARGUMENT` naming the field, but
/// for the commune scope's `PERMISSION_DENIED`. A service adds its own checks in an extension.
public enum RequestValidation {
  /// Refuses a value that is empty or only white space.
  public static func nonEmpty(_ value: String, field: String) throws(RPCError) {
    guard !value.allSatisfy(\.isWhitespace) else {
      throw RPCError.invalidArgument(field: field, "must not be empty")
    }
  }

  /// An id or code: at most 128 characters, no spaces; empty allowed unless `required`.
  public static func id(_ value: String, field: String, required: Bool = false) throws(RPCError) {
    if required { try nonEmpty(value, field: field) }
    guard value.utf8.count <= 128, !value.contains(where: { $0.isWhitespace || $0.isNewline }) else {
      throw RPCError.invalidArgument(field: field, "'\(value)' is not an id (at most 128 characters, no spaces)")
    }
  }

  /// `value`, or a new id (a lowercase UUID) when it is empty.
  public static func idOrNew(_ value: String) -> String { value.isEmpty ? UUID().uuidString.lowercased() : value }

  /// A known enum value; `UNSPECIFIED` (0) is refused unless `allowUnspecified`.
  public static func known<E: ProtoEnum>(_ value: E, field: String, allowUnspecified: Bool = false) throws(RPCError) {
    guard E.knownCases.contains(value), allowUnspecified || value.rawValue != 0 else {
      let names = E.knownCases.dropFirst().compactMap(\.protoName).joined(separator: ", ")
      throw RPCError.invalidArgument(field: field, "\(value.rawValue) is not one of \(names)")
    }
  }

  /// A present, positive amount (or non-negative when `allowZero`), in VND, at most
  /// ``Amounts/maximumEntryVND``.
  public static func amount(_ money: CommonV1.Money?, field: String, allowZero: Bool = false) throws(RPCError) -> Int64
  {
    guard let vnd = money?.vnd else { throw RPCError.invalidArgument(field: field, "is required") }
    guard vnd > 0 || (allowZero && vnd == 0) else {
      throw RPCError.invalidArgument(field: field, "must be \(allowZero ? "0 or more" : "more than 0") VND, got \(vnd)")
    }
    guard vnd <= Amounts.maximumEntryVND else {
      throw RPCError.invalidArgument(
        field: field,
        "\(vnd) VND is more than \(Amounts.maximumEntryVND) VND (100,000 tỉ), the most one entry may record: check the digits"
      )
    }
    return vnd
  }

  /// Refuses (`INVALID_ARGUMENT` naming `field`) a fact dated after `today`, the date in Vietnam:
  /// the services record what has happened; `what` says so in the service's words.
  public static func notAfter(_ date: CalendarDate, today: CalendarDate, field: String, what: String) throws(RPCError) {
    guard date <= today else {
      throw RPCError.invalidArgument(field: field, "\(date) is after today (\(today) in Vietnam): \(what)")
    }
  }

  /// The caller's idempotency key, which money writes require.
  public static func requireIdempotencyKey(_ context: ServerContext) throws(RPCError) {
    guard let key = context.idempotencyKey, !key.isEmpty else {
      throw RPCError.invalidArgument(
        field: "idempotency-key",
        "\(context.method) records money: send an idempotency-key so a retry is not counted twice")
    }
  }

  /// Refuses (`PERMISSION_DENIED`) a commune-scoped caller acting for a commune other than its
  /// own (or for the district, `commune` empty); `refusal` words the message from the caller's
  /// commune.
  public static func scope(
    _ context: ServerContext, commune: String, refusal: (_ scope: String) -> String
  ) throws(RPCError) {
    guard let scope = context.principal.communeScope, commune != scope else { return }
    throw RPCError(.permissionDenied, refusal(scope))
  }
}
