public import DistrictRPC
public import DistrictSchema
public import HTTPTypes

/// A canonical status code as the Connect protocol writes it: its lower-case name and the HTTP
/// status a unary error travels with.
///
/// The table is the one in connectrpc.com's `docs/protocol.md` after its PR #130 ("amend
/// Connect HTTP codes"): `canceled` 499, `deadline_exceeded` 504, `unimplemented` 501.
public enum ConnectCode {
  /// `invalid_argument`, `canceled`, …; Connect spells CANCELLED with one L.
  public static func name(_ code: StatusCode) -> String {
    if code == .cancelled { return "canceled" }
    guard code != .ok, let protoName = code.protoName else { return "unknown" }
    return protoName.dropFirst("STATUS_CODE_".count).lowercased()
  }

  /// The HTTP status of a unary response that fails with `code`.
  public static func httpStatus(_ code: StatusCode) -> HTTPResponse.Status {
    switch code {
    case .cancelled: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
    case .invalidArgument, .failedPrecondition, .outOfRange: .badRequest
    case .deadlineExceeded: .gatewayTimeout
    case .notFound: .notFound
    case .alreadyExists, .aborted: .conflict
    case .permissionDenied: .forbidden
    case .resourceExhausted: .tooManyRequests
    case .unimplemented: .notImplemented
    case .unavailable: .serviceUnavailable
    case .unauthenticated: .unauthorized
    default: .internalServerError
    }
  }
}
