public import DistrictRPC
public import DistrictSchema
public import DistrictStore

/// The one place where the store's failures get their status codes: a handler lets a
/// ``StoreFailure`` through and the server answers with this.
extension StoreFailure: RPCErrorConvertible {
  public var rpcError: RPCError { RPCError(code, message, details: details) }

  /// The canonical code of each failure.
  public var code: StatusCode {
    switch self {
    case .invalidValue: return .invalidArgument
    case .notFound: return .notFound
    case .alreadyExists: return .alreadyExists
    case .conflictingState: return .failedPrecondition
    case .unavailable: return .unavailable
    case .conflict: return .aborted
    case .overflow: return .outOfRange
    case .corrupt: return .internal
    }
  }
}
