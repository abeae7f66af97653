internal import DistrictRPC
internal import DistrictSchema
internal import Logging

/// The status a section of the overview carries: OK, or why its backend did not answer.
///
/// A caller gets the code and a message a person can act on; where the backend is and what
/// failed inside the gateway's client (addresses, driver and decoder errors) go to the gateway's
/// log with the call's trace id, which the message names.
enum SectionStatus {
  static let ok = RPCV1.Status().with { $0.code = .ok }

  /// The status for a failed backend call: the backend's own message for the codes a service
  /// words for its callers, a fixed one for the others; the whole error in the log.
  static func failure(_ error: any Error, backend: String, peer: String) -> RPCV1.Status {
    let rpcError: RPCError
    switch error {
    case let error as RPCError: rpcError = error
    case is CancellationError: rpcError = RPCError(.cancelled, "the overview was cancelled")
    default: rpcError = RPCError(.internal, "\(error)")
    }
    let context = ServerContext.current
    let trace = context?.traceParent.traceID ?? "none"
    context?.logger.warning(
      "a backend call of the overview failed",
      metadata: ["backend": "\(backend)", "backend.peer": "\(peer)", "error": "\(rpcError)"])
    let message: String
    switch rpcError.code {
    case .invalidArgument, .notFound, .failedPrecondition, .outOfRange, .permissionDenied, .unauthenticated,
      .alreadyExists:
      // Worded by the service for its callers (what to fix), not by the transport.
      message = "\(backend): \(rpcError.message)"
    case .unavailable:
      message = "\(backend) is unavailable; retry later (trace \(trace))"
    case .deadlineExceeded:
      message = "\(backend) did not answer in time; retry, or allow a longer deadline (trace \(trace))"
    case .cancelled:
      message = "\(backend): the call was cancelled"
    default:
      message = "\(backend) could not answer (trace \(trace)); the error is in the gateway's log"
    }
    var status = rpcError.status
    status.message = message
    status.details = [
      RPCV1.StatusDetail().with {
        $0.key = "backend"
        $0.value = backend
      }
    ]
    return status
  }
}
