public import DistrictSchemaCore

/// A canonical status code as grpc-go's `codes.Code.String()` spells it — `OK`, `Canceled`,
/// `InvalidArgument`, … — the `grpc_code` label values of the go-grpc-prometheus family.
public enum StatusCodeName {
  public static func grpc(_ code: StatusCode) -> String {
    switch code {
    case .ok: "OK"
    case .cancelled: "Canceled"
    case .unknown: "Unknown"
    case .invalidArgument: "InvalidArgument"
    case .deadlineExceeded: "DeadlineExceeded"
    case .notFound: "NotFound"
    case .alreadyExists: "AlreadyExists"
    case .permissionDenied: "PermissionDenied"
    case .resourceExhausted: "ResourceExhausted"
    case .failedPrecondition: "FailedPrecondition"
    case .aborted: "Aborted"
    case .outOfRange: "OutOfRange"
    case .unimplemented: "Unimplemented"
    case .internal: "Internal"
    case .unavailable: "Unavailable"
    case .dataLoss: "DataLoss"
    case .unauthenticated: "Unauthenticated"
    case .unrecognized: "Unknown"
    }
  }
}
